"""Reading what a person typed: words, quoted phrases, exclusions, "or", glossary
terms and corrections, into the groups a search matches."""

import re
from dataclasses import dataclass, field

from .data import IndexData
from .spelling import correct_word, in_corpus, is_stop_word, phrase_stems, with_accents
from .text import TOKEN, WORD, term_token, words

MAX_GROUPS = 12


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
    # For a glossary term's words: the term, and how many of its words an entry needs.
    term: str | None = None
    needs: int = 1

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
    """Read what a person typed into the groups a search matches.

    A misspelt word is corrected, and the corrected text read again, since it may now
    name a glossary term; ``corrected`` says what was searched instead.
    """
    if text.count('"') % 2:
        text = text[::-1].replace('"', "", 1)[::-1]  # an unclosed quote is dropped
    parsed = ParsedQuery()
    units, typed = _units(text, parsed)
    corrections = {}
    pending_or = False
    i = 0
    while i < len(units):
        kind, value = units[i]
        if kind == "or":
            pending_or = bool(parsed.groups)
            i += 1
            continue
        group, span = _group_at(units, i, data, parsed, corrections if correct else None)
        i += span
        if group is None:
            continue
        if pending_or and parsed.groups:
            _join(parsed.groups[-1], group)
        else:
            parsed.groups.append(group)
        pending_or = False
    parsed.groups = parsed.groups[:MAX_GROUPS]
    if not corrections:
        return parsed
    corrected = " ".join(corrections.get(_normal(token), token) for token in typed)
    parsed = parse(corrected, data, correct=False)
    parsed.corrected = corrected
    return parsed


def _normal(token):
    """A typed token as a word unit: lower case, its punctuation as single hyphens."""
    return re.sub(r"-+", "-", "-".join(WORD.findall(token.lower())))


def _units(text, parsed):
    """The query's units, (kind, text) with kind "word", "phrase" or "or", and the
    tokens as typed; exclusions go straight to `parsed`."""
    units, typed = [], []
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
            if _normal(word):
                units.append(("word", _normal(word)))
            typed.append(word)
    return units, typed


def _group_at(units, i, data, parsed, corrections):
    """The group that starts at unit i, and how many units it takes. A glossary term
    (quoted or not) becomes its term's group; a word is corrected if `corrections`
    is given, and gives no group if it is a stop word or no item contains it."""
    kind, value = units[i]
    span, match = (1, data.glossary.get(tuple(words(value)))) if kind == "phrase" else (1, None)
    if kind == "word":
        span, match = _glossary_span(units, i, data)
    if match:
        written = value if kind == "phrase" else " ".join(v for _k, v in units[i : i + span])
        group = _term_group(match, written, data, rank_by_term=kind == "word")
        if kind == "word":
            group.covers = max(1, len([w for w in words(written) if not is_stop_word(w)]))
        parsed.term_words += _term_words(match, data)
        parsed.glossary_slugs.append(match[0])
        return group, span
    if kind == "phrase":
        return Group([("phrase", value)]), 1
    if corrections is not None and _may_be_misspelt(value, data):
        fixed = "-".join(correct_word(part, data) for part in value.split("-"))
        if fixed != value:
            corrections[value] = fixed
            value = fixed
    if all(is_stop_word(p) for p in value.split("-")):
        return None, 1
    if _missing(value, data):
        parsed.missing.append(value)
        return None, 1
    return Group(_word_alternatives(value)), 1


def _may_be_misspelt(word, data):
    """Whether a word needs a look for its correction: no item has it as typed, or the
    corpus mostly writes it with accents ("policia", which a glossary alias also has)."""
    return word.replace("-", "") not in data.vocabulary or with_accents(word, data) != word


def _join(group, other):
    """`group or other`: either one's alternatives match."""
    group.rank_by = [*group.ranked, *other.ranked]
    group.mark = [*group.marked, *other.marked]
    group.alternatives = [*group.alternatives, *other.alternatives]


def _missing(word, data):
    """Whether no item contains this word (or, for a compound, any of its parts)."""
    parts = [p for p in word.split("-") if not is_stop_word(p)]
    if any(p.isdigit() for p in parts):
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
    to intervene"), where at least half of them appear ("conducting" alone is not about
    a conducted electrical weapon). From the name, not the form typed, so every alias
    finds the same."""
    slug, forms = match
    content = [w for w in words(forms[0]) if not is_stop_word(w)]
    if len(content) < 2:
        return []
    needs = (len(content) + 1) // 2
    return [
        Group(_word_alternatives(w), scale=0.5, term=slug, needs=needs)
        for w in content
        if not _missing(w, data)
    ]


def _whole(phrase):
    """Whether a run of words can be another form of a glossary phrase: not begun or
    ended by a stop word ("cómo presento una queja" is "presento una queja")."""
    return not is_stop_word(phrase[0]) and not is_stop_word(phrase[-1])


def _glossary_span(units, start, data):
    """The longest run of words from `start` that is a glossary term or alias."""
    for length in range(min(data.longest_phrase, len(units) - start), 0, -1):
        run = units[start : start + length]
        if any(kind != "word" for kind, _ in run):
            continue
        phrase = tuple(w for _, value in run for w in value.split("-"))
        if phrase in data.glossary:
            return length, data.glossary[phrase]
        if _whole(phrase) and phrase_stems(phrase) in data.glossary_stems:
            return length, data.glossary_stems[phrase_stems(phrase)]  # another form of it
    return 1, None
