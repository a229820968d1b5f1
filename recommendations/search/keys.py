"""A query that names an item by its key goes straight to the item.

People copy keys from the reports and from our pages in many forms: "NE-3.2", "ne 3.2",
"New Era 3.2", "TF 1.4.2", "Task Force 2.2", "IG-community-1", "program:cri-tac", and in
Spanish "Nueva Era 3.2" or "recomendación TF-2.2". Each is read back to the one stored
key; words alone ("police") never are.
"""

import re

from django.utils.html import escape

from .languages import current

SOURCE_NAMES = {
    "ne": "NE",
    "new era": "NE",
    "nueva era": "NE",
    "tf": "TF",
    "task force": "TF",
    "grupo de trabajo": "TF",
}
# Spanish readers name a key as "Nueva Era 3.2", "Grupo de Trabajo 2.2" or
# "recomendación NE-3.2" (the word first, as Spanish puts it).
NUMBERED = re.compile(
    r"(?:recomendaci[oó]n |acci[oó]n )?"
    r"(ne|new era|nueva era|tf|task force|grupo de trabajo)(?: of public safety| report)?"
    r"(?: recommendation| action item)?\s*[-:#]?\s*"
    r"(\d{1,2})[.\-\s](\d{1,2})(?:[.\-\s](\d{1,2}))?",
)
PILLAR = re.compile(r"tf[-\s]?p(\d)")
GUIDE = re.compile(r"ig[-\s]?(community|law[-\s]enforcement|local[-\s]government)[-\s](\d{1,2})")
PREFIXED = re.compile(r"(program|topic|glossary):\s*([a-z0-9][a-z0-9-]*)")


def key_named_by(text: str) -> str | None:
    """The stored form of the key a query consists of, or None if it is not just a key."""
    text = " ".join(text.lower().replace("–", "-").split()).strip(" .")
    if match := NUMBERED.fullmatch(text):
        source, *numbers = match.groups()
        return SOURCE_NAMES[source] + "-" + ".".join(str(int(n)) for n in numbers if n)
    if match := PILLAR.fullmatch(text):
        return f"TF-P{match[1]}"
    if match := GUIDE.fullmatch(text):
        stakeholder = re.sub(r"[-\s]", "-", match[1])
        return f"IG-{stakeholder}-{int(match[2])}"
    if match := PREFIXED.fullmatch(text):
        return f"{match[1]}:{match[2]}"
    return None


def item_named_by(text: str) -> dict | None:
    """The search result for the public item a query names by its key, if there is one."""
    key = key_named_by(text)
    if key is None:
        return None
    entry = (
        current()
        .entries.objects.filter(key=key)
        .values("key", "type", "title", "url", "source", "pillars", "topics")
        .first()
    )
    if entry is None:
        return None
    return {**entry, "snippet": escape(entry["title"])}
