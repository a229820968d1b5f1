"""Fill the Spanish catalogue from translators' .po files.

    python manage.py makemessages -l es --no-obsolete ...   # every message, as the code has it
    python tools/merge_translations.py /tmp/i18n/*.po       # fill in what translators wrote
    python manage.py compilemessages -l es                  # or polib's save_as_mofile

A message takes the first translation found for the same text and context; messages
already translated in the catalogue are kept. Prints how many are translated.
"""

import sys
from pathlib import Path

import polib

CATALOGUE = Path(__file__).resolve().parents[1] / "locale/es/LC_MESSAGES/django.po"
PLURALS = 3


def translations(paths):
    found = {}
    for path in paths:
        for entry in polib.pofile(str(path)):
            if entry.translated() and not entry.obsolete:
                found.setdefault((entry.msgctxt, entry.msgid), entry)
    return found


def main(paths):
    catalogue = polib.pofile(str(CATALOGUE))
    known = translations(paths)
    for entry in catalogue:
        if entry.translated():
            continue
        source = known.get((entry.msgctxt, entry.msgid))
        if source is None:
            continue
        if entry.msgid_plural:
            # Spanish has three forms here (the catalogue's Plural-Forms); a translator's
            # file with two gives its plural to the third (millions: "1 000 000 de ...").
            given = source.msgstr_plural
            entry.msgstr_plural = {i: given.get(i) or given[max(given)] for i in range(PLURALS)}
        else:
            entry.msgstr = source.msgstr
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    catalogue.save()
    catalogue.save_as_mofile(str(CATALOGUE.with_suffix(".mo")))
    print(f"{catalogue.percent_translated()}% translated; untranslated:")
    for entry in catalogue.untranslated_entries():
        print("   ", repr(entry.msgid[:90]))


if __name__ == "__main__":
    main(sys.argv[1:])
