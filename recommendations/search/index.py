"""Building and loading the search index: ``SearchEntry`` rows copied from the content,
with their glossary tokens, and what a search needs besides (vocabulary, glossary,
facet labels), cached in each process and checked against a shared version key."""

import hashlib
import uuid
from collections import Counter
from dataclasses import dataclass
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
from .spelling import STOP_WORDS, stem
from .sql import Parameters
from .text import TERM_TOKEN_PREFIX, compounds, term_token, words

CACHE_KEY = "search-index-data"
VERSION_KEY = "search-index-version"
CACHE_SECONDS = 300

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


# --- Building the index -------------------------------------------------------------


def glossary_matcher(terms):
    """A function giving the glossary terms whose term or alias a text contains."""
    phrases = {}
    for term in terms:
        for phrase in [term.term, *term.search_forms]:
            normal = tuple(words(phrase))
            if normal:
                phrases[normal] = term
    longest = max(map(len, phrases), default=0)

    def matches(text):
        # At each word, the longest phrase that starts there (words are [a-z0-9]+, see
        # text.WORD, so a phrase is a run of whole words); a mention that starts inside a
        # longer one still counts. A dictionary of word runs, not one regular expression of
        # every phrase: the index rebuild spent half a second here.
        tokens = words(text)
        found = set()
        for start in range(len(tokens)):
            for size in range(min(longest, len(tokens) - start), 0, -1):
                term = phrases.get(tuple(tokens[start : start + size]))
                if term is not None:
                    found.add(term)
                    break
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
            keywords=", ".join(term.search_forms),
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
    forms = [
        form for term in terms if entry.key != term.key for form in [term.term, *term.search_forms]
    ]
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
            forms = [term.term, *term.search_forms]
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
