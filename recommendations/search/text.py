"""Words as search sees them: the tokens of a query and the glossary tokens."""

import re

# Glossary terms are indexed as one made-up word each: this prefix and the slug.
TERM_TOKEN_PREFIX = "glossaryterm"

WORD = re.compile(r"[a-z0-9]+")
COMPOUND = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)+")
TOKEN = re.compile(r'(-?)"([^"]*)"|(\S+)')


def words(text: str) -> list[str]:
    return WORD.findall(text.lower())


def term_token(slug: str) -> str:
    """The made-up word under which everything that mentions a glossary term is indexed."""
    return TERM_TOKEN_PREFIX + "".join(words(slug))


def compounds(text: str) -> list[str]:
    """Hyphenated words written solid, so 'deescalation' finds 'de-escalation'."""
    return [c.replace("-", "") for c in COMPOUND.findall(text.lower())]
