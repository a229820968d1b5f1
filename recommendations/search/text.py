"""Words as search sees them: the tokens of a query and the glossary tokens."""

import re

# Glossary terms are indexed as one made-up word each: this prefix and the slug.
TERM_TOKEN_PREFIX = "glossaryterm"

# Letters of any alphabet, so that "policía" is one word, as PostgreSQL reads it.
WORD = re.compile(r"[^\W_]+")
COMPOUND = re.compile(r"[^\W_]+(?:-[^\W_]+)+")
TOKEN = re.compile(r'(-?)"([^"]*)"|(\S+)')


def words(text: str) -> list[str]:
    return WORD.findall(text.lower())


def term_token(slug: str) -> str:
    """The made-up word under which everything that mentions a glossary term is indexed."""
    return TERM_TOKEN_PREFIX + "".join(words(slug))


def compounds(text: str) -> list[str]:
    """Hyphenated words written solid, so 'deescalation' finds 'de-escalation'."""
    return [c.replace("-", "") for c in COMPOUND.findall(text.lower())]
