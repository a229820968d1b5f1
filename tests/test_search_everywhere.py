"""One search behaves the same everywhere: the recommendations list and its API and CSV
filter by the site search, best first."""

import csv
import io

import pytest
from django.core.cache import cache

from recommendations import search

pytestmark = pytest.mark.django_db

QUERIES = ["body cams", "body-worn camera", "duty to intervene", "quotas", "polcie trainng"]


@pytest.fixture(autouse=True)
def fresh_index_data():
    cache.delete_many([search.CACHE_KEY, search.VERSION_KEY])


def site_search(q):
    return [r["key"] for r in search.search(q, {"type": "recommendation"}, page_size=500).results]


@pytest.mark.parametrize("q", QUERIES)
def test_the_list_api_finds_what_site_search_finds_in_the_same_order(client, q):
    found = []
    page = client.get("/api/recommendations/", {"q": q}).json()
    found += [row["key"] for row in page["results"]]
    while page["next"]:
        page = client.get(page["next"]).json()
        found += [row["key"] for row in page["results"]]
    assert found
    assert found == site_search(q)


def test_the_list_page_and_csv_agree(client):
    html = client.get("/recommendations/", {"q": "body cams"}).text
    keys = site_search("body cams")
    assert f"{len(keys)} recommendation" in html
    assert html.index(keys[0]) < html.index(keys[1])
    rows = list(
        csv.DictReader(io.StringIO(client.get("/api/recommendations.csv?q=body+cams").text))
    )
    assert [row["key"] for row in rows] == keys


def test_other_filters_still_narrow_a_word_search(client):
    data = client.get("/api/recommendations/", {"q": "body cams", "source": "ne", "pillar": 3})
    keys = [row["key"] for row in data.json()["results"]]
    assert keys
    assert all(key.startswith("NE-") for key in keys)
    assert keys == [k for k in site_search("body cams") if k in keys]


def test_a_key_filters_to_that_recommendation(client):
    data = client.get("/api/recommendations/", {"q": "New Era 3.2"}).json()
    assert [row["key"] for row in data["results"]] == ["NE-3.2"]


def test_no_match_is_an_empty_list(client):
    assert client.get("/api/recommendations/", {"q": "zzzzqqqq"}).json()["count"] == 0
