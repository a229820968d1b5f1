"""Write the database's content back to the fixture files.

Curators change content in the admin; this turns their work into a diff of
fixtures/ that can be reviewed and committed, so the files and the database stay
reconcilable. ``load_content`` followed by ``export_content`` changes no file.
"""

from django.core.management.base import BaseCommand

from recommendations import content


class Command(BaseCommand):
    help = "Write the current content to the fixture files in fixtures/."

    def add_arguments(self, parser):
        parser.add_argument("--fixture-dir", default=content.FIXTURE_DIR, help="Where to write.")

    def handle(self, *args, fixture_dir=None, verbosity=1, **options):
        paths = content.export(fixture_dir)
        if verbosity >= 1:
            self.stdout.write(
                self.style.SUCCESS(f"Wrote {len(paths)} fixture files to {fixture_dir}.")
            )
