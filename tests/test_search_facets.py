"""Facet counts: each facet's values among a search's matches, with every filter but
its own, counted per combination of facet values (statement._facets)."""

from collections import Counter

import pytest

from recommendations import search
from recommendations.models import SearchEntry

pytestmark = pytest.mark.django_db


class TestFacets:
    def test_counts_for_the_current_query(self):
        results = search.search("use of force")
        by_type = {f["value"]: f["count"] for f in results.facets["type"]}
        assert sum(by_type.values()) == results.count
        assert by_type["program"] >= 1

    def test_filter_narrows_results_but_not_its_own_facet(self):
        everything = search.search("use of force")
        programs = search.search("use of force", {"type": "program"})
        assert {r["type"] for r in programs.results} == {"program"}
        assert (
            programs.count == {f["value"]: f["count"] for f in everything.facets["type"]}["program"]
        )
        assert programs.facets["type"] == everything.facets["type"]

    def test_pillar_topic_chapter_and_source_filters(self):
        results = search.search("training", {"pillar": "5", "source": "ne", "chapter": "11"})
        assert results.count > 0
        for row in results.results:
            assert 5 in row["pillars"] and row["source"] == "ne"
        topic = search.search("training", {"topic": "use-of-force"})
        assert all("use-of-force" in row["topics"] for row in topic.results)

    @pytest.mark.parametrize(
        "filters", [{}, {"source": "ne"}, {"pillar": "2", "type": "recommendation"}]
    )
    def test_counted_per_combination_of_values_as_if_one_by_one(self, filters):
        search.rebuild_index()
        keys = SearchEntry.objects.values_list("facet_key", flat=True)
        assert len(set(keys)) < len(keys)  # some entries share their combination
        every = {}  # each facet counted over the results with every filter but its own
        for facet in search.ranking.FACETS:
            others = {name: value for name, value in filters.items() if name != facet}
            rows = search.search("community", others, page_size=1000).results
            values = Counter()
            for row in rows:
                if facet in ("pillar", "topic"):
                    values.update(str(v) for v in row[f"{facet}s"])
                elif row.get(facet) not in (None, ""):
                    values[str(row[facet])] += 1
            every[facet] = values
        found = search.search("community", filters)
        for facet in ("type", "source", "pillar", "topic"):
            assert {f["value"]: f["count"] for f in found.facets[facet]} == every[facet], facet
