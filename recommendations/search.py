"""Search across every public item, inside PostgreSQL.

``rebuild_index()`` copies the content into ``SearchEntry`` rows, whose stored,
weighted ``tsvector`` column has a GIN index, and records the vocabulary used to
correct typos. ``search()`` turns what a person typed into one ranked query:

- each word (or glossary phrase, or quoted phrase) becomes a *group* of
  alternatives: the word itself, its hyphen-free compound, and, when the glossary
  knows it, the term and every alias;
- a result needs to match at least one group, not all of them, and ranks by how
  many groups it matches, then how many match in its title, then ``ts_rank``;
- a word that is not in the corpus vocabulary is corrected to the closest
  vocabulary word (edit distance, ties broken by frequency);
- ``"quoted phrases"``, ``-exclusions`` and ``or`` work as in web search.

Only features every PostgreSQL 15+ has are used: no pg_trgm, no unaccent.
"""

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.core.cache import cache as django_cache
from django.db import connection, transaction
from django.db.models import Case, F, Q, TextField, Value, When
from django.db.models.functions import Replace
from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

from .models import (
    ActionItem,
    Chapter,
    GlossaryTerm,
    ItemType,
    Pillar,
    Program,
    Recommendation,
    SearchEntry,
    SearchWord,
    Source,
    StakeholderAction,
    Topic,
)

PAGE_SIZE = 20
MAX_QUERY_LENGTH = 500
MAX_GROUPS = 12
CACHE_KEY = "search-index-data"
CACHE_SECONDS = 300

# PostgreSQL's english stop words: they never match, so they never form a group.
STOP_WORDS = frozenset(
    "i me my myself we our ours ourselves you your yours yourself yourselves he him his himself "
    "she her hers herself it its itself they them their theirs themselves what which who whom "
    "this that these those am is are was were be been being have has had having do does did "
    "doing a an the and but if or because as until while of at by for with about against "
    "between into through during before after above below to from up down in out on off over "
    "under again further then once here there when where why how all any both each few more "
    "most other some such no nor not only own same so than too very s t can will just don "
    "should now".split()
)

# Small nudges so that, among equally good matches, guidance outranks reference pages.
TYPE_BOOST = {
    ItemType.RECOMMENDATION: 0.2,
    ItemType.PROGRAM: 0.2,
    ItemType.STAKEHOLDER_ACTION: 0.15,
    ItemType.ACTION_ITEM: 0.1,
    ItemType.PILLAR: 0.0,
    ItemType.TOPIC: 0.0,
    ItemType.GLOSSARY: 0.0,
}

WORD = re.compile(r"[a-z0-9]+")
COMPOUND = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)+")
TOKEN = re.compile(r'(-?)"([^"]*)"|(\S+)')


def words(text: str) -> list[str]:
    return WORD.findall(text.lower())


def compounds(text: str) -> list[str]:
    """Hyphenated words written solid, so 'deescalation' finds 'de-escalation'."""
    return [c.replace("-", "") for c in COMPOUND.findall(text.lower())]


# --- Building the index -------------------------------------------------------------


def _glossary_matcher(terms):
    """A function giving the glossary terms whose term or alias a text contains."""
    phrases = {}
    for term in terms:
        for phrase in [term.term, *term.aliases]:
            normal = " ".join(words(phrase))
            if normal:
                phrases[normal] = term
    if not phrases:
        return lambda text: []
    pattern = re.compile(
        r"\b(" + "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True)) + r")\b"
    )

    def matches(text):
        found = {phrases[m] for m in pattern.findall(" ".join(words(text)))}
        return sorted(found, key=lambda term: term.slug)

    return matches


