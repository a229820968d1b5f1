"""Load the portal's content from the fixtures in fixtures/.

Safe to run at any time, and run by ``make run`` on every start: it runs in one
transaction, reports every item as created, updated, unchanged or skipped, never
overwrites an item a curator has edited since it was loaded (those are skipped
and listed), and never deletes anything.
"""

from django.core.management.base import BaseCommand, CommandError

from recommendations import content, search
from recommendations.models import SearchEntry


class Command(BaseCommand):
    help = "Load the portal's content from fixtures/, keeping curators' edits."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would change, change nothing."
        )
        parser.add_argument("--fixture-dir", default=content.FIXTURE_DIR, help="Where to read.")

    def handle(self, *args, dry_run=False, fixture_dir=None, verbosity=1, **options):
        try:
            report = content.load(fixture_dir, dry_run=dry_run)
        except content.ContentError as exc:
            raise CommandError(f"Nothing was loaded. {exc}") from exc
        spanish = report.spanish or content.LoadReport()
        for status, model_name, key in report.items + spanish.items:
            self._note(status, model_name, key, verbosity)
        # A load that changed anything rebuilt the index in its own transaction.
        if not dry_run and not SearchEntry.objects.exists():
            indexed = search.rebuild_index()
            if verbosity >= 1:
                self.stdout.write(f"Built the search index: {indexed} entries.")
        prefix = "Dry run, nothing saved: would load" if dry_run else "Loaded"
        if verbosity >= 1:
            self.stdout.write(self.style.SUCCESS(f"{prefix} {self._counts(report, 'items')}."))
            if spanish.items:
                self.stdout.write(f"Spanish versions: {self._counts(spanish, 'items')}.")

    def _note(self, status, model_name, key, verbosity):
        if status == content.SKIPPED:
            self.stdout.write(
                self.style.WARNING(
                    f"skipped {model_name} {key}: edited since it was loaded; "
                    "the fixture's version was not applied"
                )
            )
        elif status == content.HELD:
            self.stdout.write(
                self.style.WARNING(
                    f"skipped {model_name} {key}: a curator's draft of it is waiting; "
                    "load again once it is published or discarded"
                )
            )
        elif status != content.UNCHANGED and verbosity >= 2:
            self.stdout.write(f"{status} {model_name} {key}")

    @staticmethod
    def _counts(report, noun):
        statuses = [content.CREATED, content.UPDATED, content.UNCHANGED, content.SKIPPED]
        counts = ", ".join(f"{report.count(status)} {status}" for status in statuses)
        if report.count(content.HELD):
            counts += f", {report.count(content.HELD)} {content.HELD}"
        return f"{len(report.items)} {noun}: {counts}"
