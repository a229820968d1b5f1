"""What a search needs besides the index: the vocabulary, the glossary and the facet
labels, loaded once per process and checked against a version key in the shared cache,
which every change of the index replaces."""

import uuid
from dataclasses import dataclass, field
from functools import cached_property

from django.core.cache import cache as django_cache

from ..models import (
    Chapter,
    GlossaryTerm,
    ItemType,
    Pillar,
    Source,
    Topic,
)
from .entries import chapter_title, glossary_forms, pillar_name, stemmed_forms
from .languages import current, fold
from .spelling import phrase_stems, stem
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
    accented: dict[str, str] = field(default_factory=dict)  # "policia" -> "policía"
    # Entries per stem, summed over the stem's words and capped at the index's size
    # (an upper bound), where the language reads frequencies by stem.
    stem_frequency: dict[str, int] | None = None
    # Where the language reads forms by stem: the stems of each glossary form of two or
    # more words -> (slug, forms), so "pistolas paralizantes" is "pistola paralizante".
    glossary_stems: dict[tuple[str, ...], tuple[str, list[str]]] = field(default_factory=dict)

    def frequency(self, word: str) -> int:
        """In how many entries a word occurs, as PostgreSQL matches it (see
        languages.SearchLanguage.forms_by_stem)."""
        own = self.vocabulary.get(word, 0)
        if self.stem_frequency is None or word.startswith(TERM_TOKEN_PREFIX):
            return own
        return max(own, self.stem_frequency.get(stem(word), 0))

    @cached_property
    def longest_phrase(self):
        return max((len(p) for p in self.glossary), default=1)


# Each process keeps the IndexData it last loaded per language, and a small version key
# in the shared cache says whether it is still current: a search unpickles nothing. One
# version serves both languages, since every change of the content rebuilds both indexes.
_loaded: dict[str, tuple[str, IndexData]] = {}


def index_data() -> IndexData:
    """What a search in the current language (languages.current) needs besides its index."""
    code = current().code
    version = django_cache.get(VERSION_KEY)
    if version is not None and _loaded.get(code, (None,))[0] == version:
        return _loaded[code][1]
    if version is None:
        django_cache.add(VERSION_KEY, uuid.uuid4().hex, CACHE_SECONDS)
        version = django_cache.get(VERSION_KEY)
    key = f"{CACHE_KEY}:{code}:{version}"
    data = django_cache.get(key)
    if data is None:
        data = _load()
        django_cache.set(key, data, CACHE_SECONDS)
    _loaded[code] = (version, data)
    return data


def _load():
    glossary, glossary_stems, definitions = {}, {}, {}
    for term in GlossaryTerm.objects.published():
        forms = glossary_forms(term)
        for form in forms:
            glossary[tuple(words(form))] = (term.slug, forms)
            glossary.setdefault(tuple(words(fold(form))), (term.slug, forms))
        for form in stemmed_forms(term):
            if len(phrase_stems(words(form))) > 1:
                glossary_stems.setdefault(phrase_stems(words(form)), (term.slug, forms))
        definitions[term.slug] = {
            "term": term.term,
            "definition": term.definition,
            "url": term.get_absolute_url(),
        }
    glossary.pop((), None)
    labels = {
        "type": {value: str(label) for value, label in ItemType.choices},
        "source": {s.slug: s.short_title for s in Source.objects.all()},
        "pillar": {str(p.number): f"{p.number}. {pillar_name(p)}" for p in Pillar.objects.all()},
        "chapter": {
            str(c.number): f"{c.number}. {chapter_title(c)}" for c in Chapter.objects.all()
        },
        "topic": {t.slug: t.name for t in Topic.objects.all()},
    }
    vocabulary = dict(current().words.objects.values_list("word", "frequency"))
    size = current().entries.objects.count()
    return IndexData(
        vocabulary=vocabulary,
        known_words=[w for w in vocabulary if not w.startswith(TERM_TOKEN_PREFIX)],
        glossary=glossary,
        glossary_stems=glossary_stems,
        definitions=definitions,
        labels=labels,
        size=size,
        stems=frozenset(stem(w) for w in vocabulary),
        accented=_accented(vocabulary),
        stem_frequency=_by_stem(vocabulary, size) if current().forms_by_stem else None,
    )


def _by_stem(vocabulary, size):
    found = {}
    for word, frequency in vocabulary.items():
        if not word.startswith(TERM_TOKEN_PREFIX):
            found[stem(word)] = found.get(stem(word), 0) + frequency
    return {word_stem: min(frequency, size) for word_stem, frequency in found.items()}


def _accented(vocabulary):
    """The vocabulary's words with accents, by their form without: the most frequent one."""
    found = {}
    for word, _frequency in sorted(vocabulary.items(), key=lambda item: item[1]):
        if fold(word) != word:
            found[fold(word)] = word
    return found
