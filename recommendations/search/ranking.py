"""Running a search: one hand-written statement that ranks the matches and counts
the facets, with bounded work for broad searches (see docs/adr/0005)."""

import itertools
import math
from dataclasses import dataclass, field

from django.db import connection

from ..models import (
    SearchEntry,
)
from .index import TYPE_BOOST, index_data
from .keys import item_named_by
from .query import parse
from .sql import Parameters, _both, _either
from .text import words

PAGE_SIZE = 20
# Above this many estimated matches, results must match at least half the words.
COMMON_MATCH_ESTIMATE = 2000
# A search reads at most this many matches (in a fixed random order) for its counts
# and facets, and ranks them with as many title matches; see search().
SAMPLE_SIZE = 150
# With filters chosen, the count comes from the matches among this many times the
# limit of entries that pass them, read in shuffle order.
POOL_FACTOR = 5
# With exclusions, at most this many times the limit of title matches are checked.
TITLE_POOL_FACTOR = 10
# An index this small is always searched exactly: reading every match is cheap.
EXACT_INDEX_SIZE = 2000

# --- Running a search ----------------------------------------------------------------

FACETS = ["type", "source", "pillar", "chapter", "topic"]
HEADLINE_OPTIONS = (
    "StartSel=<mark>, StopSel=</mark>, MaxWords=30, MinWords=12, MaxFragments=2, "
    'FragmentDelimiter=" … "'
)


