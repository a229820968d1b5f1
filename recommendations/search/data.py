"""What a search needs besides the index: the vocabulary, the glossary and the facet
labels, loaded once per process and checked against a version key in the shared cache,
which every change of the index replaces."""

import uuid
from dataclasses import dataclass
from functools import cached_property

from django.core.cache import cache as django_cache

from ..models import (
    Chapter,
    GlossaryTerm,
    ItemType,
    Pillar,
    SearchEntry,
    SearchWord,
    Source,
    Topic,
)
from .spelling import stem
from .text import TERM_TOKEN_PREFIX, words

CACHE_KEY = "search-index-data"
VERSION_KEY = "search-index-version"
CACHE_SECONDS = 300


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
