"""Restore a backup made by ``manage.py backup``.

By default it replaces the contents of the site's own database (drop and recreate
every object, in one transaction). ``--into NAME`` restores into another database
instead, created if needed, to check a backup without touching the site.
"""

import re
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from portal import pgtools


class Command(BaseCommand):
    help = "Restore a pg_dump backup into the database (or --into another one)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="A file written by manage.py backup.")
        parser.add_argument(
            "--into", help="Restore into this database instead (created if needed)."
        )

    def handle(self, *args, path, into=None, verbosity=1, **options):
        if not Path(path).is_file():
            raise CommandError(f"No backup file at {path}.")
        if into and not re.fullmatch(r"[a-z0-9_]{1,60}", into):
            raise CommandError("--into takes a database name of lowercase letters, digits and _.")
        try:
            if into:
                _create(into)
            pgtools.run(
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                path,
                database=into,
            )
        except Exception as exc:
            raise CommandError(f"Restore failed: {getattr(exc, 'stderr', '') or exc}") from exc
        if verbosity >= 1:
            self.stdout.write(self.style.SUCCESS(f"Restored {path} into {into or 'the database'}."))


def _create(name):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
