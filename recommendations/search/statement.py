"""The search statement: one hand-written SQL query (ADR 6) that ranks the matches,
takes a page with highlighted snippets, and counts every facet.

Each part is a common table expression built by one function below. ``run`` puts
them together in one of two shapes:

- **exact** (an index of at most ``EXACT_INDEX_SIZE`` entries): every match is read,
  counted, faceted and ranked;
- **bounded** (larger indexes, ADR 5): the first ``limit`` matches in a fixed random
  order (``shuffle``) are a uniform sample for the facet counts; with filters chosen,
  the matches among the first entries that pass them give the count; the candidates
  ranked are those matches and the ``limit`` title matches of best static score.
"""

from contextlib import nullcontext
from dataclasses import dataclass

from django.db import connection, transaction

from . import rank_bounds
from .index import TYPE_BOOST
from .languages import current
from .sql import _either

# With filters chosen, the count comes from the matches among this many times the
# limit of entries that pass them, read in shuffle order.
POOL_FACTOR = 5
# With exclusions, at most this many times the limit of title matches are checked.
TITLE_POOL_FACTOR = 10
# Where the entries whose full scores set the floor are taken from (see _ranked).
SEED_ORDER = "reach DESC, score DESC"
# Ends a subquery whose columns the outer query computes with: without it PostgreSQL
# would merge the two and compute the score twice per match, once for itself and once
# inside the reach (a fifth of a broad search at 20,000 entries).
_COMPUTED_ONCE = "OFFSET 0"
# For this statement's transaction only: PostgreSQL's default costs start worker
# processes only for scans several times longer than a broad search's, but at 20,000
# entries one worker reading the matches beside the main process takes a quarter off
# the slowest searches. One, not the default two: on two cores a second worker only
# competes with them (measured: p95 34.5 against 38.8 ms). The planner still reads a
# small index alone (min_parallel_table_scan_size).
_PARALLEL = (
    "SELECT set_config('parallel_setup_cost', '10', true), "
    "set_config('parallel_tuple_cost', '0.001', true), "
    "set_config('max_parallel_workers_per_gather', '1', true)"
)
HEADLINE_OPTIONS = (
    "StartSel=<mark>, StopSel=</mark>, MaxWords=30, MinWords=12, MaxFragments=2, "
    'FragmentDelimiter=" … "'
)
# Each facet's value (or values) in an entry, counted over the combinations of facet
# values among the matches (see _facets).
FACET_VALUES = {
    "type": "type::text",
    "source": "NULLIF(source, '')::text",
    "chapter": "chapter::text",
    "pillar": "unnest(pillars)::text",
    "topic": "unnest(topics)::text",
}


@dataclass
class Query:
    """What the statement needs, in SQL built with the search's ``Parameters``."""

    params: dict
    groups: list[tuple[str, float]]  # each group's tsquery and weight
    primary: int  # the first groups are the query's own; the rest a glossary term's words
    ranked: str  # the tsquery ts_rank scores by: the words as written
    marked: str  # the tsquery snippets mark
    matches: str  # the condition a result meets
    title_tsquery: str | None  # a title matching it meets `matches` (bar exclusions)
    exclusions: bool
    chosen: dict[str, str]  # facet name -> its filter's condition


@dataclass
class Run:
    results: list
    facets: list
    # A bounded search's sample: matches read, in shuffle order, at most the limit,
    # and the shuffle number of the last one read (None in an exact search).
    sampled: int | None
    sample_last: int | None
    # The count: how many filtered matches were found; in a bounded search, among
    # how many entries read in shuffle order, and the shuffle number of the last one.
    matches: int
    read: int | None
    last_read: int | None


def run(query: Query, limit: int | None, page: int, page_size: int, parallel=False) -> Run:
    """Run the statement; `limit` bounds the matches read, None reads every one.
    `parallel` lets PostgreSQL share the reading of the matches between processes."""
    passes = " AND ".join(["TRUE", *query.chosen.values()])
    if limit is None:
        parts = _exact(query, passes)
        # Only the count: what the bounded search estimates from is known here.
        counts = "NULL, NULL, (SELECT count(*) FROM counted), NULL, NULL"
    else:
        parts = [*_bounded_counts(query, passes, limit), *_bounded_candidates(query, passes, limit)]
        counts = """(SELECT count(*) FROM sample), (SELECT max(shuffle) FROM sample),
            (SELECT count(*) FROM counted), (SELECT count(*) FROM filter_pool),
            (SELECT max(shuffle) FROM filter_pool)"""
    statement = f"""
        WITH {", ".join(parts)},
        {_ranked(query, page, page_size)},
        facets AS ({_facets(query)})
        SELECT {_page(query)},
            (SELECT coalesce(json_agg(f), '[]') FROM facets f), {counts}
    """
    # set_config(..., true) lasts until the end of the transaction it is made in.
    with transaction.atomic() if parallel else nullcontext(), connection.cursor() as cursor:
        if parallel:
            cursor.execute(_PARALLEL)
        cursor.execute(statement, query.params)
        row = cursor.fetchone()
    results = row[0]
    for result in results:
        del result["score"], result["position"]
    return Run(results, *row[1:])


