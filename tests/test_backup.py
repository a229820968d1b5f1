"""make backup / make restore round-trip every table, accounts and trackers included.

Run in subprocesses against a scratch database of the same server, so the test
database (and its transaction) is never touched.
"""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.db import DatabaseError, connection

from . import content_database as content

ROOT = Path(__file__).resolve().parent.parent

SEED = """
from django.utils import timezone
from agencies.models import Agency, Bookmark, Collection, Membership, TrackerEntry, User
from recommendations.models import Recommendation
user = User.objects.create_user("alice", "alice@example.org", "correct horse battery staple")
agency = Agency.objects.create(
    name="Springfield PD", slug="springfield-pd", kind="municipal", state="IL"
)
Membership.objects.create(user=user, agency=agency, role="coordinator")
bookmark = Bookmark.objects.create(user=user, key="NE-3.2", note="keep me")
Collection.objects.create(owner=user, name="Mine", agency=agency).bookmarks.add(bookmark)
TrackerEntry.objects.create(agency=agency, recommendation=Recommendation.objects.get(key="NE-3.2"),
                            status="planned", reviewed_on=timezone.localdate(), updated_by=user)
"""


def server_params(dbname):
    connection.ensure_connection()  # the embedded server starts on Django's first connection
    params = {**connection.get_connection_params(), "dbname": dbname}
    params.pop("cursor_factory", None)
    return params


def url(dbname):
    params = server_params(dbname)
    user = params.get("user") or "postgres"
    port = f"&port={params['port']}" if params.get("port") else ""
    return f"postgresql://{user}@/{dbname}?host={quote(params['host'], safe='/')}{port}"


def fingerprints(dbname):
    with psycopg.connect(**server_params(dbname), autocommit=True) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' "
                "AND table_type = 'BASE TABLE' ORDER BY table_name"
            )
        ]
        return {
            table: conn.execute(
                f"SELECT count(*), md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) "
                f'FROM "{table}" t'
            ).fetchone()
            for table in tables
        }


def manage(dbname, *args, stdin=None):
    env = {
        **os.environ,
        "DATABASE_URL": url(dbname),
        "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def content_database(name):
    """A database with the real content: a copy of the run's template, or, once another
    worker has dropped it, migrated and loaded here (about 20 s)."""
    try:
        content.copy(content.template_name(), name)
    except DatabaseError:
        with psycopg.connect(**server_params("postgres"), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        manage(name, "migrate", "--verbosity", "0")
        manage(name, "load_content", "--verbosity", "0")


@pytest.mark.skipif(
    not connection.get_connection_params().get("host", "").startswith("/"),
    reason="needs a unix-socket server, as in both CI passes",
)
@pytest.mark.django_db
def test_backup_and_restore_round_trip_every_table(tmp_path):
    base = connection.settings_dict["NAME"]
    scratch, restored = f"{base}_backup_src", f"{base}_backup_dst"
    with psycopg.connect(**server_params("postgres"), autocommit=True) as conn:
        for name in (scratch, restored):
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
    try:
        content_database(scratch)
        manage(scratch, "shell", stdin=SEED)
        dump = tmp_path / "backup.dump"
        assert "Backed up to" in manage(scratch, "backup", "--output", str(dump))
        assert "Restored" in manage(scratch, "restore", str(dump), "--into", restored)
        original, copy = fingerprints(scratch), fingerprints(restored)
        assert copy == original
        for table in [
            "agencies_user",
            "agencies_bookmark",
            "agencies_collection_bookmarks",
            "agencies_trackerentry",
            "agencies_historicaltrackerentry",
            "recommendations_recommendation",
            "recommendations_searchentry",
        ]:
            assert original[table][0] > 0, table
    finally:
        with psycopg.connect(**server_params("postgres"), autocommit=True) as conn:
            for name in (scratch, restored):
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
