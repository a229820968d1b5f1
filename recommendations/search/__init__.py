"""Search across every public item, inside PostgreSQL.

``rebuild_index()`` copies the content into ``SearchEntry`` rows, whose stored,
weighted ``tsvector`` column has a GIN index, and records the vocabulary used to
correct typos. ``search()`` turns what a person typed into one ranked query:

- each word (or glossary phrase, or quoted phrase) becomes a *group* of
  alternatives: the word itself and its hyphen-free compound. A glossary term or
  alias, quoted or not, becomes the term's token: a document that mentions a
  glossary term in any form is indexed under all its forms and under one made-up
  word for the term, so the token finds everything any alias would, with one
  lookup and no phrase check;
- a result needs to match one group, not all of them (at least half of them when
  the words are so common that one would match thousands of items), and ranks by
  how many groups it matches, how well its title matches, then ``ts_rank``;
- a word that is not in the corpus vocabulary is corrected to the closest
  vocabulary word (edit distance, ties broken by frequency);
- ``"quoted phrases"``, ``-exclusions`` and ``or`` work as in web search.

Only features every PostgreSQL 15+ has are used: no pg_trgm, no unaccent.
"""

import hashlib
import itertools
import math
import re
import uuid
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

from django.core.cache import cache as django_cache
from django.db import connection, transaction

from portal.middleware import content_changed

from ..models import (
    ActionItem,
    Chapter,
    GlossaryTerm,
    ItemType,
    Pillar,
    Program,
    Publication,
    Recommendation,
    SearchEntry,
    SearchWord,
    Source,
    StakeholderAction,
    Topic,
)
from .keys import item_named_by
from .spelling import STOP_WORDS, correct_word, in_corpus, stem

PAGE_SIZE = 20
MAX_QUERY_LENGTH = 500
MAX_GROUPS = 12
CACHE_KEY = "search-index-data"
VERSION_KEY = "search-index-version"
CACHE_SECONDS = 300
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

# Guidance outranks its own sub-items, and both outrank reference pages (pillars,
# topics, glossary terms), which answer "what is" rather than "what to do" and
# whose definitions the search page shows beside the results anyway.
TYPE_BOOST = {
    ItemType.RECOMMENDATION: 0.2,
    ItemType.PROGRAM: 0.2,
    ItemType.STAKEHOLDER_ACTION: 0.2,
    ItemType.ACTION_ITEM: -0.2,
    ItemType.PILLAR: -1.0,
    ItemType.TOPIC: -1.0,
    ItemType.GLOSSARY: -2.0,
}

# Glossary terms are indexed as one made-up word each: this prefix and the slug.
TERM_TOKEN_PREFIX = "glossaryterm"

WORD = re.compile(r"[a-z0-9]+")
COMPOUND = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)+")
TOKEN = re.compile(r'(-?)"([^"]*)"|(\S+)')


def words(text: str) -> list[str]:
    return WORD.findall(text.lower())


def term_token(slug: str) -> str:
    """The made-up word under which everything that mentions a glossary term is indexed."""
    return TERM_TOKEN_PREFIX + "".join(words(slug))


def compounds(text: str) -> list[str]:
    """Hyphenated words written solid, so 'deescalation' finds 'de-escalation'."""
    return [c.replace("-", "") for c in COMPOUND.findall(text.lower())]


# --- Building the index -------------------------------------------------------------


def glossary_matcher(terms):
    """A function giving the glossary terms whose term or alias a text contains."""
    phrases = {}
    for term in terms:
        for phrase in [term.term, *term.aliases]:
            normal = " ".join(words(phrase))
            if normal:
                phrases[normal] = term
    if not phrases:
        return lambda text: []
    # A lookahead finds every mention, even one that overlaps a longer one.
    pattern = re.compile(
        r"(?=\b(" + "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True)) + r")\b)"
    )

    def matches(text):
        found = {phrases[m] for m in pattern.findall(" ".join(words(text)))}
        return sorted(found, key=lambda term: term.slug)

    return matches


