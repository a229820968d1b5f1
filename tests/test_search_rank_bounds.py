"""The ts_rank bounds (rank_bounds.py) hold for every entry of the real content: what
lets a search read ts_rank only where it can still change the page."""

import json
from pathlib import Path

import pytest
from django.db import connection
from django.utils import translation

from recommendations import search
from recommendations.models import SearchEntry
from recommendations.search import rank_bounds, ranking
from recommendations.search.languages import current

pytestmark = pytest.mark.django_db

EVAL = Path(__file__).resolve().parent.parent / "recommendations" / "eval"
# Queries whose ranked tsquery takes each shape: one word, words joined by "or",
# phrases, quoted phrases beside words, a negation.
SHAPES = [
    "police",
    "community policing",
    '"use of force"',
    '"use of force" reports',
    "body cameras or dashcams",
    "officers -training",
    "mental health crisis calls",
]


def typed(language):
    queries = json.loads((EVAL / f"search-{language}.json").read_text())["queries"]
    return [query["q"] for query in queries]


def highest_excess(text):
    """max(ts_rank - bound) over every entry, for the query search makes of `text`."""
    data = search.index_data()
    parsed = search.parse(text, data)
    if not parsed.groups:
        return None
    query = ranking._statement_query(parsed, {}, data)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT max(ts_rank(vector, {query.ranked}) - {rank_bounds.bound(query)})
            FROM (
                SELECT *, {rank_bounds.in_title(query)} AS ranked_in_title
                FROM {current().table} OFFSET 0
            ) e""",
            query.params,
        )
        return cursor.fetchone()[0]


@pytest.mark.parametrize("language", ["eval", "es"])
def test_no_entry_ranks_above_its_bound(language):
    texts = SHAPES + typed(language)
    with translation.override("es" if language == "es" else "en"):
        excess = {text: highest_excess(text) for text in texts}
    checked = {text: value for text, value in excess.items() if value is not None}
    assert len(checked) > 100
    assert max(checked.values()) < 0, max(checked, key=checked.get)


def test_the_bounds_are_close_to_what_ts_rank_reaches():
    # Tight enough to matter: the best entries come within a third of their bound.
    assert -0.35 < highest_excess("police") < 0
    assert -0.35 < highest_excess("community policing") < 0


def test_a_word_in_the_title_ranks_above_any_word_off_it():
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT max(ts_rank(vector, q)) FILTER (WHERE title_vector @@ q), "
            f"max(ts_rank(vector, q)) FILTER (WHERE NOT title_vector @@ q) "
            f"FROM {SearchEntry._meta.db_table}, to_tsquery('english', 'police') q"
        )
        in_title, off_title = cursor.fetchone()
    assert off_title < rank_bounds.OFF_TITLE_BOUND < in_title < rank_bounds.IN_TITLE_BOUND
