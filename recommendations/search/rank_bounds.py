"""How much ts_rank can add to an entry's score, known before ts_rank is read.

ts_rank is the costly part of a score, so a search adds it last, and only to the
entries whose score plus this bound (their *reach*) could still make the page (see
statement._ranked). The bounds come from PostgreSQL's tsrank.c, with ts_rank's
default weights: 1 for the title (A), 0.4 for keywords and glossary aliases (B), less
for the rest.

- A query of words joined by "or" (calc_rank_or) gives each distinct word
  (w + Σ wⱼ/j² − w/m²) / (π²/6), where the wⱼ are the weights of the word's places in
  order, w the heaviest and m its place, and divides the sum by the number of words.
  The title comes first in an entry's vector (``IndexedItem``), so a word in the title
  has its heaviest weight, 1, first: it adds less than Σ 1/j² / (π²/6) = 1. A word
  elsewhere adds less than 0.4·(1 + π²/6)/(π²/6), about 0.643. So an entry with none
  of the query's words in its title gains less than 0.643, and any entry less than 1.
  (Counting which words are in the title would give (k·1 + (n − k)·0.643) / n for k of
  n, but reading that for every match cost more than the ts_ranks it saved.)
- A query joined by "and", or a phrase (calc_rank_and), gives 1 − Π(1 − cᵢ) over pairs
  of places, each cᵢ below 1: less than 1 wherever the words are (with one distinct
  word it is ranked as "or", also below 1).
- A negation is counted like any word by calc_rank_or and not at all by the title
  check, so a query with one keeps the general RANK_BOUND.

A search caps each ts_rank at its entry's bound, so even a bound that PostgreSQL
broke could not make an entry score above its reach: the ranking stays exact.
"""

# Above anything ts_rank returns.
RANK_BOUND = 2.0
# Above what a word in the title adds, and above any "and" or phrase query's ts_rank.
IN_TITLE_BOUND = 1.001
# Above what a word off the title adds.
OFF_TITLE_BOUND = 0.65


def in_title(query) -> str:
    """SQL: whether any word of the ranked query is in the entry's title."""
    return f"title_vector @@ {_any_ranked_word(query)}"


def bound(query) -> str:
    """SQL, for a row with its ``ranked_in_title``: the most ts_rank can return for it."""
    return f"""CASE
        WHEN (SELECT {query.ranked}::text ~ '!') THEN {RANK_BOUND}::float8
        WHEN ranked_in_title OR (SELECT {query.ranked}::text ~ '[&<]')
            THEN {IN_TITLE_BOUND}::float8
        ELSE {OFF_TITLE_BOUND}::float8
        END"""


def _any_ranked_word(query) -> str:
    """A tsquery matching any word of the ranked one, whatever joins them."""
    return f"(SELECT regexp_replace({query.ranked}::text, '<[0-9-]+>|&', '|', 'g')::tsquery)"
