"""Which typed words are misspellings, and what they were meant to be.

A word is left as typed when it is a real word: the corpus has it, or a word with the
same stem ("chief" for "chiefs"), or it is common in the search language (wordfreq's Zipf frequency,
from word lists that ship inside the package, so no network is needed). Only a word
that is none of these is corrected, to the closest corpus word. A real word the corpus
lacks ("immunity") is reported as missing, never swapped for a look-alike
("community").
"""

from functools import lru_cache

import jellyfish
import snowballstemmer
from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein
from wordfreq import zipf_frequency

from .languages import current

# Zipf 2 is about one use per hundred million words: "defund" (2.5), "sobriety" (3.2)
# and "tasers" (2.6) pass; misspellings such as "transparancy" (1.0) and "helth" (1.1)
# do not.
REAL_WORD_ZIPF = 2.0


def is_stop_word(word: str) -> bool:
    """Whether a word is one of the search language's stop words, which never match, so
    never form a group ("cómo" as well as "como")."""
    return current().is_stop_word(word)


def stem(word: str) -> str:
    """The word's Snowball stem, as the search language's PostgreSQL configuration makes it."""
    return _stem(current().config, word)


def phrase_stems(phrase_words) -> tuple[str, ...]:
    """The stems of a phrase's words other than stop words: the phrase in any of its
    forms ("pistolas paralizantes", "pistola paralizante"; "policías en la escuela",
    "policía en las escuelas") gives the same."""
    return tuple(stem(word) for word in phrase_words if not is_stop_word(word))


@lru_cache(maxsize=50_000)
def _stem(language: str, word: str) -> str:
    return snowballstemmer.stemmer(language).stemWord(word)


def is_common_word(word: str) -> bool:
    """Whether the word is common in the search language (English or Spanish)."""
    return _is_common(current().code, word)


@lru_cache(maxsize=10_000)
def _is_common(language: str, word: str) -> bool:
    return zipf_frequency(word, language) >= REAL_WORD_ZIPF


def in_corpus(word: str, data) -> bool:
    """Whether some item contains the word in some form (PostgreSQL matches by stem)."""
    return word in data.vocabulary or stem(word) in data.stems


def needs_correction(word: str, data) -> bool:
    if is_stop_word(word) or len(word) < 4 or not word.isalpha():
        return False
    return not in_corpus(word, data) and not is_common_word(word)


# A misspelling that sounds like the word meant may be this many edits away
# ("oversite" for "oversight"); one that does not, one edit (short words) or two.
SOUNDS_ALIKE_EDITS = 3


def correct_word(word: str, data) -> str:
    """The closest corpus word to a misspelt word, or the word itself if it is a real
    word or nothing is close.

    People misspell by sound as often as by slip of the finger, so sounding the same
    (Metaphone, from jellyfish) counts as one edit fewer, and wins a tie: "oversite"
    means "oversight" (three edits), not "overtime" (two), while "trainign" is still
    "training" (one), not "train" (three). Then the most common word.
    """
    if with_accents(word, data) != word:
        return with_accents(word, data)  # typed without its accents, "policia" for "policía"
    if not needs_correction(word, data):
        return word
    limit = 1 if len(word) <= 5 else 2
    candidates = process.extract(
        word,
        data.known_words,
        scorer=DamerauLevenshtein.distance,
        score_cutoff=max(limit, SOUNDS_ALIKE_EDITS),
        limit=40,
    )
    sound = jellyfish.metaphone(word)
    ranked = []
    for candidate, edits, _index in candidates:
        alike = jellyfish.metaphone(candidate) == sound
        if edits <= limit or alike:
            ranked.append((edits - alike, not alike, -data.vocabulary[candidate], candidate))
    return with_accents(min(ranked)[3], data) if ranked else word


def with_accents(word: str, data) -> str:
    """The word as the corpus mostly writes it: "policía" for "policia", which Snowball
    stems apart ("polici", not "polic") and so finds only the few places that write it
    so (a glossary alias kept for people who type without accents)."""
    accented = data.accented.get(word)
    if accented and data.vocabulary.get(accented, 0) > data.vocabulary.get(word, 0):
        return accented
    return word