def _entries():
    """Yield unsaved SearchEntry rows for every public item."""
    for recommendation in Recommendation.objects.select_related(
        "source", "chapter", "pillar"
    ).prefetch_related("pillars", "topics"):
        topics = list(recommendation.topics.all())
        pillars = recommendation.all_pillars
        context = [t.name for t in topics] + [p.name for p in pillars]
        if recommendation.chapter:
            context.append(recommendation.chapter.title)
        yield SearchEntry(
            key=recommendation.key,
            type=ItemType.RECOMMENDATION,
            title=recommendation.title,
            keywords=" ".join(recommendation.keywords),
            body=recommendation.summary if recommendation.wording else "",
            context=". ".join(context),
            url=recommendation.get_absolute_url(),
            source=recommendation.source.slug,
            chapter=recommendation.chapter.number if recommendation.chapter else None,
            pillars=[p.number for p in pillars],
            topics=[t.slug for t in topics],
        )
    for action in ActionItem.objects.select_related(
        "recommendation__source", "recommendation__pillar"
    ).prefetch_related("recommendation__topics", "recommendation__pillars"):
        parent = action.recommendation
        topics = list(parent.topics.all())
        pillars = parent.all_pillars
        yield SearchEntry(
            key=action.key,
            type=ItemType.ACTION_ITEM,
            title=action.summary,
            keywords=" ".join(parent.keywords),
            context=". ".join([parent.title, *(p.name for p in pillars)]),
            url=action.get_absolute_url(),
            source=parent.source.slug,
            pillars=[p.number for p in pillars],
            topics=[t.slug for t in topics],
        )
    for action in StakeholderAction.objects.select_related("source").prefetch_related(
        "pillars", "topics"
    ):
        topics = list(action.topics.all())
        yield SearchEntry(
            key=action.key,
            type=ItemType.STAKEHOLDER_ACTION,
            title=action.text,
            context=". ".join(
                [f"Implementation Guide: {action.get_stakeholder_display()}"]
                + [t.name for t in topics]
            ),
            url=action.get_absolute_url(),
            source=action.source.slug,
            pillars=[p.number for p in action.pillars.all()],
            topics=[t.slug for t in topics],
        )
    for program in Program.objects.select_related("source").prefetch_related("pillars", "topics"):
        topics = list(program.topics.all())
        yield SearchEntry(
            key=program.key,
            type=ItemType.PROGRAM,
            title=f"{program.name} ({program.short_name})" if program.short_name else program.name,
            keywords=f"{program.sponsor}. {program.assistance_level}",
            body="\n".join(
                [program.summary, program.offers, program.who_can_ask, program.how_to_ask]
                + [program.requirements]
            ),
            context=". ".join(t.name for t in topics),
            url=program.get_absolute_url(),
            source=program.source.slug,
            pillars=[p.number for p in program.pillars.all()],
            topics=[t.slug for t in topics],
        )
    for pillar in Pillar.objects.select_related("source"):
        yield SearchEntry(
            key=pillar.key,
            type=ItemType.PILLAR,
            title=f"Pillar {pillar.number}: {pillar.name}",
            body=pillar.summary,
            url=pillar.get_absolute_url(),
            source=pillar.source.slug,
            pillars=[pillar.number],
        )
    for topic in Topic.objects.all():
        yield SearchEntry(
            key=topic.key,
            type=ItemType.TOPIC,
            title=topic.name,
            body=topic.description,
            url=topic.get_absolute_url(),
            topics=[topic.slug],
        )
    for term in GlossaryTerm.objects.prefetch_related("topics"):
        yield SearchEntry(
            key=term.key,
            type=ItemType.GLOSSARY,
            title=term.term,
            keywords=", ".join(term.aliases),
            body=term.definition,
            url=term.get_absolute_url(),
            topics=[t.slug for t in term.topics.all()],
        )


