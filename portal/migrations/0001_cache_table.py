"""The table of the shared cache that production uses when Redis is not configured.

Created in every environment, whatever its CACHES, so that a database first migrated
under development settings works under production ones too.
"""

from django.core.management import call_command
from django.db import migrations

CACHE_TABLE = "portal_cache"


def create_cache_table(apps, schema_editor):
    call_command(
        "createcachetable", CACHE_TABLE, database=schema_editor.connection.alias, verbosity=0
    )


def drop_cache_table(apps, schema_editor):
    schema_editor.execute(f'DROP TABLE IF EXISTS "{CACHE_TABLE}"')


class Migration(migrations.Migration):
    dependencies = []

    operations = [migrations.RunPython(create_cache_table, drop_cache_table)]
