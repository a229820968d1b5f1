"""Issue 18 on paper: the collection handout is a brief with summaries, notes, sources and
canonical addresses, and the print stylesheet knows the site's canonical address."""

import pytest
from django.test import Client, override_settings

from agencies.models import Bookmark, Collection

from .factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def handout_client():
    owner = make_user("owner")
    collection = Collection.objects.create(owner=owner, name="Reading for the board")
    for key, note in [("program:cri-tac", "Ask for help with this"), ("NE-3.2", "")]:
        collection.bookmarks.add(Bookmark.objects.create(user=owner, key=key, note=note))
    client = Client()
    client.force_login(owner)
    return client, collection


@override_settings(SITE_URL="https://commonground.example", ALLOWED_HOSTS=["mirror.example"])
def test_handout_is_a_brief_with_canonical_addresses(handout_client, django_assert_max_num_queries):
    client, collection = handout_client
    with django_assert_max_num_queries(12):
        page = client.get(f"/collections/{collection.pk}/print/", HTTP_HOST="mirror.example").text
    assert "https://commonground.example/programs/cri-tac/" in page
    assert "https://commonground.example/recommendations/ne-3-2/" in page
    assert "mirror.example" not in page
    assert "Short-term help tailored to one agency" in page
    assert '<p class="note"><strong>Note:</strong> Ask for help with this</p>' in page
    assert "Source: <cite>" in page


@override_settings(SITE_URL="https://commonground.example")
def test_print_stylesheet_carries_the_canonical_address(client):
    response = client.get("/print.css")
    assert response["Content-Type"] == "text/css; charset=utf-8"
    assert response.text.startswith(':root { --site-url: "https://commonground.example"; }')
    assert ".bookmark-form" in response.text


@override_settings(SITE_URL='http://x"; } body { display: none')
def test_an_unsafe_site_address_is_left_out_of_the_stylesheet(client):
    assert client.get("/print.css").text.startswith(':root { --site-url: ""; }')


def test_pages_link_the_print_stylesheet(client):
    assert '<link rel="stylesheet" href="/print.css" media="print">' in client.get("/").text