def content_entries():
    """Yield unsaved SearchEntry rows for every public item, before add_glossary."""
    for recommendation in (
        Recommendation.objects.published()
        .select_related("source", "chapter", "pillar")
        .prefetch_related("pillars", "topics")
    ):
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
    for action in (
        (ActionItem.objects.published().filter(recommendation__status=Publication.PUBLISHED))
        .select_related("recommendation__source", "recommendation__pillar")
        .prefetch_related("recommendation__topics", "recommendation__pillars")
    ):
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
    for action in (
        StakeholderAction.objects.published()
        .select_related("source")
        .prefetch_related("pillars", "topics")
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
    for program in (
        Program.objects.published().select_related("source").prefetch_related("pillars", "topics")
    ):
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
    for pillar in Pillar.objects.published().select_related("source"):
        yield SearchEntry(
            key=pillar.key,
            type=ItemType.PILLAR,
            title=f"Pillar {pillar.number}: {pillar.name}",
            body=pillar.summary,
            url=pillar.get_absolute_url(),
            source=pillar.source.slug,
            pillars=[pillar.number],
        )
    for topic in Topic.objects.published():
        yield SearchEntry(
            key=topic.key,
            type=ItemType.TOPIC,
            title=topic.name,
            body=topic.description,
            url=topic.get_absolute_url(),
            topics=[topic.slug],
        )
    for term in GlossaryTerm.objects.published().prefetch_related("topics"):
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
    glossary_in = glossary_matcher(list(GlossaryTerm.objects.published()))
    return replace_index([add_glossary(entry, glossary_in) for entry in content_entries()])


def add_glossary(entry, glossary_in):
    """Index an entry under the glossary terms it mentions; return it.

    A document that mentions a glossary term in any of its forms is indexed under all
    of them (weight B), so a query for any alias finds it, and under the term's token,
    which a query naming the term in any form looks for.
    """
    terms = glossary_in(f"{entry.title} {entry.body} {entry.keywords} {entry.context}")
    forms = [form for term in terms if entry.key != term.key for form in [term.term, *term.aliases]]
    tokens = [term_token(term.slug) for term in terms]
    entry.keywords = " ".join(filter(None, [entry.keywords, *forms, *tokens]))
    entry.title_terms = ". ".join(
        f"{term.term} {term_token(term.slug)}" for term in glossary_in(entry.title)
    )
    return entry


def replace_index(entries):
    """Store these entries as the whole index, with their vocabulary; return how many."""
    by_hash = sorted(entries, key=lambda entry: hashlib.md5(entry.key.encode()).hexdigest())
    for shuffle, entry in enumerate(by_hash):
        entry.shuffle = shuffle
    for position, entry in enumerate(entries):
        entry.position = position
        entry.prior = prior(entry)
        text = f"{entry.title} {entry.keywords} {entry.body} {entry.context}"
        entry.keywords = " ".join(filter(None, [entry.keywords, *compounds(text)]))
    with transaction.atomic():
        SearchEntry.objects.all().delete()
        # Stored in shuffle order, the first matches by it are read from adjacent pages.
        SearchEntry.objects.bulk_create(by_hash, batch_size=2000)
        mentions = _stemmed_mentions(GlossaryTerm.objects.published())
        if mentions:
            # Stored again rather than updated, so the rows stay in shuffle order.
            for entry in by_hash:
                for field_name, tokens in mentions.get(entry.id, {}).items():
                    setattr(entry, field_name, " ".join([getattr(entry, field_name), *tokens]))
            SearchEntry.objects.all().delete()
            SearchEntry.objects.bulk_create(by_hash, batch_size=2000)
        # Document frequency: in how many entries a word occurs.
        vocabulary = Counter()
        for entry in entries:
            text = f"{entry.title} {entry.keywords} {entry.body} {entry.context}"
            vocabulary.update({w for w in words(text) if not w.isdigit() and len(w) <= 100})
        SearchWord.objects.all().delete()
        SearchWord.objects.bulk_create(
            [SearchWord(word=w, frequency=n) for w, n in vocabulary.items()], batch_size=5000
        )
        transaction.on_commit(_content_changed)
    return len(entries)


def _stemmed_mentions(terms):
    """The glossary tokens to add to stored entries that match a term's name only
    through PostgreSQL's stemming ("accredited" for "accreditation", "community
    police" for "community policing"), which the word matcher of add_glossary misses,
    so that a token finds exactly what the name as a phrase finds:
    {entry id: {"keywords": [token, ...], "title_terms": [token, ...]}}."""
    table = SearchEntry._meta.db_table
    params = Parameters()
    rows = []
    for term in terms:
        token = params.add(term_token(term.slug))
        name = params.tsquery([("phrase", term.term)])
        rows.append(f"({token}, plainto_tsquery('english', {token}), {name})")
    mentions = {}
    if not rows:
        return mentions
    with connection.cursor() as cursor:
        for field_name, vector in [("keywords", "vector"), ("title_terms", "title_match")]:
            cursor.execute(
                f"""
                WITH terms (token, has_token, name) AS MATERIALIZED (VALUES {", ".join(rows)})
                SELECT e.id, terms.token FROM terms JOIN {table} e
                ON e.{vector} @@ terms.name AND NOT e.{vector} @@ terms.has_token
                """,
                params,
            )
            for entry_id, token in cursor.fetchall():
                mentions.setdefault(entry_id, {}).setdefault(field_name, []).append(token)
    return mentions


def prior(entry):
    """What an entry scores before any query: its type's boost, plus the title focus it
    would earn if its title matched (see ``search``). Ranks broad searches' candidates."""
    title_words = {w for w in words(entry.title) if w not in STOP_WORDS}
    return TYPE_BOOST.get(entry.type, 0.0) + min(1.0, 8.0 / (4.0 + len(title_words)))


def _content_changed():
    django_cache.delete_many([CACHE_KEY, VERSION_KEY])
    content_changed()  # cached public pages are stale too


# --- What a search needs besides the index: vocabulary, glossary and facet labels ---


@dataclass
class IndexData:
    vocabulary: dict[str, int]
    known_words: list[str]
    glossary: dict[tuple[str, ...], tuple[str, list[str]]]  # words of a form -> (slug, forms)
    definitions: dict[str, dict[str, str]]  # slug -> term, definition, url
    labels: dict[str, dict[str, str]]
    size: int  # entries in the index
    stems: frozenset[str] = frozenset()  # the stems of the vocabulary's words

    @cached_property
    def longest_phrase(self):
        return max((len(p) for p in self.glossary), default=1)


# Each process keeps the IndexData it last loaded, and a small version key in the
# shared cache says whether it is still current: a search unpickles nothing.
_loaded = {"version": None, "data": None}


def index_data() -> IndexData:
    version = django_cache.get(VERSION_KEY)
    if version is not None and version == _loaded["version"]:
        return _loaded["data"]
    data = django_cache.get(CACHE_KEY) if version is not None else None
    if data is None:
        glossary, definitions = {}, {}
        for term in GlossaryTerm.objects.published():
            forms = [term.term, *term.aliases]
            for form in forms:
                glossary[tuple(words(form))] = (term.slug, forms)
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
            known_words=[w for w in vocabulary if not w.startswith(TERM_TOKEN_PREFIX)],
            glossary=glossary,
            definitions=definitions,
            labels=labels,
            size=SearchEntry.objects.count(),
            stems=frozenset(stem(w) for w in vocabulary),
        )
        version = uuid.uuid4().hex
        django_cache.set_many({CACHE_KEY: data, VERSION_KEY: version}, CACHE_SECONDS)
    _loaded.update(version=version, data=data)
    return data


