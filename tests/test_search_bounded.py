"""Bounded work in an index larger than EXACT_INDEX_SIZE (ADR 5): counts and facets
estimated from a uniform sample, results ranked among candidates; shrunk here so
that the real content stands for a large index."""

import pytest
from django.core.cache import cache

from recommendations import search

pytestmark = pytest.mark.django_db


def keys_on_page(text, page):
    return [r["key"] for r in search.search(text, page=page).results]


@pytest.fixture(autouse=True)
def fresh_index_data():
    cache.delete_many([search.CACHE_KEY, search.VERSION_KEY])


class TestBroadSearches:
    """Searches that match more items than SAMPLE_SIZE read a sample, shrunk here."""

    @pytest.fixture(autouse=True)
    def small_sample(self, monkeypatch):
        monkeypatch.setattr(search.ranking, "SAMPLE_SIZE", 20)
        monkeypatch.setattr(search.ranking, "EXACT_INDEX_SIZE", 0)

    def exact(self, text, filters=None):
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(search.ranking, "SAMPLE_SIZE", 10_000)
            return search.search(text, filters)

    def test_counts_are_estimated_from_the_sample(self):
        exact = self.exact("community")
        broad = search.search("community")
        assert exact.count > 100 and exact.count_exact and exact.facet_counts_exact
        assert not broad.count_exact and not broad.facet_counts_exact
        assert 0.5 * exact.count <= broad.count <= 1.5 * exact.count
        assert broad.pages == 1  # 20 candidates ranked: one page
        exact_types = {f["value"]: f["count"] for f in exact.facets["type"]}
        for facet in broad.facets["type"]:
            assert facet["value"] in exact_types

    def test_results_are_real_matches_best_first(self):
        exact = self.exact("community policing")
        every_match = set()
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(search.ranking, "SAMPLE_SIZE", 10_000)
            for page in range(1, exact.pages + 1):
                every_match |= set(keys_on_page("community policing", page))
        broad = search.search("community policing")
        assert not broad.count_exact
        assert broad.results and {r["key"] for r in broad.results} <= every_match
        # Title candidates are taken by static score, so the item whose short title
        # names the term still leads.
        assert broad.results[0]["key"] == exact.results[0]["key"]

    def test_a_filter_reads_its_own_sample_and_counts_itself(self):
        exact = self.exact("community", {"type": "recommendation"})
        broad = search.search("community", {"type": "recommendation"})
        assert all(r["type"] == "recommendation" for r in broad.results)
        assert 0.5 * exact.count <= broad.count <= 1.5 * exact.count
        [chosen] = [f for f in broad.facets["type"] if f["value"] == "recommendation"]
        assert chosen["count"] == broad.count

    def test_narrow_searches_stay_exact(self):
        narrow = search.search("chokeholds")
        assert narrow.count_exact and narrow.count == self.exact("chokeholds").count

    def test_still_one_query(self, django_assert_num_queries):
        search.index_data()
        with django_assert_num_queries(1):
            search.search("community", {"pillar": "4"})

    def test_the_page_says_the_counts_are_estimates(self, client):
        response = client.get("/search/", {"q": "community"})
        assert response.status_code == 200
        assert "About " in response.text and "estimates" in response.text
        data = client.get("/api/search/", {"q": "community"}).json()
        assert data["count_exact"] is False and data["facet_counts_exact"] is False


def test_every_search_of_the_real_content_is_exact():
    broadest = search.search("police or training")
    assert broadest.count > search.ranking.SAMPLE_SIZE
    assert broadest.count_exact and broadest.facet_counts_exact


def test_estimates_are_rounded_to_two_figures():
    assert [search.about(n) for n in (0, 7.4, 99.6, 100, 7524, 56721.3, 123456)] == [
        0,
        7,
        100,
        100,
        7500,
        57000,
        120000,
    ]