def rebuild_index():
    """Replace the search index with the current content; return the number of entries."""
    glossary = list(GlossaryTerm.objects.all())
    glossary_in = _glossary_matcher(glossary)
    entries = []
    for position, entry in enumerate(_entries()):
        text = f"{entry.title} {entry.body}"
        # A document that mentions a glossary term also answers to its aliases.
        aliases = [
            phrase
            for term in glossary_in(text)
            if entry.key != term.key
            for phrase in [term.term, *term.aliases]
        ]
        extra = compounds(f"{text} {entry.keywords}") + aliases
        entry.keywords = " ".join(filter(None, [entry.keywords, *extra]))
        entry.position = position
        entries.append(entry)
    vocabulary = Counter()
    for entry in entries:
        text = f"{entry.title} {entry.keywords} {entry.body} {entry.context}"
        vocabulary.update(w for w in words(text) + compounds(text) if not w.isdigit())
    with transaction.atomic():
        SearchEntry.objects.all().delete()
        SearchEntry.objects.bulk_create(entries, batch_size=2000)
        SearchWord.objects.all().delete()
        SearchWord.objects.bulk_create(
            [SearchWord(word=w, frequency=n) for w, n in vocabulary.items() if len(w) <= 100],
            batch_size=5000,
        )
        transaction.on_commit(lambda: django_cache.delete(CACHE_KEY))
    return len(entries)


# --- What a search needs besides the index: vocabulary, glossary and facet labels ---


@dataclass
class IndexData:
    vocabulary: dict[str, int]
    known_words: list[str]
    glossary: dict[tuple[str, ...], tuple[str, list[str]]]  # phrase words -> (slug, phrases)
    definitions: dict[str, dict[str, str]]  # slug -> term, definition, url
    labels: dict[str, dict[str, str]]

    @property
    def longest_phrase(self):
        return max((len(p) for p in self.glossary), default=1)


def index_data() -> IndexData:
    data = django_cache.get(CACHE_KEY)
    if data is None:
        glossary, definitions = {}, {}
        for term in GlossaryTerm.objects.all():
            phrases = [term.term, *term.aliases]
            for phrase in phrases:
                glossary[tuple(words(phrase))] = (term.slug, phrases)
            definitions[term.slug] = {
                "term": term.term,
                "definition": term.definition,
                "url": term.get_absolute_url(),
            }
        glossary.pop((), None)
        labels = {
            "type": dict(ItemType.choices),
            "source": {s.slug: s.short_title for s in Source.objects.all()},
            "pillar": {str(p.number): f"{p.number}. {p.name}" for p in Pillar.objects.all()},
            "chapter": {str(c.number): f"{c.number}. {c.title}" for c in Chapter.objects.all()},
            "topic": {t.slug: t.name for t in Topic.objects.all()},
        }
        vocabulary = dict(SearchWord.objects.values_list("word", "frequency"))
        data = IndexData(
            vocabulary=vocabulary,
            known_words=list(vocabulary),
            glossary=glossary,
            definitions=definitions,
            labels=labels,
        )
        django_cache.set(CACHE_KEY, data, CACHE_SECONDS)
    return data


def correct_word(word: str, data: IndexData) -> str:
    """The closest vocabulary word, or the word itself if it is known or nothing is close."""
    vocabulary = data.vocabulary
    if word in vocabulary or word in STOP_WORDS or len(word) < 4 or not word.isalpha():
        return word
    limit = 1 if len(word) <= 5 else 2
    candidates = process.extract(
        word,
        data.known_words,
        scorer=DamerauLevenshtein.distance,
        score_cutoff=limit,
        limit=20,
    )
    if not candidates:
        return word
    best = min(candidates, key=lambda c: (c[1], -vocabulary[c[0]], c[0]))
    return best[0]


# --- Parsing what a person typed ----------------------------------------------------


@dataclass
class Group:
    """One part of the query: any of its alternatives counts as a match."""

    alternatives: list[tuple[str, str]]  # (search_type, text) for SearchQuery

    def query(self):
        return reduce(
            or_,
            (
                SearchQuery(text, search_type=kind, config="english")
                for kind, text in self.alternatives
            ),
        )


@dataclass
class ParsedQuery:
    groups: list[Group] = field(default_factory=list)
    exclusions: list[tuple[str, str]] = field(default_factory=list)
    corrected: str | None = None
    glossary_slugs: list[str] = field(default_factory=list)


def _word_alternatives(word):
    alternatives = [("plain", word)]
    solid = word.replace("-", "")
    if solid != word and solid:
        alternatives.append(("plain", solid))
    return alternatives


