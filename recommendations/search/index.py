"""Storing the search index: ``SearchEntry`` rows built from the content (entries.py),
with their glossary tokens, static scores and the vocabulary that spelling corrections
and word weights read.

``rebuild_index`` replaces every entry (the loader, a change of a glossary term or a
topic); ``update_items`` replaces only the entries of the items a curator changed, so
an admin save costs milliseconds, not a rebuild of every entry.
"""

import hashlib
from collections import Counter

from django.core.cache import cache as django_cache
from django.db import connection, transaction
from django.db.models import Count, Max, Q
from django.utils import translation

from portal.middleware import content_changed

from ..models import GlossaryTerm, ItemType
from .data import CACHE_KEY, VERSION_KEY
from .entries import add_glossary, content_entries, glossary_matcher, item_entries
from .languages import ENGLISH, LANGUAGES, current
from .spelling import is_stop_word
from .sql import Parameters
from .text import compounds, term_token, words

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


def rebuild_index():
    """Replace both languages' indexes with the current content; return the number of
    English entries."""
    sizes = {}
    for language in LANGUAGES:
        with translation.override(language.code):
            sizes[language.code] = _rebuild()
    return sizes[ENGLISH.code]


def _rebuild():
    glossary_in = glossary_matcher(list(GlossaryTerm.objects.published()))
    return replace_index([add_glossary(entry, glossary_in) for entry in content_entries()])


def replace_index(entries):
    """Store these entries as the whole index, with their vocabulary; return how many."""
    # The shuffle numbers are a random order of the whole index, by the MD5 of the key.
    by_hash = sorted(entries, key=lambda entry: _hash(entry.key))
    for shuffle, entry in enumerate(by_hash):
        entry.shuffle = shuffle
    for position, entry in enumerate(entries):
        entry.position = position
        _complete(entry)
    _add_mentions(by_hash, _stemmed_mentions(GlossaryTerm.objects.published(), by_hash))
    SearchEntry, SearchWord = current().entries, current().words
    with transaction.atomic():
        SearchEntry.objects.all().delete()
        # Stored in shuffle order, the first matches by it are read from adjacent pages.
        SearchEntry.objects.bulk_create(by_hash, batch_size=2000)
        SearchWord.objects.all().delete()
        SearchWord.objects.bulk_create(
            [SearchWord(word=w, frequency=n) for w, n in _vocabulary(entries).items()],
            batch_size=5000,
        )
        transaction.on_commit(_content_changed)
    return len(entries)


def update_items(items) -> bool:
    """Replace the entries of these items of guidance, in both languages, and nothing
    else; return False if one of them is content other entries are built from (see
    entries.item_entries), which needs ``rebuild_index`` instead."""
    with transaction.atomic():
        for language in LANGUAGES:
            with translation.override(language.code):
                if not _update_items(items):
                    return False
    return True


def _update_items(items) -> bool:
    SearchEntry = current().entries
    if SearchEntry.objects.filter(origin="").exists():
        return False  # an index built before entries knew their items
    origins, entries = [], []
    for item in items:
        found = item_entries(item)
        if found is None:
            return False
        origins += found[0]
        entries += found[1]
    terms = list(GlossaryTerm.objects.published())
    glossary_in = glossary_matcher(terms)
    entries = [add_glossary(entry, glossary_in) for entry in entries]
    with transaction.atomic():
        old = list(
            SearchEntry.objects.filter(
                Q(origin__in=origins) | Q(key__in=[entry.key for entry in entries])
            )
        )
        _place(entries, old)
        _add_mentions(entries, _stemmed_mentions(terms, entries))
        SearchEntry.objects.filter(pk__in=[entry.pk for entry in old]).delete()
        SearchEntry.objects.bulk_create(entries)
        _update_vocabulary(removed=old, added=entries)
        transaction.on_commit(_content_changed)
    return True


def _hash(key):
    return int(hashlib.md5(key.encode()).hexdigest(), 16)


def facet_key(entry):
    """A number shared by the entries with the same facet values (statement._facets).
    Always negative: the rows stored before it existed have their own id (migration 0015)."""
    facets = (entry.type, entry.source, entry.chapter, entry.pillars, entry.topics)
    return -1 - _hash(repr(facets)) % 2**62


def _complete(entry):
    """Add what an entry needs besides its text: its static score, and its hyphenated
    words written solid ("deescalation" finds "de-escalation")."""
    entry.prior = prior(entry)
    entry.facet_key = facet_key(entry)
    text = f"{entry.title} {entry.keywords} {entry.body} {entry.context}"
    entry.keywords = " ".join(filter(None, [entry.keywords, *compounds(text)]))


def _place(entries, old):
    """Give new entries their order among equals and their shuffle number: an item's
    entry keeps those of the entry it replaces; a new one goes last among equals and
    takes a uniform random shuffle number (from its key), as the full rebuild's are."""
    kept = {entry.origin: entry for entry in old}
    index = current().entries.objects.aggregate(last=Max("position"), size=Count("id"))
    last, size = index["last"] or 0, max(index["size"], 1)
    for entry in entries:
        before = kept.get(entry.origin)
        if before is None:
            last += 1
        entry.position = before.position if before else last
        entry.shuffle = before.shuffle if before else _hash(entry.key) % size
        _complete(entry)


