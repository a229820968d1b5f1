"""Back up the whole database (content, accounts, bookmarks, trackers) with pg_dump.

The dump is in pg_dump's custom format, restorable with ``manage.py restore``.
"""

from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal import pgtools


class Command(BaseCommand):
    help = "Write a pg_dump of the database to backups/ (or --output)."

    def add_arguments(self, parser):
        parser.add_argument("--output", help="File to write; default backups/<timestamp>.dump")

    def handle(self, *args, output=None, verbosity=1, **options):
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        path = Path(output or Path(settings.BASE_DIR) / "backups" / f"commonground-{stamp}.dump")
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            pgtools.run("pg_dump", "--format=custom", "--no-owner", "--file", str(path))
        except Exception as exc:
            raise CommandError(f"Backup failed: {getattr(exc, 'stderr', '') or exc}") from exc
        if verbosity >= 1:
            size = path.stat().st_size / 1024
            self.stdout.write(self.style.SUCCESS(f"Backed up to {path} ({size:.0f} KiB)."))