def _ranked(query, page, page_size):
    """The page's entries with their full scores, ts_rank included.

    Only entries that could still make the page get a ts_rank (see _reach): those
    whose reach is at least a floor below which no entry on the page can score. The
    floor is the lowest full score among as many entries as the pages so far hold,
    taken where the best scores are likeliest (highest reach first): whichever they
    are, at least that many entries score that much, so the ranking stays exact.
    """
    offset = query.params.add((page - 1) * page_size)
    return f"""
        seed AS (
            SELECT s.score + {_rank(query, "s")} AS score FROM (
                SELECT id, score, bound FROM scored
                ORDER BY {SEED_ORDER} LIMIT {int(page * page_size)}
            ) s
        ),
        floor AS (SELECT coalesce(min(score), 0) AS score FROM seed),
        ranked AS (
            SELECT s.id, s.position, s.score + {_rank(query, "s")} AS score
            FROM scored s, floor WHERE s.reach >= floor.score
            ORDER BY score DESC, s.position LIMIT {int(page_size)} OFFSET {offset}
        )"""


def _rank(query, alias):
    """The entry's ts_rank, capped at its bound. Read entry by entry (a subquery per
    row): a join would read the whole table for the few dozen entries that need it."""
    return f"""least(
        (SELECT ts_rank(e.vector, {query.ranked})
            FROM {current().table} e WHERE e.id = {alias}.id),
        {alias}.bound)"""


def _sample(query, limit=None, passes=None):
    """The matches, with their facet keys; in shuffle order when bounded. When
    every match that `passes` the filters is a candidate, it is scored as it is read,
    not read twice."""
    limited = "" if limit is None else f"ORDER BY shuffle LIMIT {limit}"
    if passes is None:
        return f"""
        sample AS MATERIALIZED (
            SELECT id, shuffle, facet_key FROM {current().table} WHERE {query.matches} {limited}
        )"""
    return f"""
        sample AS MATERIALIZED (
            SELECT *, {_reach(query)} FROM (
                SELECT id, shuffle, facet_key, position, {passes} AS passes,
                    CASE WHEN {passes} THEN {_score(query)} END AS score,
                    {rank_bounds.in_title(query)} AS ranked_in_title
                FROM {current().table} WHERE {query.matches} {limited}
                {_COMPUTED_ONCE}
            ) matches
        )"""


def _exact(query, passes):
    """Every match is a candidate: the count and facets are exact."""
    return [
        _sample(query, passes=passes),
        # Read from the sample where they are used, not copied.
        "counted AS NOT MATERIALIZED (SELECT id, score, reach, bound, position FROM sample"
        " WHERE passes)",
        "scored AS NOT MATERIALIZED (SELECT id, score, reach, bound, position FROM counted)",
    ]


def _bounded_counts(query, passes, limit):
    """The sample, and what the count is estimated from.

    With filters chosen, the first entries in shuffle order that pass them are read
    from the index on shuffle, which covers them; their matches are a uniform sample
    of the filtered matches. Each is checked on its own (a scalar subquery is never
    turned into a join that would read every match). Without filters, the sample
    gives the count.
    """
    if not query.chosen:
        return [
            _sample(query, limit),
            "filter_pool AS (SELECT id, shuffle FROM sample)",
            "counted AS (SELECT id, shuffle FROM sample)",
        ]
    return [
        _sample(query, limit),
        f"""filter_pool AS MATERIALIZED (
            SELECT id, shuffle FROM {current().table} WHERE {passes}
            ORDER BY shuffle LIMIT {POOL_FACTOR * limit}
        )""",
        f"""counted AS MATERIALIZED (
            SELECT id, shuffle FROM filter_pool p
            WHERE (SELECT {query.matches} FROM {current().table} e WHERE e.id = p.id)
        )""",
    ]


