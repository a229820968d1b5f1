"""Keep the columns every search reads for facets and filters in the row (STORAGE PLAIN).

Migration 0012 sent long text out of line with ``toast_tuple_target = 128``; the
toaster then also moved these short values out, so every match read its type,
source, pillars and topics from TOAST once per facet counted: half of a broad
search at 20,000 entries. They are a few dozen bytes each. Existing rows are
rewritten with fresh values so they follow the new storage at once.
"""

from django.db import migrations

TABLE = "recommendations_searchentry"
COLUMNS = ["type", "source", "pillars", "topics"]


def storage(kind):
    return f"ALTER TABLE {TABLE} " + ", ".join(
        f"ALTER COLUMN {column} SET STORAGE {kind}" for column in COLUMNS
    )


class Migration(migrations.Migration):
    dependencies = [("recommendations", "0013_glossary_synonyms")]

    operations = [
        migrations.RunSQL(
            [
                storage("PLAIN"),
                f"UPDATE {TABLE} SET type = type || '', source = source || '', "
                "pillars = pillars || '{}'::smallint[], topics = topics || '{}'::varchar[]",
            ],
            storage("EXTENDED"),
        )
    ]