# --- Parsing what a person typed ----------------------------------------------------


@dataclass
class Group:
    """One part of the query: any of its alternatives counts as a match."""

    alternatives: list[tuple[str, str]]  # (kind, text): "plain" words or a "phrase"
    # A glossary term is matched by its token, but ranked by the term as written, and
    # marked in snippets as written and as typed.
    rank_by: list[tuple[str, str]] | None = None
    mark: list[tuple[str, str]] | None = None
    covers: int = 1  # how many of the typed words (not stop words) it stands for
    scale: float = 1.0  # less for the words of a glossary term, which back up its token

    @property
    def ranked(self):
        return self.alternatives if self.rank_by is None else self.rank_by

    @property
    def marked(self):
        return self.alternatives if self.mark is None else self.mark


@dataclass
class ParsedQuery:
    groups: list[Group] = field(default_factory=list)
    exclusions: list[tuple[str, str]] = field(default_factory=list)
    corrected: str | None = None
    glossary_slugs: list[str] = field(default_factory=list)
    # The words of the multi-word glossary terms typed, which rank less than the term.
    term_words: list[Group] = field(default_factory=list)
    # Words typed that no item contains in any form: searched without, and said so.
    missing: list[str] = field(default_factory=list)


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
            # A quoted glossary form finds the documents that mention the term in any
            # form, as it would unquoted: they all hold every form (see add_glossary).
            match = data.glossary.get(tuple(words(value)))
            group = _term_group(match, value, data) if match else Group([("phrase", value)])
            if match:
                parsed.term_words += _term_words(match, data)
                parsed.glossary_slugs.append(match[0])
            i += 1
        else:
            span, match = _glossary_span(units, i, data)
            if match:
                written = " ".join(value for _kind, value in units[i : i + span])
                group = _term_group(match, written, data, rank_by_term=True)
                group.covers = max(1, len([w for w in words(written) if w not in STOP_WORDS]))
                parsed.term_words += _term_words(match, data)
                parsed.glossary_slugs.append(match[0])
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
                if _missing(value, data):
                    parsed.missing.append(value)
                    continue
                group = Group(_word_alternatives(value))
        if pending_or and groups:
            last = groups[-1]
            last.rank_by = [*last.ranked, *group.ranked]
            last.mark = [*last.marked, *group.marked]
            last.alternatives = [*last.alternatives, *group.alternatives]
        else:
            groups.append(group)
        pending_or = False

    parsed.groups = groups[:MAX_GROUPS]
    if corrections:
        fixed_typed = []
        for token in typed:
            key = re.sub(r"-+", "-", "-".join(WORD.findall(token.lower())))
            fixed_typed.append(corrections.get(key, token))
        # Parse the corrected text again: it may now name a glossary term.
        corrected = " ".join(fixed_typed)
        parsed = parse(corrected, data, correct=False)
        parsed.corrected = corrected
    return parsed


