"""What the API adds to an item when it answers in Spanish (``?lang=es``, ADR 13).

Our own text (summaries, topic names, glossary definitions) comes in Spanish by itself:
modeltranslation gives the active language's column, and the English one where an item
has no Spanish version yet. Addresses lead to the /es/ pages, since reverse() follows the
active language too. What is left is said here: quoted wording stays in English, with our
unofficial rendering beside it, and every item says which language its text is in and,
when it is a translation, who made it, whether a curator has reviewed it, and where the
English original is. English answers get none of this, so they stay as they always were.
"""

from django.conf import settings
from django.utils import translation

from .models import Chapter, Pillar, Recommendation, StakeholderAction
from .spanish import has_spanish, in_spanish

TRANSLATOR = "Common Ground"

# For the items whose title is quoted from their source: the field holding its rendering.
TITLE_RENDERINGS = {
    Recommendation: "wording_es",  # a New Era recommendation's title is its wording
    StakeholderAction: "text_es",
    Pillar: "name_es",
    Chapter: "title_es",
}

# The columns a Spanish CSV adds to the English ones, which stay as they are.
SPANISH_COLUMNS = ["language", "translation_reviewed", "english_url"]
SPANISH_ITEM_COLUMNS = ["title_es", *SPANISH_COLUMNS]
SPANISH_RECOMMENDATION_COLUMNS = ["title_es", "wording_es", *SPANISH_COLUMNS]
# What the CSV-only columns hold (the others are described in openapi.json).
CSV_MEANINGS = {
    "translation_reviewed": "Spanish files only: True when a curator has reviewed the Spanish "
    "text against the English, False while it is a machine-assisted translation not yet "
    "reviewed; empty when the item has no Spanish version (its text is in English).",
    "english_url": "Spanish files only: the address of the English page this text translates; "
    "empty when the item has no Spanish version.",
}


def quotes_its_title(obj) -> bool:
    if isinstance(obj, Recommendation):
        return bool(obj.wording)  # a Task Force recommendation's title is our summary
    return type(obj) in TITLE_RENDERINGS


def described(obj, data):
    """`data`, the item as the API gives it, with what a Spanish answer adds to it."""
    if not in_spanish():
        return data
    if quotes_its_title(obj):
        data["title_es"] = getattr(obj, TITLE_RENDERINGS[type(obj)])
    if "wording" in data:  # a recommendation as /api/recommendations/ gives it
        data["wording_es"] = obj.wording_es
    translated = has_spanish(obj)
    data["language"] = "es" if translated else "en"
    data["translation"] = translation_of(obj) if translated else None
    return data


def translation_of(obj):
    with translation.override(settings.LANGUAGE_CODE):
        original = settings.SITE_URL + obj.get_absolute_url()
    return {
        "by": TRANSLATOR,
        "reviewed": obj.spanish_reviewed,
        # Until a curator reviews it, a Spanish text is the machine-assisted draft the
        # loader wrote (fixtures/es/); a reviewed one has been checked by a person.
        "machine_assisted": not obj.spanish_reviewed,
        "original": original,
    }


def csv_row(row):
    """A Spanish row with its translation object as columns of its own."""
    if "language" not in row:
        return row  # an English row
    found = row.pop("translation", None) or {}
    row["translation_reviewed"] = found.get("reviewed", "")
    row["english_url"] = found.get("original", "")
    return row
