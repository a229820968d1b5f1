"""Bound the work of broad searches (see search.search).

Each entry gets a fixed random order (``shuffle``), a static score (``prior``) and
a title vector that also holds the names of the glossary terms the title mentions
(``title_match``). Existing entries get their random order here, the same one
rebuild_index gives (by the MD5 of the key); their static score and title terms
fill in at the next rebuild of the index (``load_content`` after a content change,
or ``rebuild_search_index``).
"""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations, models

TABLE = "recommendations_searchentry"


class Migration(migrations.Migration):
    dependencies = [("recommendations", "0005_search_vectors_inline")]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="prior",
            field=models.FloatField(default=0),
        ),
        migrations.AddField(
            model_name="searchentry",
            name="shuffle",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="searchentry",
            name="title_terms",
            field=models.TextField(blank=True),
        ),
        migrations.AddField(
            model_name="searchentry",
            name="title_match",
            field=models.GeneratedField(
                db_persist=True,
                expression=django.contrib.postgres.search.SearchVector(
                    "title", "title_terms", config="english"
                ),
                output_field=django.contrib.postgres.search.SearchVectorField(),
            ),
        ),
        migrations.RunSQL(
            f"ALTER TABLE {TABLE} ALTER COLUMN title_match SET STORAGE MAIN",
            migrations.RunSQL.noop,
        ),
        migrations.AddIndex(
            model_name="searchentry",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["title_match"], name="search_entry_title_match"
            ),
        ),
        migrations.AddIndex(
            model_name="searchentry",
            index=models.Index(
                fields=["shuffle"],
                include=[
                    "id", "prior", "title_match", "type", "source", "chapter", "pillars", "topics"
                ],
                name="search_entry_shuffle",
            ),
        ),
        migrations.RunSQL(
            f"""
            UPDATE {TABLE} e SET shuffle = s.n
            FROM (SELECT id, row_number() OVER (ORDER BY md5(key) COLLATE "C") - 1 AS n
                  FROM {TABLE}) s
            WHERE s.id = e.id
            """,
            migrations.RunSQL.noop,
        ),
    ]
