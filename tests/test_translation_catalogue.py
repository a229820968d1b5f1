"""The interface in Spanish: every template string marked for translation, the catalogue
translated, and the compiled catalogue the one the site reads."""

import gettext
import re

import polib
from django.conf import settings

from portal.i18n.untranslated import all_templates, report, untranslated

CATALOGUE = settings.BASE_DIR / "locale/es/LC_MESSAGES/django.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def test_no_template_shows_text_that_is_not_marked_for_translation():
    assert report(all_templates()) == {}


def test_the_checker_finds_text_and_attributes_left_untranslated():
    source = (
        '{% load i18n %}<p>{% translate "Fine" %} Left out</p>'
        '<img alt="A chart" src="x.png"><a title="{% translate "Fine" %}">{{ name }}</a>'
        "{% blocktranslate %}Also fine{% endblocktranslate %}<code>GET</code>"
    )
    assert untranslated(source) == ["Left out", "A chart"]


def test_at_least_95_percent_of_the_messages_are_translated():
    catalogue = polib.pofile(str(CATALOGUE))
    assert catalogue.percent_translated() >= 95
    assert not [e.msgid for e in catalogue if "fuzzy" in e.flags]


def test_the_compiled_catalogue_matches_its_source():
    catalogue = polib.pofile(str(CATALOGUE))
    with open(CATALOGUE.with_suffix(".mo"), "rb") as compiled:
        site = gettext.GNUTranslations(compiled)
    for entry in catalogue.translated_entries():
        if entry.msgid_plural:
            continue
        key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        assert site._catalog.get(key) == entry.msgstr, entry.msgid


def test_translations_keep_every_placeholder():
    catalogue = polib.pofile(str(CATALOGUE))
    for entry in catalogue.translated_entries():
        english = entry.msgid_plural or entry.msgid
        spanish = (
            entry.msgstr_plural[max(entry.msgstr_plural)] if entry.msgid_plural else entry.msgstr
        )
        for mark in PLACEHOLDER.findall(english):
            assert mark in spanish, (entry.msgid, mark)