def _missing(word, data):
    """Whether no item contains this word (or, for a compound, any of its parts)."""
    parts = [p for p in word.split("-") if p not in STOP_WORDS]
    if not all(p.isalpha() for p in parts):
        return False  # numbers are not in the vocabulary, but may be in the text
    return not any(in_corpus(p, data) for p in [word.replace("-", ""), *parts])


def _term_group(match, written, data, rank_by_term=False):
    """The group for a glossary term, written in one of its forms.

    Every document that mentions the term in any form is indexed under its token, so
    the token alone finds them all, with one index lookup and no phrase to check. It
    ranks by the term as written (or by its name), and snippets mark both. An index
    built before tokens existed has none: the term's phrase finds the same documents.
    """
    slug, forms = match
    token = term_token(slug)
    phrase = [("phrase", forms[0] if rank_by_term else written)]
    if token not in data.vocabulary:
        return Group(phrase)
    # Ranked by the form typed too: "seat belts" (a form of "officer safety") ranks
    # what says "seat belts" above the rest of officer safety.
    ranked = [("phrase", form) for form in dict.fromkeys([phrase[0][1], written])]
    return Group(
        [("plain", token)],
        rank_by=ranked,
        mark=[("phrase", form) for form in dict.fromkeys([forms[0], written])],
    )


def _term_words(match, data):
    """The words of a glossary term's name, each a group that ranks below the term: they
    find what says the same in other words ("require officers to intervene" for "duty
    to intervene"). From the name, not the form typed, so every alias finds the same."""
    _slug, forms = match
    content = [w for w in words(forms[0]) if w not in STOP_WORDS]
    if len(content) < 2:
        return []
    return [Group(_word_alternatives(w), scale=0.5) for w in content if not _missing(w, data)]


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
TSQUERY = {"plain": "plainto_tsquery", "phrase": "phraseto_tsquery"}
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


def _either(tsqueries):
    return "(" + " || ".join(tsqueries) + ")"


def _both(tsqueries):
    return "(" + " && ".join(tsqueries) + ")"


class Parameters(dict):
    """The values of one search statement, passed by name: each SQL fragment that
    uses one can be repeated in the statement without repeating the value."""

    def add(self, value) -> str:
        name = f"p{len(self)}"
        self[name] = value
        return f"%({name})s"

    def tsquery(self, alternatives) -> str:
        """A tsquery matching any of these (kind, text) alternatives."""
        return _either(
            f"{TSQUERY[kind]}('english', {self.add(text)})" for kind, text in alternatives
        )

    def facet_filter(self, name, value) -> str:
        """A chosen facet value as a condition on a search entry's columns."""
        if name == "pillar":
            return f"pillars @> ARRAY[{self.add(int(value))}]::smallint[]"
        if name == "topic":
            return f"topics @> ARRAY[{self.add(str(value))}]::varchar[]"
        if name == "chapter":
            return f"chapter = {self.add(int(value))}"
        if name in ("type", "source"):
            return f"{name} = {self.add(str(value))}"
        raise ValueError(f"Unknown filter {name!r}")


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
        return SearchResults(
            text,
            parsed.corrected,
            0,
            page,
            [],
            {f: [] for f in FACETS},
            glossary,
            missing=parsed.missing,
        )

    params = Parameters()
    every_group = parsed.groups + parsed.term_words
    groups = [params.tsquery(group.alternatives) for group in every_group]
    weights = [group_weight(group, data) for group in every_group]
    # Scaled so the query's own groups weigh one each on average, as the title focus
    # and type boosts they are added to expect.
    # A glossary term's words keep their own small weight, the same whichever alias
    # was typed.
    primary = len(parsed.groups)
    scale = primary / sum(weights[:primary])
    weights = [weight * scale for weight in weights[:primary]] + weights[primary:]
    minimum = _minimum_match(groups[:primary], parsed.groups, data)
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

    facets = {f: [] for f in FACETS}
    for facet in run.facets:
        facet["label"] = data.labels.get(facet["facet"], {}).get(facet["value"], facet["value"])
        facet["count"] = facet["count"] if facet_counts_exact else about(facet["count"] * scale)
        facets[facet.pop("facet")].append(facet)
    for name, value in filters.items():
        # A chosen value's count is the number of results, whatever the sample held.
        values = [f for f in facets[name] if f["value"] != str(value)]
        label = data.labels.get(name, {}).get(str(value), str(value))
        facets[name] = [*values, {"value": str(value), "count": count, "label": label}]
    for values in facets.values():
        values.sort(key=lambda f: (-f["count"], f["label"]))
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
