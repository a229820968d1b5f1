"""Rebuild the search index from the content tables.

``load_content`` and saves in the admin keep the index current; this is for
when it may not be, for example after editing rows directly in SQL.
"""

from django.core.management.base import BaseCommand

from recommendations import search


class Command(BaseCommand):
    help = "Rebuild the search index and the spelling vocabulary from the current content."

    def handle(self, *args, verbosity=1, **options):
        count = search.rebuild_index()
        if verbosity >= 1:
            self.stdout.write(self.style.SUCCESS(f"Indexed {count} items."))
