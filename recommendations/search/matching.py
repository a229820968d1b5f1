"""Which entries a query matches, and what each part of it weighs.

A word that occurs in many entries ("police", "community") says little about what a
person wants: as in Elasticsearch's common-terms query, such a word alone does not
make an entry a match; it ranks the entries that the query's rarer words find, or
that match at least half of what was typed. A query of one common word matches by it. The
rule looks at each word's share of the index, not at its size, so a query finds the
same kind of entries in 400 items as in 100,000, and a broad query stays narrow
enough to rank every match.
"""

import itertools
import math
from dataclasses import dataclass

from .sql import _both, _either
from .text import words

# A group whose words occur in more than this share of entries is common.
COMMON_SHARE = 0.2
# Beyond this many ways to pick half the groups, any one common group will do.
MAX_COMBINATIONS = 64


@dataclass
class Condition:
    """The tsquery an entry must match, and one that a title matching it satisfies."""

    tsquery: str
    # None when a title match alone does not prove the entry matches (half the groups).
    title_tsquery: str | None


def frequency(group, data) -> int:
    """In how many entries a group's words occur: a cheap estimate of its matches."""
    return max(
        min((data.frequency(w) for w in words(text)), default=0)
        for _kind, text in group.alternatives
    )


def is_common(group, data) -> bool:
    return frequency(group, data) > COMMON_SHARE * max(data.size, 1)


def condition(tsqueries, groups, primary, data) -> Condition:
    """What an entry must match: any rare group typed, or half the words of a glossary
    term typed (if one of them is rare), or at least half of the first `primary`
    groups, the ones typed (two at least). A query of one common group matches by it."""
    typed = tsqueries[:primary]
    rare_typed = [
        sql
        for sql, group in zip(typed, groups[:primary], strict=True)
        if not is_common(group, data)
    ]
    rare = rare_typed + _term_words(tsqueries[primary:], groups[primary:], data)
    combinations = []
    if len(typed) >= 2:
        required = max(2, math.ceil(len(typed) / 2))
        combinations = list(itertools.combinations(typed, required))
    if len(combinations) > MAX_COMBINATIONS:
        return Condition(_either(typed), _either(typed))  # a long query: any word counts
    if not combinations:
        either = _either(rare or typed)
        return Condition(either, either)
    # A combination with a rare group in it matches nothing that group alone does not:
    # left out, it costs PostgreSQL nothing to check (a third of a broad search).
    common = [c for c in combinations if not set(c) & set(rare_typed)]
    return Condition(_either([*rare, *(_both(c) for c in common)]), None)


def _term_words(tsqueries, groups, data):
    """For each glossary term's words: any `needs` of them, if one of those is rare."""
    by_term = {}
    for sql, group in zip(tsqueries, groups, strict=True):
        by_term.setdefault(group.term, []).append((sql, group))
    found = []
    for words_of_term in by_term.values():
        needs = words_of_term[0][1].needs
        for chosen in itertools.combinations(words_of_term, needs):
            if not all(is_common(group, data) for _sql, group in chosen):
                found.append(_both(sql for sql, _group in chosen))
    return found[:MAX_COMBINATIONS]


def group_weight(group, data) -> float:
    """What matching a group adds to the score: one for each typed word it stands for
    (a three-word glossary term outweighs a fourth word), less for words so common
    that they tell little ("calls", "police"), as inverse document frequency does."""
    size = max(data.size, 1)
    rarity = math.log((size + 1) / (min(frequency(group, data), size) + 1)) / math.log(size + 1)
    return group.scale * group.covers * (0.5 + 0.5 * rarity)


def weights(parsed, data) -> list[float]:
    """The weight of each group of the query, then of each glossary term's words.

    Scaled so the query's own groups weigh one each on average, as the title focus
    and type boosts they are added to expect. A glossary term's words keep their own
    small weight, the same whichever alias was typed.
    """
    weighed = [group_weight(group, data) for group in parsed.groups + parsed.term_words]
    primary = len(parsed.groups)
    scale = primary / sum(weighed[:primary])
    return [weight * scale for weight in weighed[:primary]] + weighed[primary:]
