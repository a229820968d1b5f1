"""The admin opens only to active staff who sign in through allauth with a second factor."""

import re
import time

import pytest
from django.test import Client

from .factories import make_totp, make_user

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


def sign_in(client, login="staffer"):
    return client.post("/accounts/login/", {"login": login, "password": PASSWORD})


def test_the_admin_sign_in_is_allauths(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2F"


def test_staff_without_two_factor_are_sent_to_set_it_up():
    make_user("staffer", is_staff=True, is_superuser=True)
    client = Client()
    assert sign_in(client)["Location"] == "/me/"
    response = client.get("/admin/", follow=True)
    urls = [url for url, _status in response.redirect_chain]
    assert "/accounts/2fa/totp/activate/" in urls
    assert "Site administration" not in response.text
    assert "The admin needs two-factor sign-in." in response.text
    assert client.get("/admin/agencies/user/").status_code == 302


def test_staff_with_two_factor_reach_the_admin_after_the_code():
    staffer = make_user("staffer", is_staff=True, is_superuser=True)
    code = make_totp(staffer)
    client = Client()
    response = sign_in(client)
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert client.get("/admin/").status_code == 302  # the password alone is not enough
    response = client.post("/accounts/2fa/authenticate/", {"code": code()})
    assert response["Location"] == "/me/"
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "Site administration" in response.text


def test_signing_in_from_the_admin_returns_to_the_admin():
    staffer = make_user("staffer", is_staff=True)
    code = make_totp(staffer)
    client = Client()
    login_url = client.get("/admin/login/?next=/admin/")["Location"]
    page = client.get(login_url).text
    assert 'name="next" value="/admin/"' in page
    client.post(login_url, {"login": "staffer", "password": PASSWORD, "next": "/admin/"})
    response = client.post("/accounts/2fa/authenticate/", {"code": code()})
    assert response["Location"] == "/admin/"


def test_a_wrong_code_does_not_sign_in():
    staffer = make_user("staffer", is_staff=True)
    make_totp(staffer)
    client = Client()
    sign_in(client)
    response = client.post("/accounts/2fa/authenticate/", {"code": "000000"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_people_who_are_not_staff_are_refused(client):
    person = make_user("person")
    make_totp(person)
    client.force_login(person)
    assert client.get("/admin/", follow=True).status_code == 403


def test_two_factor_setup_is_offered_to_everyone():
    client = Client()
    client.force_login(make_user("person"))
    response = client.get("/accounts/2fa/")
    assert response.status_code == 200
    assert 'href="/accounts/2fa/totp/activate/"' in response.text


def test_staff_set_up_two_factor_on_the_site_then_reach_the_admin():
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    make_user("staffer", is_staff=True, is_superuser=True)
    client = Client()
    sign_in(client)
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    page = client.get("/accounts/2fa/totp/activate/").text
    secret = re.search(r'id="authenticator_secret" value="(\w+)"', page)[1]
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    response = client.post("/accounts/2fa/totp/activate/", {"code": code})
    assert response["Location"] == "/accounts/2fa/recovery-codes/"
    assert client.get("/admin/").status_code == 200
