"""What a Spanish page says about its text: whose translation it is, whether a curator
has reviewed it, and where the English original is (ADR 13). Nothing on English pages."""

from django import template
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from ..spanish import spanish_fields

register = template.Library()


def _in_spanish():
    return (get_language() or "en").startswith("es")


def has_spanish(item):
    return any(getattr(item, name, None) for name in spanish_fields(type(item)))


@register.inclusion_tag("includes/translation_note.html")
def translation_note(item):
    """A note under an item's heading on a Spanish page: a translation by Common Ground
    (machine-assisted and not yet reviewed, until a curator ticks it), or English text
    shown because there is no Spanish version yet; with a link to the English page."""
    if not _in_spanish() or item is None:
        return {"shown": False}
    with translation.override("en"):
        original = item.get_absolute_url()
    return {
        "shown": True,
        "translated": has_spanish(item),
        "reviewed": getattr(item, "spanish_reviewed", False),
        "original": original,
    }


@register.filter
def rendering(item, name):
    """On a Spanish page, our unofficial Spanish rendering of a quoted field, or ""."""
    if not _in_spanish() or item is None:
        return ""
    return getattr(item, f"{name}_es", "") or ""


@register.filter
def english_unless_translated(item, name):
    """' lang="en"' for a field a Spanish page shows in English, because the item has no
    Spanish text for it yet: screen readers then read it with English pronunciation."""
    if not _in_spanish() or item is None:
        return ""
    return "" if getattr(item, f"{name}_es", None) else mark_safe(' lang="en"')
