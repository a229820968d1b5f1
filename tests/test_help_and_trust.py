"""Issue 18: forms that say what went wrong and where, the way back after a bookmark, and
the pages that say who runs the site, how to reach them and what is kept about you."""

import pytest
from django.conf import settings
from django.test import Client

from .factories import make_user

pytestmark = pytest.mark.django_db


def test_sign_up_errors_are_summarised_and_tied_to_their_fields(client):
    response = client.post(
        "/accounts/signup/",
        {"username": "bad name!", "email": "not-an-address", "password1": "x", "password2": "y"},
    )
    page = response.text
    assert response.status_code == 200
    assert '<div class="error-summary" role="alert" tabindex="-1" autofocus>' in page
    assert "<h2>There is a problem</h2>" in page
    assert '<a href="#id_email">Email: Enter a valid email address.</a>' in page
    assert 'href="#id_username"' in page
    assert '<p class="field-error" id="id_email_error">' in page
    assert 'aria-describedby="id_email_error"' in page
    assert 'aria-invalid="true"' in page


def test_a_form_without_errors_has_no_summary(client):
    assert "There is a problem" not in client.get("/accounts/signup/").text


def test_sign_up_states_the_username_rule_and_links_the_privacy_notice(client):
    page = client.get("/accounts/signup/").text
    assert (
        '<p class="muted help" id="id_username_helptext">'
        "Letters, digits and @ . + - _ only; 150 characters or fewer.</p>"
    ) in page
    assert 'aria-describedby="id_username_helptext"' in page
    assert '<a href="/privacy/">privacy notice</a>' in page


def test_bookmark_buttons_bring_the_person_back_to_the_item():
    client = Client()
    client.force_login(make_user("reader"))
    page = client.get("/recommendations/tf-2-2/").text
    assert 'id="bookmark-tf-22" tabindex="-1"' in page
    assert 'name="next" value="/recommendations/tf-2-2/#bookmark-tf-22"' in page
    response = client.post(
        "/me/bookmarks/toggle/",
        {"key": "TF-2.2", "action": "add", "next": "/recommendations/tf-2-2/#bookmark-tf-22"},
    )
    assert response["Location"] == "/recommendations/tf-2-2/#bookmark-tf-22"


def test_about_privacy_and_accessibility_name_the_contact(client):
    for path in ["/about/", "/privacy/", "/accessibility/"]:
        response = client.get(path)
        assert response.status_code == 200
        assert f'<a href="mailto:{settings.CONTACT_EMAIL}">' in response.text


def test_privacy_notice_says_what_is_kept_and_how_to_delete_it(client):
    page = client.get("/privacy/").text
    for words in ["sessionid", "csrftoken", "no analytics", "/me/delete/", "tracker entries"]:
        assert words in page


def test_footer_links_contact_and_privacy(client):
    page = client.get("/").text
    assert '<a href="/about/#contact">Contact</a>' in page
    assert '<a href="/privacy/">Privacy</a>' in page
