"""Failed sign-ins are limited per address and per account from that address, in Django's
cache, with the client address taken from X-Forwarded-For only behind trusted proxies."""

import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import Client

from .factories import make_user

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
LOCKED = "Too many failed login attempts. Try again later."


def attempt(login, password, address="10.0.0.1", **headers):
    client = Client(REMOTE_ADDR=address, **headers)
    return client, client.post("/accounts/login/", {"login": login, "password": password})


def fail(times, login="alice", address="10.0.0.1", **headers):
    for _ in range(times):
        _client, response = attempt(login, "wrong", address, **headers)
        assert LOCKED not in response.text


def test_failures_from_one_address_lock_that_address_only(alice):
    fail(5)
    _client, response = attempt("alice", PASSWORD, "10.0.0.1")
    assert response.status_code == 429
    assert LOCKED in response.text
    assert "_auth_user_id" not in _client.session
    # The owner, elsewhere, signs in as usual: an attacker cannot lock them out.
    _client, response = attempt("alice", PASSWORD, "10.0.0.2")
    assert response["Location"] == "/me/"
    # The lock counts the account however it is named.
    _client, response = attempt("ALICE", PASSWORD, "10.0.0.1")
    assert LOCKED in response.text


def test_one_address_cannot_try_many_accounts(alice):
    for n in range(10):
        make_user(f"user{n}")
        fail(1, login=f"user{n}")
    _client, response = attempt("alice", PASSWORD, "10.0.0.1")
    assert LOCKED in response.text
    assert attempt("alice", PASSWORD, "10.0.0.2")[1]["Location"] == "/me/"


def test_a_locked_person_can_still_reset_their_password(alice):
    fail(5)
    client = Client(REMOTE_ADDR="10.0.0.1")
    client.post("/accounts/password/reset/", {"email": "alice@example.org"})
    link = re.search(r"http://testserver(/accounts/\S+)", mail.outbox[-1].body)[1]
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    new = "another long passphrase 42"
    client.post(form_url, {"password1": new, "password2": new})
    _client, response = attempt("alice", new, "10.0.0.1")
    assert response["Location"] == "/me/"


def test_a_spoofed_forwarded_for_header_is_ignored_without_trusted_proxies(alice):
    for n in range(5):
        fail(1, address="10.0.0.1", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    _client, response = attempt("alice", PASSWORD, "10.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.99")
    assert LOCKED in response.text


def test_forwarded_for_names_the_client_behind_a_trusted_proxy(alice, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    balancer = "10.1.1.1"
    fail(5, address=balancer, HTTP_X_FORWARDED_FOR="198.51.100.7")
    _client, response = attempt("alice", PASSWORD, balancer, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert LOCKED in response.text
    # Another client behind the same balancer, even one that sends a forged first entry.
    _client, response = attempt(
        "alice", PASSWORD, balancer, HTTP_X_FORWARDED_FOR="198.51.100.7, 203.0.113.5"
    )
    assert response["Location"] == "/me/"
    # A request that bypassed the balancer (no header): its own address, and no error.
    assert attempt("alice", PASSWORD, "10.0.0.9")[1]["Location"] == "/me/"


def test_the_counts_live_in_the_shared_cache(alice, settings):
    """With a cache every server shares (here the database cache), the counts are in it,
    not in a process: a new client and a fresh cache connection still see the lock."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "sign_in_limits_cache",
        }
    }
    call_command("createcachetable", verbosity=0)
    fail(5)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM sign_in_limits_cache WHERE cache_key LIKE %s",
            ["%allauth:rl:allauth.account:login_failed:%"],
        )
        assert cursor.fetchone()[0] >= 2
    from django.core.cache import caches

    caches["default"].close()
    _client, response = attempt("alice", PASSWORD, "10.0.0.1")
    assert LOCKED in response.text


def test_too_few_forwarded_entries_is_no_server_error(alice, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 2
    _client, response = attempt("alice", PASSWORD, "10.1.1.1", HTTP_X_FORWARDED_FOR="10.0.0.5")
    assert response["Location"] == "/me/"


def test_a_forwarded_entry_that_is_no_address_is_refused_not_an_error(alice, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    _client, response = attempt("alice", PASSWORD, "10.1.1.1", HTTP_X_FORWARDED_FOR="<script>")
    assert response.status_code == 403


def test_too_many_requests_get_the_sites_page(alice, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "1/m/ip"}
    attempt("alice", "wrong")
    _client, response = attempt("alice", PASSWORD)
    assert response.status_code == 429
    assert "<h1>Too many attempts</h1>" in response.text
    assert 'href="/accounts/password/reset/"' in response.text