def parse(text: str, data: IndexData, correct: bool = True) -> ParsedQuery:
    if text.count('"') % 2:
        text = text[::-1].replace('"', "", 1)[::-1]
    parsed = ParsedQuery()
    units = []  # (kind, text): "word", "phrase", "or"
    typed = []  # the query as typed, word by word, for the "did you mean" line
    for negated, phrase, word in TOKEN.findall(text):
        if phrase or (negated and not word):
            if negated:
                parsed.exclusions.append(("phrase", phrase))
            elif words(phrase):
                units.append(("phrase", phrase))
            typed.append(f'{negated}"{phrase}"')
        elif word.startswith("-") and len(word) > 1:
            parsed.exclusions.append(("plain", word[1:]))
            typed.append(word)
        elif word.lower() == "or":
            units.append(("or", word))
            typed.append(word)
        else:
            cleaned = re.sub(r"-+", "-", "-".join(WORD.findall(word.lower())))
            if cleaned:
                units.append(("word", cleaned))
            typed.append(word)

    corrections = {}
    groups = []
    pending_or = False
    i = 0
    while i < len(units):
        kind, value = units[i]
        group = None
        if kind == "or":
            pending_or = bool(groups)
            i += 1
            continue
        if kind == "phrase":
            group = Group([("phrase", value)])
            i += 1
        else:
            span, match = _glossary_span(units, i, data)
            if match:
                slug, phrases = match
                group = Group([("phrase", p) for p in phrases])
                parsed.glossary_slugs.append(slug)
                i += span
            else:
                if correct and value.replace("-", "") not in data.vocabulary:
                    fixed = "-".join(correct_word(part, data) for part in value.split("-"))
                    if fixed != value:
                        corrections[value] = fixed
                        value = fixed
                i += 1
                if all(p in STOP_WORDS for p in value.split("-")):
                    continue
                group = Group(_word_alternatives(value))
        if pending_or and groups:
            groups[-1].alternatives.extend(group.alternatives)
        else:
            groups.append(group)
        pending_or = False

    parsed.groups = groups[:MAX_GROUPS]
    if corrections:
        fixed_typed = []
        for token in typed:
            key = re.sub(r"-+", "-", "-".join(WORD.findall(token.lower())))
            fixed_typed.append(corrections.get(key, token))
        parsed.corrected = " ".join(fixed_typed)
    return parsed


def _glossary_span(units, start, data):
    """The longest run of words from `start` that is a glossary term or alias."""
    for length in range(min(data.longest_phrase, len(units) - start), 0, -1):
        run = units[start : start + length]
        if any(kind != "word" for kind, _ in run):
            continue
        phrase = tuple(w for _, value in run for w in value.split("-"))
        if phrase in data.glossary:
            return length, data.glossary[phrase]
    return 1, None


