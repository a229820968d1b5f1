"""What a Spanish page says about its text: whose translation it is, whether a curator
has reviewed it, and where the English original is (ADR 13). Nothing on English pages."""

from django import template
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from ..spanish import has_spanish, in_spanish

register = template.Library()

ENGLISH = mark_safe(' lang="en"')
# Where each kind of item takes its title from when that title is the sources' own words or
# a name, kept in English on every page (ADR 13) ...
QUOTED_TITLE = {
    "Recommendation": "wording",
    "StakeholderAction": "text",
    "Chapter": "title",
    "Pillar": "name",
    "Program": "name",
    "Source": "title",
}
# ... and where it takes it from otherwise: our text, English until it is translated.
TRANSLATED_TITLE = {"Recommendation": "summary", "ActionItem": "summary", "Topic": "name"}


@register.inclusion_tag("includes/translation_note.html")
def translation_note(item):
    """A note under an item's heading on a Spanish page: a translation by Common Ground
    (machine-assisted and not yet reviewed, until a curator ticks it), or English text
    shown because there is no Spanish version yet; with a link to the English page."""
    if not in_spanish() or item is None:
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
    if not in_spanish() or item is None:
        return ""
    return getattr(item, f"{name}_es", "") or ""


@register.filter
def english_unless_translated(item, name):
    """' lang="en"' for a field a Spanish page shows in English, because the item has no
    Spanish text for it yet: screen readers then read it with English pronunciation."""
    if not in_spanish() or item is None:
        return ""
    return "" if getattr(item, f"{name}_es", None) else mark_safe(' lang="en"')


@register.filter
def title_lang(item):
    """' lang="en"' for an item whose title a Spanish page shows in English: a quote, a
    name, or our text not yet translated (WCAG 3.1.2, language of parts)."""
    if not in_spanish() or item is None:
        return ""
    kind = item.__class__.__name__  # through SimpleLazyObject too
    quoted = QUOTED_TITLE.get(kind)
    if quoted and getattr(item, quoted, ""):
        return ENGLISH
    translated = TRANSLATED_TITLE.get(kind)
    if translated and not getattr(item, f"{translated}_es", ""):
        return ENGLISH
    return ""


@register.filter
def in_english(value):
    """On a Spanish page, English words inside a translated sentence (a chapter's title, a
    pillar's name) wrapped in <span lang="en">; elsewhere the value as it is."""
    if not in_spanish() or not value:
        return value
    return format_html('<span lang="en">{}</span>', value)


@register.simple_tag
def english():
    """' lang="en"' on a Spanish page, for an element whose text is always English: a
    quote, or a field that has no Spanish version."""
    return ENGLISH if in_spanish() else ""
