"""The test database with the real content, made once per run and copied.

Migrating an empty database and loading the content in both languages takes about 20 s.
The first xdist worker to get here does it, then keeps a copy as a PostgreSQL template;
every other worker starts from a copy of that (``CREATE DATABASE ... TEMPLATE``, about a
second), and so can the backup test. The first worker makes it under a file lock the
others wait on; whoever finds no template makes one, so a late or restarted worker is
never stuck.
"""

import fcntl
import os
import tempfile
import uuid
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import DatabaseError, connection
from django.test.utils import setup_databases

# Set by the first pytest process of a run (the xdist controller) and inherited by its
# workers: the run's template has one name for all of them.
RUN = "COMMON_GROUND_TEST_RUN"


def start_run():
    os.environ.setdefault(RUN, uuid.uuid4().hex[:12])


def template_name():
    return f"test_commonground_content_{os.environ[RUN]}"


def set_up():
    """This process's test database, with the content loaded; returns what Django's
    ``teardown_databases`` needs to drop it."""
    template = template_name()
    with _lock(template):
        if not exists(template):
            made = setup_databases(verbosity=0, interactive=False, aliases={"default"})
            call_command("load_content", verbosity=0)
            connection.close()  # a template may have no one connected
            copy(connection.settings_dict["NAME"], template)
            return made
    original = connection.settings_dict["NAME"]
    name = connection.creation._get_test_db_name()
    copy(template, name)
    connection.close()
    settings.DATABASES[connection.alias]["NAME"] = name
    connection.settings_dict["NAME"] = name
    return [(connection, original, True)]


def drop_template():
    """Drop the run's template; another worker copying it at this moment keeps it."""
    try:
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{template_name()}"')
    except DatabaseError:
        pass
    _lock_path(template_name()).unlink(missing_ok=True)


def exists(name):
    with connection._nodb_cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        return cursor.fetchone() is not None


def copy(source, target):
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{target}"')
        cursor.execute(f'CREATE DATABASE "{target}" TEMPLATE "{source}"')


def _lock_path(name):
    return Path(tempfile.gettempdir()) / f"{name}.lock"


@contextmanager
def _lock(name):
    with open(_lock_path(name), "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
