"""An item's key, in any form people write it, leads straight to the item."""

import pytest
from django.core.cache import cache

from recommendations import search
from recommendations.search.keys import key_named_by

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_index_data():
    cache.delete_many([search.CACHE_KEY, search.VERSION_KEY])


@pytest.mark.parametrize(
    "query, key",
    [
        ("NE-3.2", "NE-3.2"),
        ("ne 3.2", "NE-3.2"),
        ("New Era 3.2", "NE-3.2"),
        ("ne-3-2", "NE-3.2"),
        ("TF-2.2", "TF-2.2"),
        ("Task Force 2.2", "TF-2.2"),
        ("TF 1.4.2", "TF-1.4.2"),
        ("TF-1.4.2", "TF-1.4.2"),
        ("IG-community-1", "IG-community-1"),
        ("ig law enforcement 3", "IG-law-enforcement-3"),
        ("program:cri-tac", "program:cri-tac"),
        ("TF-P2", "TF-P2"),
    ],
)
def test_a_key_in_any_common_form_is_read_as_the_key(query, key):
    assert key_named_by(query) == key
    assert [r["key"] for r in search.search(query).results] == [key]


@pytest.mark.parametrize("query", ["police", "3.2", "ne", "new era of policing", "tf 2"])
def test_words_are_not_keys(query):
    assert key_named_by(query) is None


def test_a_key_of_no_item_is_searched_as_words():
    assert search.search("NE-12.99").named_item is None


@pytest.mark.parametrize(
    "query, address",
    [
        ("NE-3.2", "/recommendations/ne-3-2/"),
        ("Task Force 2.2", "/recommendations/tf-2-2/"),
        ("TF 1.4.2", "/recommendations/tf-1-4/#tf-1-4-2"),
        ("IG-community-1", "/implementation-guide/community-1/"),
        ("program:cri-tac", "/programs/cri-tac/"),
    ],
)
def test_the_search_page_goes_to_the_item(client, query, address):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 302
    assert response["Location"] == address


def test_the_api_returns_the_item_first(client):
    data = client.get("/api/search/", {"q": "ne 3.2"}).json()
    assert data["results"][0]["key"] == "NE-3.2"
    assert data["results"][0]["url"] == "http://testserver/recommendations/ne-3-2/"


@pytest.mark.parametrize("path", ["/recommendations/NE-3.2/", "/recommendations/ne-3.2/"])
def test_an_items_address_accepts_the_key_in_any_case(client, path):
    response = client.get(path)
    assert response.status_code == 301
    assert response["Location"] == "/recommendations/ne-3-2/"
    assert client.get(response["Location"]).status_code == 200


def test_an_action_items_key_in_the_address_leads_to_it(client):
    response = client.get("/recommendations/TF-1.4.2/")
    assert response.status_code == 301
    assert response["Location"] == "/recommendations/tf-1-4/#tf-1-4-2"


@pytest.mark.parametrize("path", ["/recommendations/NE-99.1/", "/recommendations/x.y/"])
def test_an_address_of_no_item_is_404(client, path):
    assert client.get(path).status_code == 404