def _add_mentions(entries, mentions):
    for n, entry in enumerate(entries):
        for field_name, tokens in mentions.get(n, {}).items():
            setattr(entry, field_name, " ".join([getattr(entry, field_name), *tokens]))


def _words_of(entry):
    text = f"{entry.title} {entry.keywords} {entry.body} {entry.context}"
    return {w for w in words(text) if not w.isdigit() and len(w) <= 100}


def _vocabulary(entries):
    """Document frequency: in how many entries each word occurs."""
    vocabulary = Counter()
    for entry in entries:
        vocabulary.update(_words_of(entry))
    return vocabulary


def _update_vocabulary(removed, added):
    """Add the new entries' words to the document frequencies and take the old ones'
    away, in one statement; a word no entry holds any more leaves the vocabulary."""
    change = _vocabulary(added)
    change.subtract(_vocabulary(removed))
    deltas = {word: delta for word, delta in change.items() if delta}
    if not deltas:
        return
    table = current().words._meta.db_table
    gained = {word: delta for word, delta in deltas.items() if delta > 0}
    lost = {word: -delta for word, delta in deltas.items() if delta < 0}
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {table} (word, frequency)
            SELECT word, n FROM unnest(%s::text[], %s::int[]) AS gained (word, n)
            ON CONFLICT (word) DO UPDATE SET frequency = {table}.frequency + EXCLUDED.frequency
            """,
            [list(gained), list(gained.values())],
        )
        cursor.execute(
            f"""
            UPDATE {table} SET frequency = greatest(0, frequency - lost.n)
            FROM unnest(%s::text[], %s::int[]) AS lost (word, n) WHERE {table}.word = lost.word
            """,
            [list(lost), list(lost.values())],
        )
        cursor.execute(f"DELETE FROM {table} WHERE frequency = 0")


def _stemmed_mentions(terms, entries):
    """The glossary tokens to add to these entries, before they are stored, where they
    match a term's name only through PostgreSQL's stemming ("accredited" for
    "accreditation", "community police" for "community policing"), which the word
    matcher of add_glossary misses, so that a token finds exactly what the name as a
    phrase finds: {index in entries: {"keywords": [token, ...], "title_terms": [...]}}.

    The entries' vectors are computed here with the table's own generation expressions,
    so each row is written once: storing the rows and then rewriting them would leave
    the table twice its size after every rebuild, and every broad search reads it all.
    """
    params = Parameters()
    rows = []
    for term in terms:
        token = params.add(term_token(term.slug))
        name = params.tsquery([("phrase", term.term)])
        rows.append(f"({token}, plainto_tsquery('{current().config}', {token}), {name})")
    if not rows or not entries:
        return {}
    columns = ["title", "keywords", "body", "context", "title_terms"]
    arrays = ", ".join(
        f"{params.add([getattr(entry, column) for entry in entries])}::text[]" for column in columns
    )
    vector, title_match = _generation("vector"), _generation("title_match")
    mentions = {}
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH terms (token, has_token, name) AS MATERIALIZED (VALUES {", ".join(rows)}),
            e AS MATERIALIZED (
                SELECT n - 1 AS n, {vector} AS vector, {title_match} AS title_match
                FROM unnest({arrays}) WITH ORDINALITY AS e ({", ".join(columns)}, n)
            )
            SELECT e.n, terms.token,
                e.vector @@ terms.name AND NOT e.vector @@ terms.has_token,
                e.title_match @@ terms.name AND NOT e.title_match @@ terms.has_token
            FROM terms, e
            WHERE e.vector @@ terms.name AND NOT e.vector @@ terms.has_token
                OR e.title_match @@ terms.name AND NOT e.title_match @@ terms.has_token
            """,
            params,
        )
        for n, token, in_text, in_title in cursor.fetchall():
            found = mentions.setdefault(n, {})
            if in_text:
                found.setdefault("keywords", []).append(token)
            if in_title:
                found.setdefault("title_terms", []).append(token)
    return mentions


def _generation(column):
    """The expression PostgreSQL computes a stored generated column of the index with."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT pg_get_expr(d.adbin, d.adrelid) FROM pg_attrdef d
            JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
            WHERE d.adrelid = %s::regclass AND a.attname = %s
            """,
            [current().table, column],
        )
        return cursor.fetchone()[0]


def prior(entry):
    """What an entry scores before any query: its type's boost, plus the title focus it
    would earn if its title matched (see statement._score). Ranks broad searches'
    candidates."""
    title_words = {w for w in words(entry.title) if not is_stop_word(w)}
    return TYPE_BOOST.get(entry.type, 0.0) + min(1.0, 8.0 / (4.0 + len(title_words)))


def _content_changed():
    django_cache.delete_many([CACHE_KEY, VERSION_KEY])  # data.index_data loads anew
    content_changed()  # cached public pages are stale too
