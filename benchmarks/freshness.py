"""How soon a content change made in another process shows on every cached page and in search.

Runs the production configuration as `make serve` does (gunicorn, 2 workers, no Redis, so
the cache is production's default: a table in PostgreSQL), on a scratch database of the same
server, warms the page cache, then changes one recommendation's wording from a separate
`manage.py shell` process (a data fix in a shell) and polls the pages that show it until
every request to every page gives the new wording. As a control, the same run against the
configuration this replaced: a cache in each worker's memory (`--control` only).

    .venv/bin/python benchmarks/freshness.py              # shared cache, then the control
    .venv/bin/python benchmarks/freshness.py --no-control

Never touches the site's own database: the scratch database is dropped at the end.
"""

import argparse
import os
import random
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")

import django  # noqa: E402

django.setup()

import psycopg  # noqa: E402
from django.db import connection  # noqa: E402

PAGES = [
    "/recommendations/ne-3-2/",
    "/chapters/3-stops-searches-and-arrests/",
    "/recommendations/?source=ne&chapter=3",
    "/search/?q={word}",
    "/api/search/?q={word}",
    "/api/recommendations/?source=ne&chapter=3",
]
TIMEOUT = 20.0  # the control stays stale for the cache's 10 minutes; no need to wait them out
# Every page must show the change on this many requests in a row: with 2 workers taking
# requests in turn, that is both workers many times over.
STREAK = 10


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.headers.get("X-Page-Cache", "-"), response.read().decode()
    except urllib.error.HTTPError as error:
        return str(error.code), error.read().decode()


def scratch_database(suffix="freshness"):
    """A new, empty database beside the real one (dropped first if left over), named
    by each benchmark so that two can run at once; its name, connection and URL."""
    connection.ensure_connection()
    params = {**connection.get_connection_params(), "dbname": "postgres"}
    params.pop("cursor_factory", None)
    name = f"{connection.settings_dict['NAME']}_{suffix}"
    with psycopg.connect(**params, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    port = f"&port={params['port']}" if params.get("port") else ""
    host = quote(params["host"], safe="/")
    url = f"postgresql://{params.get('user') or 'postgres'}@/{name}?host={host}{port}"
    return name, params, url


def production_env(database_url):
    """The environment of an app server as in production, on this database, with the
    shared cache in PostgreSQL (no Redis)."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.prod",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "DATABASE_URL": database_url,
    }
    env.pop("REDIS_URL", None)
    return env


def probe_word():
    """A made-up word no page holds yet (letters only, so search indexes it as a word)."""
    return "".join(random.choice("bcdfghjklmnpqrstvwxz") for _ in range(10))


def manage(env, *args, stdin=None):
    subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, input=stdin, text=True, check=True
    )


def start_gunicorn(env, workers=2, cwd=ROOT):
    """gunicorn on a free port with this environment, serving the tree at `cwd`, once it
    answers; the process and its base URL. The caller stops it."""
    port = free_port()
    server = subprocess.Popen(
        [str(Path(PYTHON).parent / "gunicorn"), "portal.wsgi", "--workers", str(workers),
         "--bind", f"127.0.0.1:{port}"],
        cwd=cwd, env=env, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/healthz/", timeout=1)
            break
        except Exception:
            time.sleep(0.2)
    return server, base


def measure(env, label, wording):
    """Start gunicorn, warm the cache, change the wording from another process, and time
    how long until every page shows it everywhere. Return seconds, or None if it never did."""
    server, base = start_gunicorn(env)
    try:
        word = wording.split()[-1].strip(".")
        pages = [base + page.format(word=word) for page in PAGES]
        for _ in range(20):  # both workers render and cache every page
            for page in pages:
                fetch(page)
        hits = sum(fetch(page)[0] == "hit" for page in pages for _ in range(4))
        edit = (
            "import time\n"
            "from recommendations.models import Recommendation\n"
            "r = Recommendation.objects.get(key='NE-3.2')\n"
            f"r.wording = {wording!r}\n"
            "r.save()\n"
            "print(time.time())\n"
        )
        # Poll while the other process makes the change, so the clock starts at its commit.
        shell = subprocess.Popen(
            [PYTHON, "manage.py", "shell"], cwd=ROOT, env=env, text=True,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        )  # fmt: skip
        shell.stdin.write(edit)
        shell.stdin.close()
        fresh_at = poll(pages, word, time.time() + TIMEOUT)
        committed = float(shell.stdout.read().strip().splitlines()[-1])
        shell.wait()
        fresh_after = None if fresh_at is None else fresh_at - committed
        if fresh_after is None:
            print(f"{label}: cache hits while warm {hits}/{4 * len(pages)}; "
                  f"still stale after {TIMEOUT:.0f} s")  # fmt: skip
        else:
            print(f"{label}: cache hits while warm {hits}/{4 * len(pages)}; last stale answer "
                  f"to a request made {fresh_after * 1000:+.0f} ms from the commit")  # fmt: skip
        return fresh_after
    finally:
        server.terminate()
        server.wait(timeout=15)


def poll(pages, word, deadline):
    """Poll until every page has shown the word STREAK times in a row; return when the
    last stale answer was asked for (a request made after that time got the change), or
    None if the pages did not all turn fresh before the deadline."""
    last_stale = 0.0
    streaks = dict.fromkeys(pages, 0)
    while time.time() < deadline:
        for page in pages:
            asked = time.time()
            if word in fetch(page)[1]:
                streaks[page] += 1
            else:
                streaks[page], last_stale = 0, asked
        if min(streaks.values()) >= STREAK:
            return last_stale
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-control", action="store_true", help="Skip the per-process cache.")
    args = parser.parse_args()
    name, params, url = scratch_database()
    env = production_env(url)
    try:
        manage(env, "migrate", "--verbosity", "0")
        manage(env, "load_content", "--verbosity", "0")
        manage(env, "collectstatic", "--noinput", "--verbosity", "0")
        measure(env, "shared cache (PostgreSQL table)", f"Ban quotas, checked {probe_word()}.")
        if not args.no_control:
            control = {**env, "DJANGO_SETTINGS_MODULE": "benchmarks.settings_per_process_cache"}
            measure(control, "control: cache per worker", f"Ban quotas, checked {probe_word()}.")
    finally:
        with psycopg.connect(**params, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
