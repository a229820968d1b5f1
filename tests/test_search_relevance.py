"""Ranking: what a query is about outranks words it uses in passing."""

import pytest
from django.core.cache import cache

from recommendations import search

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_index_data():
    cache.delete_many([search.CACHE_KEY, search.VERSION_KEY])


def ranked(text, size=60):
    return [r["key"] for r in search.search(text, page_size=size).results]


def position(keys, key):
    return keys.index(key) if key in keys else len(keys)


def test_a_glossary_term_finds_guidance_that_says_it_in_other_words():
    # NE-4.7 says "Require officers to intervene", never "duty to intervene".
    keys = ranked("duty to intervene")
    assert "NE-4.7" in keys[:5]
    # Rendering aid (NE-4.8) is its own duty, with its own glossary term.
    assert position(keys, "NE-4.7") < position(keys, "NE-4.8")
    assert ranked("render aid")[0] == "NE-4.8"


def test_a_terms_words_alone_do_not_make_a_match():
    # "Conducted electrical weapon": "conducting an investigation" is not about tasers.
    keys = ranked("tasers")
    assert keys[:2] == ["TF-4.6.5", "glossary:conducted-electrical-weapon"]  # "stun guns"
    assert "NE-7.5" not in keys and "TF-2.4" not in keys


def test_a_common_word_does_not_outrank_the_term_the_query_is_about():
    keys = ranked("mental health crisis calls")
    for about_the_term in ["NE-5.3", "NE-5.6"]:
        for calls_only in ["IG-law-enforcement-3", "IG-community-4"]:  # "Call on ..."
            assert position(keys, about_the_term) < position(keys, calls_only)


def test_a_term_weighs_as_many_words_as_it_has():
    data = search.index_data()
    parsed = search.parse("mental health crisis calls", data)
    term, calls = parsed.groups
    assert search.group_weight(term, data) > 2 * search.group_weight(calls, data)


def test_every_alias_still_finds_the_same():
    assert set(ranked("BWC")) == set(ranked("body cams")) == set(ranked("bodycam"))


def test_the_form_typed_ranks_what_says_it_first():
    # "seat belts" and "body armor" are both forms of "officer safety".
    assert "TF-6.6" in ranked("seat belts and body armor")[:5]
    assert "TF-6.3" in ranked("shift length and fatigue")[:5]


@pytest.mark.parametrize(
    "query, first",
    [
        ("ban quotas", ["NE-3.2", "TF-2.9"]),
        ("body cams", ["NE-8.5", "NE-8.6"]),
        # The certification whose standards ban chokeholds, then the definition.
        ("chokeholds", ["NE-4.3", "program:safe-policing-certification", "glossary:chokehold"]),
        ("civilian oversight", ["IG-local-government-4", "TF-2.8", "NE-7.12"]),
        ("harm reduction", ["NE-5.9", "glossary:harm-reduction"]),
        ("field training officers", ["NE-11.5", "NE-9.6", "NE-11.6", "TF-5.13"]),
        ("search warrants", ["NE-3.5", "TF-2.10"]),
        ("hate crimes", ["NE-2.6", "glossary:hate-crime"]),
        ("eyewitness lineups", ["TF-2.4", "glossary:eyewitness-identification"]),
        ("college education for officers", ["TF-5.11"]),
        ("peer support", ["NE-12.3", "TF-4.3.2"]),
        ("records management system", ["NE-8.3", "glossary:records-management-system"]),
    ],
)
def test_exact_ranking(query, first):
    """The first results, in order, for queries whose best answers are plain to a reader."""
    assert ranked(query, 20)[: len(first)] == first
