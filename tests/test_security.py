import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .factories import make_agency, make_user

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    "url", ["/", "/recommendations/ne-3-2/", "/api/items/", "/no/such/page/", "/accounts/login/"]
)
def test_security_headers_on_every_response(client, url):
    response = client.get(url)
    csp = response["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert "script-src 'self'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_production_settings_pass_the_deploy_check():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.prod",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "example.org",
        "DATABASE_URL": "postgresql://commonground@db.example.org:5432/commonground",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.prod", "SECRET_KEY": ""}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "Set the SECRET_KEY environment variable" in result.stderr


def test_security_txt(client):
    response = client.get("/.well-known/security.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.text.startswith("Contact: ")
    assert "Expires: " in response.text


def test_admin_is_only_at_its_path(client):
    assert client.get("/admin/").status_code == 302
    assert client.get("/administrator/").status_code == 404


POSTS = [
    "/accounts/signup/",
    "/accounts/login/",
    "/accounts/logout/",
    "/accounts/password/change/",
    "/accounts/password/reset/",
    "/accounts/email/",
    "/accounts/2fa/totp/activate/",
    "/me/profile/",
    "/me/delete/",
    "/me/bookmarks/toggle/",
    "/me/collections/new/",
    "/agencies/springfield-police-department/members/",
    "/agencies/springfield-police-department/tracker/publish/",
    "/agencies/springfield-police-department/tracker/ne-4-1/",
]


@pytest.fixture
def workspace():
    """A coordinator with an agency, a bookmark, a collection and an invitation: every kind
    of thing a POST can change, so the URLs below all exist."""
    from agencies.models import Bookmark, Collection, Invitation

    user = make_user("coordinator")
    agency = make_agency(coordinator=user)
    bookmark = Bookmark.objects.create(user=user, key="NE-3.2")
    collection = Collection.objects.create(owner=user, name="C", agency=agency)
    _invitation, token = Invitation.issue(agency, "x@example.org", "member", user)
    membership = agency.memberships.get()
    return user, [
        *POSTS,
        f"/me/bookmarks/{bookmark.pk}/",
        f"/collections/{collection.pk}/",
        f"/collections/{collection.pk}/edit/",
        f"/collections/{collection.pk}/delete/",
        f"/agencies/{agency.slug}/members/{membership.pk}/",
        f"/invitations/{token}/",
    ]


def test_every_state_changing_request_needs_a_csrf_token(workspace):
    user, urls = workspace
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    for url in urls:
        assert client.post(url, {"key": "NE-3.2", "name": "x"}).status_code == 403, url


@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    value=st.text(max_size=80)
    | st.sampled_from(["\x00", "x" * 20_000, "-1", "99999999999999999999", "<b>"])
)
def test_hostile_form_values_never_cause_a_server_error(workspace, value):
    user, urls = workspace
    client = Client()
    client.force_login(user)
    fields = [
        "key",
        "note",
        "name",
        "description",
        "agency",
        "email",
        "role",
        "action",
        "status",
        "explanation",
        "evidence_links",
        "reviewed_on",
        "bookmark",
        "publish",
        "password",
        "first_name",
        "last_name",
        "username",
        "password1",
        "password2",
        "collection",
        "login",
        "oldpassword",
        "code",
    ]
    for url in urls:
        if url in ("/accounts/logout/", "/me/delete/"):
            continue
        response = client.post(url, dict.fromkeys(fields, value))
        assert response.status_code < 500, (url, value)


SAMPLE_KWARGS = {
    "slug": "ne-3-2",
    "number": "1",
    "pk": "1",
    "token": "abc",
    "uidb64": "MQ",
    "recommendation": "ne-4-1",
    "path": "x",
}


def _urls(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if "admin" in route:
                continue
            yield from _urls(pattern, route)
        elif isinstance(pattern, URLPattern):
            path = route.lstrip("^").rstrip("$")
            for name, value in SAMPLE_KWARGS.items():
                for converter in ("int", "slug", "str", "path"):
                    path = path.replace(f"<{converter}:{name}>", value)
                path = path.replace(f"<{name}>", value)
            path = path.replace("(?P<path>.*)", "x").replace("\\", "")
            yield "/" + path


ALL_URLS = sorted(set(_urls()))


def test_the_sweep_covers_the_site():
    assert len(ALL_URLS) >= 40
    assert "/search/" in ALL_URLS and "/api/search/" in ALL_URLS


@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
@given(value=st.text(max_size=60) | st.sampled_from(["\x00", "9" * 300, "-1", "[]", "{}"]))
def test_hostile_query_strings_never_break_any_page(value):
    user = make_user(f"sweeper-{abs(hash(value)) % 10**9}")
    signed_in = Client()
    signed_in.force_login(user)
    marker = "<zz" + value
    for client in (Client(), signed_in):
        for url in ALL_URLS:
            response = client.get(url, {"q": marker, "page": value, "type": value, "topic": marker})
            assert response.status_code < 500, (url, value)
            if response.get("Content-Type", "").startswith("text/html"):
                assert "<zz" not in response.content.decode(errors="replace"), (url, value)


def test_the_admin_has_no_password_form_of_its_own(client):
    """The admin's sign-in is allauth's, with its rate limits and second factor: a password
    posted to the admin's old form signs nobody in."""
    make_user("staffer", is_staff=True)
    response = client.post(
        "/admin/login/", {"username": "staffer", "password": "correct horse battery staple"}
    )
    assert response["Location"].startswith("/accounts/login/?next=")
    assert "_auth_user_id" not in client.session