@dataclass
class SearchResults:
    query: str
    corrected: str | None
    count: int
    page: int
    results: list
    facets: dict[str, list[dict]]
    glossary: list[dict]
    count_exact: bool = True
    facet_counts_exact: bool = True
    missing: list[str] = field(default_factory=list)  # typed words no item contains
    named_item: dict | None = None  # the item whose key the query is, if it is one

    @property
    def pages(self):
        pages = max(1, -(-self.count // PAGE_SIZE))
        return pages if self.count_exact else min(pages, SAMPLE_SIZE // PAGE_SIZE)


def about(number):
    """An estimate rounded to two significant figures: 56,721 -> 57,000."""
    number = round(number)
    return number if number < 100 else round(number, 2 - len(str(number)))


def _minimum_match(group_queries, groups, data):
    """The tsquery a result must match when matching any one group is not enough.

    Normally any one group will do (None). When the words are so common that this
    would match thousands of items, a result must match at least half of the groups,
    as hosted engines do with "minimum should match": broad queries stay fast and
    lose only results that ranked low anyway.
    """
    estimate = sum(_frequency(group, data) for group in groups)
    if len(groups) < 2 or estimate < COMMON_MATCH_ESTIMATE:
        return None
    required = max(2, -(-len(groups) // 2))
    combinations = list(itertools.combinations(group_queries, required))
    if len(combinations) > 64:
        return None
    return _either(_both(combination) for combination in combinations)


def group_weight(group, data) -> float:
    """What matching a group adds to the score: one for each typed word it stands for
    (a three-word glossary term outweighs a fourth word), less for words so common
    that they tell little ("calls", "police"), as inverse document frequency does."""
    size = max(data.size, 1)
    frequency = min(_frequency(group, data), size)
    rarity = math.log((size + 1) / (frequency + 1)) / math.log(size + 1)
    return group.scale * group.covers * (0.5 + 0.5 * rarity)


def _frequency(group, data):
    """In how many entries a group's words occur: a cheap estimate of its matches."""
    return max(
        min((data.vocabulary.get(w, 0) for w in words(text)), default=0)
        for _kind, text in group.alternatives
    )


def ranked_keys(text: str, item_type: str, limit: int = 1000) -> list[str]:
    """The keys of the items of one type that search finds for `text`, best first: what
    the lists' word filters show, so that every search on the site finds the same."""
    named = item_named_by(text)
    if named:
        return [named["key"]] if named["type"] == item_type else []
    results = search(text, {"type": item_type}, page_size=limit).results
    return [result["key"] for result in results]


def search(
    text: str,
    filters: dict | None = None,
    page: int = 1,
    correct: bool = True,
    page_size: int = PAGE_SIZE,
):
    """Rank every public item against `text`; `filters` maps facet names to chosen values.

    One SQL statement returns the page of results and every facet's counts.

    The work is bounded, as hosted engines bound it: a search reads at most
    SAMPLE_SIZE matches in a fixed random order (``shuffle``), or every match in an
    index of at most EXACT_INDEX_SIZE entries, which the real content is. When there
    are no more matches than that, counts and facets are exact and every match is
    ranked. When there are more, facet counts are estimated from those matches, a
    uniform random sample; the count from them too, or with filters chosen, from
    the matches among the first POOL_FACTOR times as many entries that pass the
    filters. The results are ranked among those matches and the SAMPLE_SIZE matches
    whose titles match that have the best static score (``prior``: type and title
    length, the part of the score that does not depend on the query).
    """
    filters = {name: value for name, value in (filters or {}).items() if value not in (None, "")}
    named = None if filters else item_named_by(text)
    if named:
        empty = {f: [] for f in FACETS}
        results = [named] if page == 1 else []
        return SearchResults(text, None, 1, page, results, empty, [], named_item=named)
    data = index_data()
    parsed = parse(text, data, correct=correct)
    glossary = [data.definitions[slug] for slug in dict.fromkeys(parsed.glossary_slugs)]
    if not parsed.groups:
        empty = {f: [] for f in FACETS}
        return SearchResults(
            text, parsed.corrected, 0, page, [], empty, glossary, missing=parsed.missing
        )

    params = Parameters()
    every_group = parsed.groups + parsed.term_words
    groups = [params.tsquery(group.alternatives) for group in every_group]
    weights = _weights(parsed, data)
    minimum = _minimum_match(groups[: len(parsed.groups)], parsed.groups, data)
    matches = [f"vector @@ {minimum or _either(groups)}"]
    # Exclusions look at the item's own words (title A, body C) only, not the glossary
    # aliases the index adds: "quotas -informal" must not drop every item about quotas.
    matches += [
        f"NOT ts_filter(vector, '{{a,c}}') @@ {params.tsquery([exclusion])}"
        for exclusion in parsed.exclusions
    ]
    chosen = {name: params.facet_filter(name, value) for name, value in filters.items()}
    limit = EXACT_INDEX_SIZE if data.size <= EXACT_INDEX_SIZE else SAMPLE_SIZE
    # Snippets mark the words as they appear in text, not a glossary term's token.
    ranked = _either(params.tsquery(group.ranked) for group in every_group)
    marked = _either(params.tsquery(group.marked) for group in every_group)
    run = _run(
        params,
        list(zip(groups, weights, strict=True)),
        ranked=ranked,
        marked=marked,
        matches=" AND ".join(matches),
        chosen=chosen,
        limit=limit,
        minimum=bool(minimum),
        exclusions=bool(parsed.exclusions),
        page=page,
        page_size=page_size,
    )

    # The shuffle numbers 0..size-1 order the whole index at random, so when the n
    # matches read are the first n of many, they stand for n out of every (last + 1).
    total = data.size
    facet_counts_exact = run.sampled < limit
    scale = 1 if facet_counts_exact else total / (run.sample_last + 1)
    count_exact = run.read < (POOL_FACTOR * limit if filters else limit)
    count = run.matches if count_exact else about(run.matches * total / (run.last_read + 1))

    facets = _facets(run.facets, data, filters, count, scale=None if facet_counts_exact else scale)
    return SearchResults(
        query=text,
        corrected=parsed.corrected,
        count=count,
        page=page,
        results=run.results,
        facets=facets,
        glossary=glossary,
        count_exact=count_exact,
        facet_counts_exact=facet_counts_exact,
        missing=parsed.missing,
    )


def _weights(parsed, data):
    """The weight of each group of the query, then of each glossary term's words."""
    weights = [group_weight(group, data) for group in parsed.groups + parsed.term_words]
    # Scaled so the query's own groups weigh one each on average, as the title focus
    # and type boosts they are added to expect. A glossary term's words keep their own
    # small weight, the same whichever alias was typed.
    primary = len(parsed.groups)
    scale = primary / sum(weights[:primary])
    return [weight * scale for weight in weights[:primary]] + weights[primary:]


def _facets(counted, data, filters, count, scale):
    """Each facet's values with labels and counts (estimated when `scale` is given)."""
    facets = {f: [] for f in FACETS}
    for facet in counted:
        facet["label"] = data.labels.get(facet["facet"], {}).get(facet["value"], facet["value"])
        facet["count"] = facet["count"] if scale is None else about(facet["count"] * scale)
        facets[facet.pop("facet")].append(facet)
    for name, value in filters.items():
        # A chosen value's count is the number of results, whatever the sample held.
        values = [f for f in facets[name] if f["value"] != str(value)]
        label = data.labels.get(name, {}).get(str(value), str(value))
        facets[name] = [*values, {"value": str(value), "count": count, "label": label}]
    for values in facets.values():
        values.sort(key=lambda f: (-f["count"], f["label"]))
    return facets


FACET_VALUES = {
    "type": "(SELECT type)",
    "source": "(SELECT NULLIF(source, ''))",
    "chapter": "(SELECT chapter::text)",
    "pillar": "unnest(pillars)",
    "topic": "unnest(topics)",
}


@dataclass
class Run:
    results: list
    facets: list
    sampled: int  # matches read, in shuffle order, at most the limit
    sample_last: int | None  # the shuffle number of the last one read
    # For the count: how many filtered matches were found among how many entries
    # read in shuffle order, and the shuffle number of the last one read.
    matches: int
    read: int
    last_read: int | None


def _run(
    params, groups, ranked, marked, matches, chosen, limit, minimum, exclusions, page, page_size
):
    """Run the search statement, written by hand so that each part reads only what it
    needs; `matches` is the SQL condition a result meets, `chosen` the filters'.

    The first `limit` matches in shuffle order (``sample``) give the facet counts,
    each counted with every filter but its own. With filters chosen, the matches
    (``counted``) among the first entries that pass them (``filter_pool``) give the
    count; without, the sample does. The candidates to rank are the first `limit` of
    those matches and the first `limit` matches whose titles match, in order of
    static score (``titled``). They are scored, the page is taken, and its snippets
    are highlighted from HTML-escaped text.
    """
    table = SearchEntry._meta.db_table
    any_group = _either(group for group, _weight in groups)
    passes = " AND ".join(["TRUE", *chosen.values()])
    if chosen:
        # The first entries in shuffle order that pass the filters, read from the
        # index on shuffle, which covers them; their matches are a uniform sample of
        # the filtered matches. Each is checked on its own (a scalar subquery is never
        # turned into a join that would read every match).
        counted = f"""
            filter_pool AS MATERIALIZED (
                SELECT id, shuffle FROM {table} WHERE {passes}
                ORDER BY shuffle LIMIT {POOL_FACTOR * limit}
            ),
            counted AS MATERIALIZED (
                SELECT id, shuffle FROM filter_pool p
                WHERE (SELECT {matches} FROM {table} e WHERE e.id = p.id)
            )"""
    else:
        counted = """
            filter_pool AS (SELECT id, shuffle FROM sample),
            counted AS (SELECT id, shuffle FROM sample)"""
    # Title candidates: the matches whose titles match, in order of static score.
    if minimum:
        # Both conditions have an index; together they are narrow.
        titled = f"""
            titled AS (
                SELECT id FROM {table}
                WHERE title_match @@ {any_group} AND {matches} AND {passes}
                ORDER BY prior DESC, shuffle LIMIT {limit}
            )"""
    else:
        # Title matches read from the index on static score, which covers them. A
        # title that matches a word matches the whole vector too, so they need
        # checking only for exclusions, one by one, as far as the checks need.
        title_check, pool_size = "TRUE", limit
        if exclusions:
            title_check = f"(SELECT {matches} FROM {table} e WHERE e.id = p.id)"
            pool_size = TITLE_POOL_FACTOR * limit
        titled = f"""
            title_pool AS MATERIALIZED (
                SELECT id, prior, shuffle FROM {table}
                WHERE title_match @@ {any_group} AND {passes}
                ORDER BY prior DESC, shuffle LIMIT {pool_size}
            ),
            titled AS (
                SELECT id FROM title_pool p WHERE {title_check}
                ORDER BY prior DESC, shuffle LIMIT {limit}
            )"""
    groups_matched = " + ".join(
        f"{weight:.4f}::float8 * (vector @@ {group})::int" for group, weight in groups
    )
    titles_matched = " + ".join(
        f"{weight:.4f}::float8 * (title_match @@ {group})::int" for group, weight in groups
    )
    # The type boosts hold against the heaviest group: a glossary term's own entry
    # stays below the guidance that uses it, however many words the term has.
    heaviest = max(1.0, *(weight for _group, weight in groups))
    boost = " ".join(
        f"WHEN {params.add(str(kind))} THEN {boost * heaviest:.4f}::float8"
        for kind, boost in TYPE_BOOST.items()
    )
    # Words found in the title count more the more the title is about them: a short
    # title that matches beats a long one that mentions the words in passing. The
    # rank looks for the words as written, where a glossary term's token, which
    # every document that mentions the term has once, would tell nothing.
    score = f"""
        ({groups_matched})::float8
        + least(1.0::float8, 8.0::float8 / (4 + length(title_vector))) * ({titles_matched})
        + CASE type {boost} ELSE 0.0::float8 END
        + ts_rank(vector, {ranked})"""
    facet_parts = []
    for facet, values in FACET_VALUES.items():
        where = " AND ".join(["TRUE", *(sql for name, sql in chosen.items() if name != facet)])
        facet_parts.append(
            f"SELECT {params.add(facet)} AS facet, v.value::text AS value, count(*) AS count "
            f"FROM sample CROSS JOIN LATERAL {values} AS v(value) "
            f"WHERE v.value IS NOT NULL AND {where} GROUP BY v.value"
        )
    statement = f"""
        WITH sample AS MATERIALIZED (
            SELECT id, shuffle, type, source, chapter, pillars, topics FROM {table}
            WHERE {matches} ORDER BY shuffle LIMIT {limit}
        ),
        {counted},
        {titled},
        candidates AS MATERIALIZED (
            (SELECT id FROM counted ORDER BY shuffle LIMIT {limit})
            UNION SELECT id FROM titled
        ),
        scored AS MATERIALIZED (
            SELECT id, position, {score} AS score
            FROM candidates JOIN {table} USING (id)
        ),
        ranked AS (
            SELECT id, score, position FROM scored
            ORDER BY score DESC, position
            LIMIT {int(page_size)} OFFSET {params.add((page - 1) * page_size)}
        ),
        facets AS ({" UNION ALL ".join(facet_parts)})
        SELECT
            (SELECT coalesce(json_agg(r ORDER BY r.score DESC, r.position), '[]') FROM (
                SELECT e.key, e.type, e.title, e.url,
                    ts_headline('english'::regconfig,
                        replace(replace(replace(
                            CASE WHEN e.body = '' THEN e.title ELSE e.body END,
                            '&', '&amp;'), '<', '&lt;'), '>', '&gt;'),
                        {marked}, {params.add(HEADLINE_OPTIONS)}) AS snippet,
                    e.source, e.pillars, e.topics, ranked.score, ranked.position
                FROM ranked JOIN {table} e ON e.id = ranked.id
            ) r),
            (SELECT coalesce(json_agg(f), '[]') FROM facets f),
            (SELECT count(*) FROM sample), (SELECT max(shuffle) FROM sample),
            (SELECT count(*) FROM counted), (SELECT count(*) FROM filter_pool),
            (SELECT max(shuffle) FROM filter_pool)
    """
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        row = cursor.fetchone()
    results = row[0]
    for result in results:
        del result["score"], result["position"]
    return Run(results, *row[1:])
