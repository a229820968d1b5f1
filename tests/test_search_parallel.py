"""An exact search of a large index lets PostgreSQL read its matches in parallel
processes (statement.run): the results, counts and facets are the same as reading
them in one. The real content is small, so the planner is told here that parallel
workers cost nothing, as they would be worth starting for 20,000 entries."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from recommendations import search
from recommendations.models import SearchEntry
from recommendations.search import statement

pytestmark = pytest.mark.django_db

ANY_SIZE = (
    "SELECT set_config('parallel_setup_cost', '0', true), "
    "set_config('parallel_tuple_cost', '0', true), "
    "set_config('min_parallel_table_scan_size', '0', true), "
    "set_config('min_parallel_index_scan_size', '0', true)"
)


@pytest.fixture(autouse=True)
def fresh_index_data():
    cache.delete_many([search.CACHE_KEY, search.VERSION_KEY])


def found(text, filters=None):
    result = search.search(text, filters, page=2)
    return result.results, result.count, result.facets


@pytest.mark.parametrize(
    "text, filters",
    [
        ("community policing", None),
        ("training -firearms", None),
        ('"use of force" reports', None),
        ("community", {"type": "recommendation"}),
    ],
)
def test_reading_in_parallel_finds_the_same(text, filters, monkeypatch):
    with connection.cursor() as cursor:
        # Statistics true to the table (earlier tests may have left others), inside the
        # test's transaction, so they are rolled back with it.
        cursor.execute(f"ANALYZE {SearchEntry._meta.db_table}")
    alone = found(text, filters)
    monkeypatch.setattr(search.ranking, "PARALLEL_FROM", 0)
    monkeypatch.setattr(statement, "_PARALLEL", ANY_SIZE)
    with CaptureQueriesContext(connection) as queries:
        shared = found(text, filters)
    assert shared == alone and alone[1] > 20
    [settings, searched] = [
        q["sql"]
        for q in queries.captured_queries
        if "set_config" in q["sql"] or "ts_rank" in q["sql"]
    ]
    assert "parallel_setup_cost" in settings
    with connection.cursor() as cursor, connection.cursor() as explain:
        cursor.execute(ANY_SIZE)
        explain.execute("EXPLAIN " + searched)
        plan = "\n".join(row[0] for row in explain.fetchall())
    assert "Gather" in plan and "Parallel" in plan


def test_a_small_index_is_searched_without_a_transaction_of_its_own():
    with CaptureQueriesContext(connection) as queries:
        search.search("community policing")
    assert not any("set_config" in q["sql"] for q in queries.captured_queries)
