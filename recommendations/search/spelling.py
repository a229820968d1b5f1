"""Which typed words are misspellings, and what they were meant to be.

A word is left as typed when it is a real word: the corpus has it, or a word with the
same stem ("chief" for "chiefs"), or it is common English (wordfreq's Zipf frequency,
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

# Zipf 2 is about one use per hundred million words: "defund" (2.5), "sobriety" (3.2)
# and "tasers" (2.6) pass; misspellings such as "transparancy" (1.0) and "helth" (1.1)
# do not.
REAL_WORD_ZIPF = 2.0

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


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """The word's Snowball English stem, as PostgreSQL's 'english' configuration makes it."""
    return snowballstemmer.stemmer("english").stemWord(word)


@lru_cache(maxsize=10_000)
def is_english(word: str) -> bool:
    return zipf_frequency(word, "en") >= REAL_WORD_ZIPF


def in_corpus(word: str, data) -> bool:
    """Whether some item contains the word in some form (PostgreSQL matches by stem)."""
    return word in data.vocabulary or stem(word) in data.stems


def needs_correction(word: str, data) -> bool:
    if word in STOP_WORDS or len(word) < 4 or not word.isalpha():
        return False
    return not in_corpus(word, data) and not is_english(word)


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
    return min(ranked)[3] if ranked else word
