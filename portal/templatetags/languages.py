"""The language switcher and the alternate-language links of every page (ADR 13)."""

from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.translation import get_language

register = template.Library()

# Each language's name in itself, as a switcher shows it to someone who cannot read the
# page's current language.
OWN_NAMES = {"en": "English", "es": "Español"}


def _addresses(request):
    """The current page's address in each language."""
    here = request.get_full_path()
    return {code: translate_url(here, code) for code, _name in settings.LANGUAGES}


@register.simple_tag(takes_context=True)
def language_alternates(context):
    """<link rel="alternate" hreflang> for each language, and x-default for English."""
    request = context.get("request")
    if request is None:
        return ""
    addresses = _addresses(request)
    links = [(code, settings.SITE_URL + address) for code, address in addresses.items()]
    links.append(("x-default", settings.SITE_URL + addresses[settings.LANGUAGE_CODE]))
    return format_html_join(
        "\n  ", '<link rel="alternate" hreflang="{}" href="{}">', ((c, a) for c, a in links)
    )


@register.simple_tag(takes_context=True)
def language_switch(context):
    """A link to this page in each other language, through the view that remembers the
    choice (portal/i18n/views.py)."""
    request = context.get("request")
    if request is None:
        return ""
    here = request.get_full_path()
    links = [
        format_html(
            '<a href="{}?{}" lang="{}" hreflang="{}">{}</a>',
            reverse("choose_language", args=[code]),
            urlencode({"next": here}),
            code,
            code,
            OWN_NAMES[code],
        )
        for code, _name in settings.LANGUAGES
        if code != get_language()
    ]
    return format_html_join("", "{}", ((link,) for link in links))
