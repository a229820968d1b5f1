"""Which entries a query matches (matching.py) and the exact two-step ranking
(statement.py): common words rank but do not match alone, and adding ts_rank only
where it can still change the page leaves the page exactly as ranking every match."""

import pytest
from django.contrib.postgres.search import SearchQuery
from django.core.cache import cache

from recommendations import search
from recommendations.models import SearchEntry
from recommendations.search import matching, rank_bounds, statement

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_index_data():
    cache.delete_many([search.CACHE_KEY, search.VERSION_KEY])


def no_bounds(monkeypatch):
    """Bounds nothing reaches: every match gets its ts_rank, as before the floor."""
    for name in ["RANK_BOUND", "IN_TITLE_BOUND", "OFF_TITLE_BOUND"]:
        monkeypatch.setattr(rank_bounds, name, 1000.0)


def matching_entries(*words):
    query = SearchQuery(words[0], config="english")
    for word in words[1:]:
        query &= SearchQuery(word, config="english")
    return SearchEntry.objects.filter(vector=query).count()


def test_the_common_words_of_the_content_are_common():
    data = search.index_data()
    parsed = search.parse("officers chokeholds", data)
    assert [matching.is_common(group, data) for group in parsed.groups] == [True, False]


def test_a_common_word_alone_does_not_make_a_match():
    # "officers" is in about half the entries: it ranks what "chokeholds" finds.
    with_officers = search.search("officers chokeholds")
    assert with_officers.count == search.search("chokeholds").count > 0
    assert with_officers.count < matching_entries("officers")


def test_common_words_together_need_each_other():
    assert search.search("police training").count == matching_entries("police", "training")


def test_a_query_of_one_common_word_matches_by_it():
    assert search.search("officers").count == matching_entries("officers")


def test_a_long_query_of_common_words_needs_half_of_them():
    data = search.index_data()
    parsed = search.parse("police officers community public safety", data)
    assert all(matching.is_common(group, data) for group in parsed.groups)
    found = {r["key"] for r in search.search("police officers community public safety").results}
    assert found
    for key in found:
        entry = SearchEntry.objects.get(key=key)
        hits = sum(
            SearchEntry.objects.filter(
                pk=entry.pk, vector=SearchQuery(w, config="english")
            ).exists()
            for w in ["police", "officers", "community", "public", "safety"]
        )
        assert hits >= 3, key


@pytest.mark.parametrize(
    "text",
    [
        "community policing",
        "use of force",
        "training",
        "police or training",
        "crisis calls",
        '"use of force" reports',
        "de-escalation",
        "officers -training",
    ],
)
def test_ts_rank_added_last_leaves_every_page_as_ranking_every_match(text, monkeypatch):
    fast = [search.search(text, page=p).results for p in (1, 2)]
    no_bounds(monkeypatch)
    slow = [search.search(text, page=p).results for p in (1, 2)]
    assert fast == slow and fast[0]


@pytest.mark.parametrize("text", ["community policing", "police or training", "crisis calls"])
def test_the_floor_holds_whichever_entries_set_it(text, monkeypatch):
    # The entries least likely to rank well set the floor: it is lower, more entries
    # get their ts_rank, and every page is still the one ranking every match gives.
    no_bounds(monkeypatch)
    every_match = [search.search(text, page=p).results for p in (1, 2, 3)]
    monkeypatch.undo()
    monkeypatch.setattr(statement, "SEED_ORDER", "reach, score")
    worst_seed = [search.search(text, page=p).results for p in (1, 2, 3)]
    assert worst_seed == every_match and every_match[2]


def test_too_many_ways_to_pick_half_the_words_fall_back_to_any_word(monkeypatch):
    monkeypatch.setattr(matching, "MAX_COMBINATIONS", 1)
    data = search.index_data()
    parsed = search.parse("police officers community", data)
    found = matching.condition(["a", "b", "c"], parsed.groups, 3, data)
    assert found.tsquery == found.title_tsquery == "(a || b || c)"


def test_a_terms_words_need_half_of_them():
    data = search.index_data()
    parsed = search.parse("tasers", data)  # a form of "conducted electrical weapon"
    assert [g.needs for g in parsed.term_words] == [2, 2, 2]
    found = matching.condition(["t", "c", "e", "w"], parsed.groups + parsed.term_words, 1, data)
    assert "(c && e)" in found.tsquery and "c ||" not in found.tsquery


def test_a_pair_with_a_rare_word_in_it_is_left_out_as_the_word_alone_finds_it(monkeypatch):
    data = search.index_data()
    parsed = search.parse("police officers chokeholds", data)
    monkeypatch.setattr(
        matching, "is_common", lambda group, data: "chokehold" not in str(group.alternatives)
    )
    found = matching.condition(["p", "o", "c"], parsed.groups, 3, data)
    assert found.tsquery == "(c || (p && o))"
