"""A correctly spelt word is never replaced by another; typos still are corrected."""

import pytest
from django.core.cache import cache

from recommendations import search

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_index_data():
    cache.delete_many([search.CACHE_KEY, search.VERSION_KEY])


def keys(text):
    return [r["key"] for r in search.search(text).results]


@pytest.mark.parametrize(
    "query, missing",
    [
        ("qualified immunity", ["qualified", "immunity"]),
        ("defund the police", ["defund"]),
        ("police dogs", ["dogs"]),
        ("gang database", ["gang"]),
        ("sobriety checkpoints", ["sobriety", "checkpoints"]),
        ("active shooter", ["shooter"]),
    ],
)
def test_a_real_word_the_corpus_lacks_is_reported_not_rewritten(query, missing):
    results = search.search(query)
    assert results.corrected is None
    assert results.missing == missing


def test_the_rest_of_the_query_is_searched_without_the_missing_word():
    assert keys("police dogs") == keys("police")
    assert keys("gang database") == keys("database")


@pytest.mark.parametrize(
    "typed, corrected",
    [
        ("acountability", "accountability"),
        ("mental helth", "mental health"),
        ("infromal qoutas", "informal quotas"),
    ],
)
def test_typos_are_still_corrected(typed, corrected):
    results = search.search(typed)
    assert results.corrected == corrected
    assert results.missing == []


@pytest.mark.parametrize(
    "typed, corrected",
    [("oversite board", "oversight board"), ("civilian oversite", "civilian oversight")],
)
def test_a_misspelling_by_sound_means_the_word_that_sounds_alike(typed, corrected):
    # "overtime" is fewer edits from "oversite", but does not sound like it.
    assert search.search(typed).corrected == corrected


def test_a_slip_of_the_finger_still_beats_a_shorter_word_that_sounds_alike():
    assert search.search("trainign").corrected == "training"  # not "train"


def test_the_api_says_which_words_nothing_mentions(client):
    data = client.get("/api/search/", {"q": "qualified immunity police"}).json()
    assert data["missing_words"] == ["qualified", "immunity"]
    assert data["corrected_query"] is None and data["count"] > 0
    assert client.get("/api/search/", {"q": "police"}).json()["missing_words"] == []


def test_a_typo_postgres_stems_like_the_word_finds_it():
    assert "IG-law-enforcement-2" in keys("transparancy")[:3]


def test_a_word_is_known_when_the_corpus_has_another_form_of_it():
    results = search.search("chief")
    assert results.corrected is None
    assert results.missing == []
    assert keys("chief") == keys("chiefs")


def test_the_page_says_which_words_nothing_mentions(client):
    html = client.get("/search/?q=qualified+immunity+police").text
    assert (
        "No item mentions “qualified” or “immunity”; showing results for the rest of your search."
        in html
    )
    assert "qualified community" not in html
    html = client.get("/search/?q=sobriety+checkpoints").text
    assert "No item mentions “sobriety” or “checkpoints”." in html
    assert "0 results" in html
