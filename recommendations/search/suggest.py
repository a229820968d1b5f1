"""Where to go when nothing matches: the glossary terms, topics and programs whose names
are nearest to what was typed."""

from django.urls import reverse
from rapidfuzz import fuzz, process

from ..models import Program

# Below this similarity (0-100) a name is not offered: it would only puzzle.
NEAREST_CUTOFF = 70
NEAREST_PER_KIND = 3


def _nearest(text, names):
    """The best few of {name: (label, url)} for the text, best first, one per label."""
    found = process.extract(
        text.lower(),
        {name: name.lower() for name in names},
        scorer=fuzz.token_set_ratio,
        score_cutoff=NEAREST_CUTOFF,
        limit=4 * NEAREST_PER_KIND,
    )
    picked = {}
    for _choice, _score, name in found:
        label, url = names[name]
        picked.setdefault(label, {"label": label, "url": url})
    return list(picked.values())[:NEAREST_PER_KIND]


def nearest(text: str, data) -> dict[str, list[dict]]:
    """The glossary terms, topics and programs nearest to `text`, for an empty result."""
    terms = {}
    for phrase, (slug, _forms) in data.glossary.items():
        definition = data.definitions.get(slug)
        if definition:
            terms[" ".join(phrase)] = (definition["term"], definition["url"])
    topics = {
        name: (name, reverse("recommendations:topic_detail", args=[slug]))
        for slug, name in data.labels["topic"].items()
    }
    programs = {}
    for program in Program.objects.published().only("slug", "name", "short_name"):
        for name in filter(None, [program.name, program.short_name]):
            programs[name] = (program.name, program.get_absolute_url())
    return {
        "glossary": _nearest(text, terms),
        "topics": _nearest(text, topics),
        "programs": _nearest(text, programs),
    }
