"""Running a search: what was typed, read into groups, matched and ranked by one
statement (statement.py), with exact counts up to EXACT_INDEX_SIZE entries and bounded
work beyond (ADR 5)."""

from dataclasses import dataclass, field

from . import statement
from .data import index_data
from .keys import item_named_by
from .matching import condition, weights
from .query import parse
from .sql import Parameters, _either

PAGE_SIZE = 20
# A search reads at most this many matches (in a fixed random order) in an index
# larger than EXACT_INDEX_SIZE, for its counts and facets, and ranks them with as
# many title matches; see statement.py and ADR 5.
SAMPLE_SIZE = 150
# An index this large or smaller is always searched exactly: every match is counted,
# faceted and ranked (the real content is about 400 entries).
EXACT_INDEX_SIZE = 20_000

# An exact search of an index this large may read its matches in parallel processes
# (statement.run); PostgreSQL would not start them for a smaller one anyway.
PARALLEL_FROM = 4_000

FACETS = ["type", "source", "pillar", "chapter", "topic"]


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

    One SQL statement returns the page of results and every facet's counts. In an index
    of at most EXACT_INDEX_SIZE entries every match is read, so counts, facets and
    ranking are exact. In a larger one a search reads at most SAMPLE_SIZE matches in a
    fixed random order, a uniform sample: counts and facets are estimated from it (or,
    with filters chosen, from the matches among the first entries that pass them), and
    the results are ranked among those matches and the title matches of best static
    score (``prior``: type and title length, the part of the score the query does not
    change).
    """
    filters = {name: value for name, value in (filters or {}).items() if value not in (None, "")}
    named = None if filters else item_named_by(text)
    if named:
        results = [named] if page == 1 else []
        return SearchResults(text, None, 1, page, results, _no_facets(), [], named_item=named)
    data = index_data()
    parsed = parse(text, data, correct=correct)
    glossary = [data.definitions[slug] for slug in dict.fromkeys(parsed.glossary_slugs)]
    found = SearchResults(text, parsed.corrected, 0, page, [], _no_facets(), glossary)
    found.missing = parsed.missing
    if not parsed.groups:
        return found
    exact = data.size <= EXACT_INDEX_SIZE
    limit = None if exact else SAMPLE_SIZE
    parallel = exact and data.size >= PARALLEL_FROM
    query = _statement_query(parsed, filters, data)
    run = statement.run(query, limit, page, page_size, parallel=parallel)
    found.results = run.results
    if exact:
        found.count = run.matches
        found.facets = _facets(run.facets, data, filters, found.count, scale=None)
        return found
    # The shuffle numbers 0..size-1 order the whole index at random, so when the n
    # matches read are the first n of many, they stand for n out of every (last + 1).
    found.facet_counts_exact = run.sampled < limit
    scale = None if found.facet_counts_exact else data.size / (run.sample_last + 1)
    found.count_exact = run.read < (statement.POOL_FACTOR * limit if filters else limit)
    found.count = run.matches
    if not found.count_exact:
        found.count = about(run.matches * data.size / (run.last_read + 1))
    found.facets = _facets(run.facets, data, filters, found.count, scale=scale)
    return found


def _no_facets():
    return {f: [] for f in FACETS}


def _statement_query(parsed, filters, data):
    """The parsed query as the SQL pieces the statement is built from."""
    params = Parameters()
    every_group = parsed.groups + parsed.term_words
    tsqueries = [params.tsquery(group.alternatives) for group in every_group]
    must = condition(tsqueries, every_group, len(parsed.groups), data)
    # Exclusions look at the item's own words (title A, body C) only, not the glossary
    # aliases the index adds: "quotas -informal" must not drop every item about quotas.
    # ts_filter copies the whole vector, so it runs only where the word is at all.
    excluded = [params.tsquery([exclusion]) for exclusion in parsed.exclusions]
    matches = [f"vector @@ {must.tsquery}"] + [
        f"NOT (vector @@ {tsquery} AND ts_filter(vector, '{{a,c}}') @@ {tsquery})"
        for tsquery in excluded
    ]
    return statement.Query(
        params=params,
        groups=list(zip(tsqueries, weights(parsed, data), strict=True)),
        primary=len(parsed.groups),
        # Snippets and ts_rank see the words as written, not a glossary term's token;
        # ts_rank only the query's own: a term's words count as little as their weight.
        ranked=_either(params.tsquery(group.ranked) for group in parsed.groups),
        marked=_either(params.tsquery(group.marked) for group in every_group),
        matches=" AND ".join(matches),
        title_tsquery=must.title_tsquery,
        exclusions=bool(parsed.exclusions),
        chosen={name: params.facet_filter(name, value) for name, value in filters.items()},
    )


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