# --- Running a search ----------------------------------------------------------------

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

    @property
    def pages(self):
        return max(1, -(-self.count // PAGE_SIZE))


def _filter_condition(name, value):
    """A facet filter as (ORM condition, the same condition in SQL, its params)."""
    if name in ("pillar", "chapter"):
        value = int(value)
    if name == "pillar":
        return Q(pillars__contains=[value]), "pillars @> ARRAY[%s]::smallint[]", [value]
    if name == "topic":
        return Q(topics__contains=[value]), "topics @> ARRAY[%s]::varchar[]", [value]
    return Q(**{name: value}), f"{name} = %s", [value]


def _escaped(column):
    """The column's text with HTML escaped in SQL, so highlighted snippets are safe to show."""
    expression = F(column)
    for raw, entity in [("&", "&amp;"), ("<", "&lt;"), (">", "&gt;")]:
        expression = Replace(expression, Value(raw), Value(entity), output_field=TextField())
    return expression


def search(text: str, filters: dict | None = None, page: int = 1, correct: bool = True):
    """Rank every public item against `text`; `filters` maps facet names to chosen values."""
    filters = {name: value for name, value in (filters or {}).items() if value not in (None, "")}
    data = index_data()
    parsed = parse(text, data, correct=correct)
    glossary = [data.definitions[slug] for slug in dict.fromkeys(parsed.glossary_slugs)]
    empty = SearchResults(text, parsed.corrected, 0, page, [], {f: [] for f in FACETS}, glossary)
    if not parsed.groups:
        return empty

    group_queries = [group.query() for group in parsed.groups]
    any_group = reduce(or_, group_queries)
    matched = SearchEntry.objects.filter(vector=any_group)
    for kind, phrase in parsed.exclusions:
        matched = matched.exclude(vector=SearchQuery(phrase, search_type=kind, config="english"))

    conditions = {name: _filter_condition(name, value) for name, value in filters.items()}
    filtered = matched.filter(*[q for q, _sql, _params in conditions.values()])

    score = sum(
        (Case(When(vector=q, then=Value(1.0)), default=Value(0.0)) for q in group_queries),
        start=Value(0.0),
    )
    score += sum(
        (Case(When(title_vector=q, then=Value(0.5)), default=Value(0.0)) for q in group_queries),
        start=Value(0.0),
    )
    score += Case(
        *[When(type=t, then=Value(boost)) for t, boost in TYPE_BOOST.items()],
        default=Value(0.0),
    )
    score += SearchRank(F("vector"), any_group)
    snippet_source = Case(
        When(body="", then=_escaped("title")), default=_escaped("body"), output_field=TextField()
    )
    offset = (page - 1) * PAGE_SIZE
    rows = list(
        filtered.annotate(
            score=score,
            snippet=SearchHeadline(
                snippet_source,
                any_group,
                config="english",
                start_sel="<mark>",
                stop_sel="</mark>",
                max_words=30,
                min_words=12,
                max_fragments=2,
                fragment_delimiter=" … ",
            ),
        )
        .order_by("-score", "position")
        .values("key", "type", "title", "url", "snippet", "source", "pillars", "topics")[
            offset : offset + PAGE_SIZE
        ]
    )
    facets = _facet_counts(matched, conditions, data)
    if "type" in filters:
        count = next((f["count"] for f in facets["type"] if f["value"] == filters["type"]), 0)
    else:
        count = sum(f["count"] for f in facets["type"])
    return SearchResults(
        query=text,
        corrected=parsed.corrected,
        count=count,
        page=page,
        results=rows,
        facets=facets,
        glossary=glossary,
    )


FACET_COLUMNS = {
    "type": "FROM matched m CROSS JOIN LATERAL (SELECT m.type) AS v(value)",
    "source": "FROM matched m CROSS JOIN LATERAL (SELECT NULLIF(m.source, '')) AS v(value)",
    "chapter": "FROM matched m CROSS JOIN LATERAL (SELECT m.chapter::text) AS v(value)",
    "pillar": "FROM matched m CROSS JOIN LATERAL unnest(m.pillars) AS v(value)",
    "topic": "FROM matched m CROSS JOIN LATERAL unnest(m.topics) AS v(value)",
}


def _facet_counts(matched, conditions, data):
    """Counts for every facet value in one query; each facet ignores its own filter."""
    base_sql, base_params = matched.values(
        "type", "source", "chapter", "pillars", "topics"
    ).query.sql_with_params()
    parts, params = [], list(base_params)
    for facet, source in FACET_COLUMNS.items():
        others = [(sql, p) for name, (_q, sql, p) in conditions.items() if name != facet]
        where = " AND ".join(["v.value IS NOT NULL", *(f"m.{sql}" for sql, _p in others)])
        parts.append(f"SELECT %s, v.value::text, count(*) {source} WHERE {where} GROUP BY v.value")
        params.append(facet)
        for _sql, p in others:
            params.extend(p)
    sql = f"WITH matched AS ({base_sql}) " + " UNION ALL ".join(parts)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    facets = {f: [] for f in FACETS}
    for facet, value, count in rows:
        label = data.labels.get(facet, {}).get(value, value)
        facets[facet].append({"value": value, "label": label, "count": count})
    for values in facets.values():
        values.sort(key=lambda f: (-f["count"], f["label"]))
    return facets
