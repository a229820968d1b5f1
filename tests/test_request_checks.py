"""No path or parameter can cause a 500, and every page answers only the methods it serves."""

import pytest
from django.conf import settings

from .factories import make_user

pytestmark = pytest.mark.django_db

READ_ONLY_PAGES = [
    "/",
    "/about/",
    "/healthz/",
    "/.well-known/security.txt",
    "/pillars/",
    "/pillars/1/",
    "/chapters/3-community-trust/",
    "/recommendations/",
    "/recommendations/ne-3-2/",
    "/implementation-guide/",
    "/programs/",
    "/topics/",
    "/topics/use-of-force/",
    "/topics/use-of-force/feed/",
    "/sources/",
    "/search/?q=quotas",
    "/glossary/",
    "/whats-new/",
    "/whats-new/feed/",
    "/agencies/",
    "/api/items/",
    "/api/recommendations/",
    "/api/recommendations.csv",
    "/api/pillars/",
    "/api/programs/",
    "/api/topics/",
    "/api/search/?q=quotas",
    "/api/openapi.json",
    "/api/agencies/nobody/tracker/",
]
FORM_PAGES = ["/accounts/login/", "/accounts/signup/", f"/{settings.ADMIN_PATH}login/"]


@pytest.mark.parametrize("path", READ_ONLY_PAGES + FORM_PAGES)
def test_unsupported_methods_are_405_with_allow(client, path):
    for method in ["TRACE", "PUT", "PATCH", "DELETE", "QUERY", "CONNECT"]:
        response = client.generic(method, path)
        assert response.status_code == 405, method
        allowed = {m.strip() for m in response["Allow"].split(",")}
        assert method not in allowed
        assert {"GET", "HEAD"} <= allowed


@pytest.mark.parametrize("path", READ_ONLY_PAGES)
def test_read_only_pages_refuse_post(client, path):
    response = client.post(path)
    assert response.status_code == 405
    assert "POST" not in response["Allow"]
    if path.startswith("/api/"):
        assert set(response.json()) == {"error"}


@pytest.mark.parametrize("path", ["/", "/api/items/", "/pillars/", "/accounts/signup/"])
def test_options_lists_the_methods(client, path):
    response = client.options(path)
    assert response.status_code == 200
    assert "GET" in response["Allow"]


def test_forms_still_take_posts(client):
    make_user("alice", password="correct horse battery staple")
    response = client.post(
        "/accounts/login/",
        {"login": "alice", "password": "correct horse battery staple"},
    )
    assert response.status_code == 302
    assert client.post("/me/bookmarks/toggle/", {"key": "NE-3.2"}).status_code == 302
    assert client.get("/me/").status_code == 200


def test_admin_still_takes_posts(admin_client):
    changelist = f"/{settings.ADMIN_PATH}agencies/user/"
    assert admin_client.get(changelist).status_code == 200
    assert admin_client.post(f"/{settings.ADMIN_PATH}logout/").status_code == 302
    assert admin_client.get(changelist).status_code == 302


@pytest.mark.parametrize(
    "url",
    [
        "/api/items/?source=%00",
        "/api/items/?type=%00",
        "/api/recommendations/?q=a%00b",
        "/api/recommendations.csv?topic=%00",
        "/api/search/?q=%00",
        "/api/search/?source=%00",
        "/api/items/?%00=1",
        "/api/agencies/a%00b/tracker/",
    ],
)
def test_nul_in_an_api_request_is_a_json_400(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert response.json() == {"error": "Addresses and parameters cannot contain NUL characters."}


@pytest.mark.parametrize(
    "url",
    [
        "/search/?q=%00",
        "/search/?source=%00",
        "/recommendations/?topic=%00",
        "/invitations/a%00b/",
        "/recommendations/ne%00/",
    ],
)
def test_nul_in_a_page_request_is_a_400_page(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "We could not understand that request" in response.text


def test_nul_in_a_form_is_a_400(client):
    response = client.post("/accounts/login/", {"username": "a\x00", "password": "x"})
    assert response.status_code == 400