def _bounded_candidates(query, passes, limit):
    """The counted matches, and the title matches of best static score (``titled``)."""
    union = f"""candidates AS MATERIALIZED (
            (SELECT id FROM counted ORDER BY shuffle LIMIT {limit}) UNION SELECT id FROM titled
        ),
        scored AS MATERIALIZED (
            SELECT *, {_reach(query)} FROM (
                SELECT id, position, {_score(query)} AS score,
                    {rank_bounds.in_title(query)} AS ranked_in_title
                FROM candidates JOIN {current().table} USING (id)
                {_COMPUTED_ONCE}
            ) candidates
        )"""
    if query.title_tsquery is None:
        # A title match does not prove a match here; both conditions have an index
        # and together they are narrow.
        any_group = _either(group for group, _weight in query.groups)
        titled = f"""titled AS (
            SELECT id FROM {current().table}
            WHERE title_match @@ {any_group} AND {query.matches} AND {passes}
            ORDER BY prior DESC, shuffle LIMIT {limit}
        )"""
        return [titled, union]
    # Title matches read from the index on static score, which covers them; they need
    # checking one by one only for exclusions, as far as the checks need.
    check, pool = "TRUE", limit
    if query.exclusions:
        check = f"(SELECT {query.matches} FROM {current().table} e WHERE e.id = p.id)"
        pool = TITLE_POOL_FACTOR * limit
    title_pool = f"""title_pool AS MATERIALIZED (
            SELECT id, prior, shuffle FROM {current().table}
            WHERE title_match @@ {query.title_tsquery} AND {passes}
            ORDER BY prior DESC, shuffle LIMIT {pool}
        )"""
    titled = f"""titled AS (
            SELECT id FROM title_pool p WHERE {check} ORDER BY prior DESC, shuffle LIMIT {limit}
        )"""
    return [title_pool, titled, union]


def _score(query):
    """Groups matched by weight, the title's focus on them, the type; ts_rank comes later.

    Words found in the title count more the more the title is about them: a short
    title that matches beats a long one that mentions the words in passing. The type
    boosts hold against the heaviest group: a glossary term's own entry stays below
    the guidance that uses it, however many words the term has. ts_rank looks for the
    words as written, where a glossary term's token, which every document that
    mentions the term has once, would tell nothing. A glossary term's words count in
    the title only as the term: "conducting misconduct investigations" is no title
    about a conducted electrical weapon.

    ts_rank is the costly part, and it is added last, only to the entries that could
    still reach the page's lowest score with it (see _reach): no entry left out could
    have reached the page, and the ranking stays exact.
    """
    matched = " + ".join(
        f"{weight:.4f}::float8 * (vector @@ {group})::int" for group, weight in query.groups
    )
    in_title = " + ".join(
        f"{weight:.4f}::float8 * (title_match @@ {group})::int"
        for group, weight in query.groups[: query.primary]
    )
    heaviest = max(1.0, *(weight for _group, weight in query.groups))
    boost = " ".join(
        f"WHEN {query.params.add(str(kind))} THEN {boost * heaviest:.4f}::float8"
        for kind, boost in TYPE_BOOST.items()
    )
    return f"""
        ({matched})::float8
        + least(1.0::float8, 8.0::float8 / (4 + length(title_vector))) * ({in_title})
        + CASE type {boost} ELSE 0.0::float8 END"""


def _reach(query):
    """An entry's ts_rank bound, and its reach: the most its score can become once
    ts_rank is added (see rank_bounds)."""
    bound = rank_bounds.bound(query)
    return f"{bound} AS bound, score + {bound} AS reach"


def _facets(query):
    """Each facet's values among the sample, counted with every filter but its own.

    The matches are first grouped by their facet key: thousands of matches share a
    few hundred combinations of facet values, and each facet is counted over those,
    weighted by how many matches have each. The filters read only facet values, so
    they are checked on the combinations too.
    """
    parts = []
    for facet, values in FACET_VALUES.items():
        others = [sql for name, sql in query.chosen.items() if name != facet]
        where = " AND ".join(["TRUE", *others])
        parts.append(
            f"SELECT {query.params.add(facet)} AS facet, value, sum(n) AS count "
            f"FROM (SELECT {values} AS value, n FROM combinations WHERE {where}) v "
            "WHERE value IS NOT NULL GROUP BY value"
        )
    return f"""
        WITH combinations AS MATERIALIZED (
            SELECT e.type, e.source, e.chapter, e.pillars, e.topics, keys.n FROM (
                SELECT facet_key, count(*) AS n, min(id) AS id FROM sample GROUP BY facet_key
            ) keys JOIN {current().table} e ON e.id = keys.id
        )
        {" UNION ALL ".join(parts)}"""


def _page(query):
    """The page of results as JSON, each with a snippet highlighted from escaped text."""
    options = query.params.add(HEADLINE_OPTIONS)
    return f"""
        (SELECT coalesce(json_agg(r ORDER BY r.score DESC, r.position), '[]') FROM (
            SELECT e.key, e.type, e.title, e.url,
                ts_headline('{current().config}'::regconfig,
                    replace(replace(replace(
                        CASE WHEN e.body = '' THEN e.title ELSE e.body END,
                        '&', '&amp;'), '<', '&lt;'), '>', '&gt;'),
                    {query.marked}, {options}) AS snippet,
                e.source, e.pillars, e.topics, ranked.score, ranked.position
            FROM ranked JOIN {current().table} e ON e.id = ranked.id
        ) r)"""
