"""Accounts on allauth: sign-up with email verification, sign-in by username or email,
password change and reset, profile, deletion, and the migration that kept old accounts."""

import importlib
import re

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.core import mail
from django.test import Client

from agencies.models import Bookmark, Collection, Membership, User

from .factories import client_for, make_agency, make_user

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
NEW_PASSWORD = "another long passphrase 42"


def link_in_last_email(pattern=r"http://testserver(/accounts/\S+)"):
    return re.search(pattern, mail.outbox[-1].body)[1]


def sign_in(client, login, password=PASSWORD):
    return client.post("/accounts/login/", {"login": login, "password": password})


def test_argon2_is_the_production_hasher():
    from portal.settings import base

    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_sign_up_needs_a_verified_address_before_signing_in(client):
    response = client.post(
        "/accounts/signup/",
        {
            "username": "carol",
            "email": "Carol@Example.org",
            "first_name": "Carol",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response["Location"] == "/accounts/confirm-email/"
    carol = User.objects.get(username="carol")
    assert (carol.email, carol.first_name) == ("carol@example.org", "Carol")
    assert client.get("/me/").status_code == 302
    assert mail.outbox[-1].to == ["carol@example.org"]

    confirm = link_in_last_email()
    assert client.get(confirm).status_code == 200
    # Confirming in the browser that signed up signs in, as the browser journey expects.
    assert client.post(confirm)["Location"] == "/me/"
    assert EmailAddress.objects.get(user=carol).verified
    fresh = Client()
    assert sign_in(fresh, "carol")["Location"] == "/me/"
    assert fresh.get("/me/").status_code == 200


def test_sign_in_by_username_or_email_any_case():
    make_user("alice")
    assert sign_in(Client(), "alice")["Location"] == "/me/"
    assert sign_in(Client(), "Alice@Example.org")["Location"] == "/me/"
    response = sign_in(Client(), "alice", "wrong")
    assert response.status_code == 200
    assert "The username and/or password you specified are not correct." in response.text


def test_an_unverified_account_is_sent_a_link_instead_of_signed_in():
    make_user("olduser", verified=False)
    client = Client()
    assert sign_in(client, "olduser")["Location"] == "/accounts/confirm-email/"
    assert mail.outbox[-1].to == ["olduser@example.org"]
    assert client.get("/me/").status_code == 302


def test_sign_up_with_a_taken_address_creates_nothing_and_reveals_nothing(client):
    make_user("alice")
    response = client.post(
        "/accounts/signup/",
        {
            "username": "carol",
            "email": "ALICE@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response["Location"] == "/accounts/confirm-email/"
    assert not User.objects.filter(username="carol").exists()
    assert mail.outbox[-1].to == ["alice@example.org"]


def test_bad_sign_up_changes_nothing(client):
    response = client.post(
        "/accounts/signup/",
        {"username": "carol", "email": "carol@example.org", "password1": "short", "password2": "x"},
    )
    assert response.status_code == 200
    assert 'class="field-error"' in response.text
    assert not User.objects.filter(username="carol").exists()


def test_password_reset_by_email():
    alice = make_user("alice")
    client = Client()
    client.post("/accounts/password/reset/", {"email": "alice@example.org"})
    response = client.get(link_in_last_email(), follow=True)
    form_url = response.redirect_chain[-1][0]
    client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    alice.refresh_from_db()
    assert alice.check_password(NEW_PASSWORD)


def test_password_change():
    alice = make_user("alice")
    response = client_for(alice).post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password(NEW_PASSWORD)


def test_profile_changes_names_but_not_the_address():
    alice = make_user("alice")
    client_for(alice).post(
        "/me/profile/", {"first_name": "Alice", "last_name": "Liddell", "email": "a@x.org"}
    )
    alice.refresh_from_db()
    assert (alice.first_name, alice.email) == ("Alice", "alice@example.org")


def test_account_pages_link_to_email_and_two_factor_settings():
    client = client_for(make_user("alice"))
    profile = client.get("/me/profile/").text
    for url in ["/accounts/email/", "/accounts/password/change/", "/accounts/2fa/"]:
        assert f'href="{url}"' in profile
    assert 'href="/accounts/2fa/"' in client.get("/me/").text


def test_account_deletion_needs_the_password_and_removes_private_data():
    alice = make_user("alice")
    make_agency(coordinator=alice)
    client = client_for(alice)
    bookmark = Bookmark.objects.create(user=alice, key="NE-3.2", note="private")
    Collection.objects.create(owner=alice, name="Mine").bookmarks.add(bookmark)
    assert client.post("/me/delete/", {"password": "wrong"}).status_code == 200
    assert User.objects.filter(pk=alice.pk).exists()
    client.post("/me/delete/", {"password": PASSWORD})
    assert not User.objects.filter(pk=alice.pk).exists()
    assert not Bookmark.objects.filter(note="private").exists()
    assert not Collection.objects.filter(name="Mine").exists()
    assert not Membership.objects.filter(user_id=alice.pk).exists()
    assert not EmailAddress.objects.filter(email="alice@example.org").exists()


def assert_in_site_shell(response):
    assert response.status_code == 200
    text = response.text
    assert '<a class="skip-link" href="#main">' in text
    assert '<main id="main" tabindex="-1" class="account-page">' in text
    assert len(re.findall(r"<h1[ >]", text)) == 1
    assert "<script" not in text and "style=" not in text
    for field_id in re.findall(r'<input[^>]* id="(\w+)"', text):
        if field_id != "id_remember":
            assert f'<label for="{field_id}">' in text, field_id
    for described_by in re.findall(r'aria-describedby="([^"]+)"', text):
        for target in described_by.split():
            assert f'id="{target}"' in text, target


@pytest.mark.parametrize(
    "url", ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"]
)
def test_signed_out_account_pages_use_the_site_shell(client, url):
    assert_in_site_shell(client.get(url))


@pytest.mark.parametrize(
    "url",
    [
        "/accounts/email/",
        "/accounts/password/change/",
        "/accounts/2fa/",
        "/accounts/reauthenticate/",
    ],
)
def test_signed_in_account_pages_use_the_site_shell(url):
    assert_in_site_shell(client_for(make_user("alice")).get(url))


def test_setting_up_two_factor_is_a_plain_form():
    client = Client()
    make_user("alice")
    sign_in(client, "alice")
    # allauth asks for the password again before changing how the account signs in.
    response = client.get("/accounts/2fa/totp/activate/")
    assert response["Location"].startswith("/accounts/reauthenticate/")
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    response = client.get("/accounts/2fa/totp/activate/")
    assert_in_site_shell(response)
    assert '<img src="data:image/svg+xml' in response.text


def test_old_account_addresses_still_lead_somewhere(client):
    assert (
        client.get("/accounts/password/reset/sent/")["Location"] == "/accounts/password/reset/done/"
    )
    assert (
        client.get("/accounts/password/reset/MQ/abc-123/")["Location"]
        == "/accounts/password/reset/"
    )


def test_migration_gives_existing_accounts_an_unverified_primary_address():
    migration = importlib.import_module(
        "agencies.migrations.0003_email_addresses_for_existing_users"
    )
    old = User.objects.create_user("old", "Old.Timer@Example.org", PASSWORD)
    no_email = User.objects.create_user("noemail", "", PASSWORD)
    already = make_user("already")
    migration.create_email_addresses(apps, None)
    migration.create_email_addresses(apps, None)  # running twice changes nothing
    row = EmailAddress.objects.get(user=old)
    assert (row.email, row.primary, row.verified) == ("old.timer@example.org", True, False)
    assert not EmailAddress.objects.filter(user=no_email).exists()
    assert EmailAddress.objects.filter(user=already).count() == 1
    assert sign_in(Client(), "old.timer@example.org")["Location"] == "/accounts/confirm-email/"


def test_an_account_made_with_createsuperuser_confirms_its_address_at_sign_in():
    User.objects.create_superuser("admin", "Admin@Example.org", PASSWORD)
    client = Client()
    assert sign_in(client, "admin")["Location"] == "/accounts/confirm-email/"
    client.post(link_in_last_email())
    assert EmailAddress.objects.get(user__username="admin").verified
    assert sign_in(Client(), "admin@example.org")["Location"] == "/me/"
