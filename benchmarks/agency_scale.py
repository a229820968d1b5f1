"""The agency pages at the size of the country: 18,000 agencies, 3,000 published trackers
with every item recorded, 50,000 people and 500,000 bookmarks.

Loads that data with COPY into a scratch database of the same PostgreSQL server (the real
content is loaded first, by `load_content`), runs `make serve`'s configuration (gunicorn,
2 workers, production settings), and times each page with one client, one request at a
time, varying the agency, search and filters from request to request. In the same run, the
control: a static file served by the same gunicorn and whitenoise, the floor of what any
request costs on this machine at this moment.

    .venv/bin/python benchmarks/agency_scale.py               # 100 timed requests a page
    .venv/bin/python benchmarks/agency_scale.py --requests 300 --keep

Never touches the site's own database: the scratch database is dropped at the end.
"""

import argparse
import random
import re
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import psycopg  # noqa: E402
from freshness import manage, production_env, scratch_database, start_gunicorn  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
AGENCIES, PUBLISHED, USERS, BOOKMARKS_EACH = 18_000, 3_000, 50_000, 10
STATES = "AL AK AZ AR CA CO CT DE FL GA IL IN IA KS KY LA MD MA MI MN MO NY NC OH PA TX WA".split()
KINDS = ["municipal", "municipal", "municipal", "sheriff", "state", "campus", "tribal", "other"]
TOWNS = ("Springfield Riverside Franklin Greenville Bristol Clinton Fairview Salem Madison "
         "Georgetown Arlington Ashland Dover Oxford Jackson Burlington Manchester Milton "
         "Newport Auburn Dayton Lexington Milford Winchester Hudson Kingston").split()  # fmt: skip
STATUSES = ["implemented", "implemented", "in-progress", "planned", "not-started",
            "not-applicable"]  # fmt: skip


def copy_rows(cursor, table, columns, rows):
    """COPY the rows (tuples; None for NULL) into the table: far faster than INSERT."""
    names = ", ".join(f'"{column}"' for column in columns)
    with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def agency_rows(rng):
    for n in range(1, AGENCIES + 1):
        name = f"{rng.choice(TOWNS)} {['Police Department', 'Sheriff', 'Police'][n % 3]} {n}"
        size = rng.choice(["1-24", "25-99", "100-499", "500+"])
        published = "2026-11-01T12:00:00Z" if n <= PUBLISHED else None
        yield (n, name, f"agency-{n}", rng.choice(KINDS), rng.choice(STATES), size, "", published,
               0)  # fmt: skip


def entry_rows(rng, recommendations):
    """Every published tracker records every recommendation."""
    for agency in range(1, PUBLISHED + 1):
        for pk in recommendations:
            yield (agency, pk, rng.choice(STATUSES), "Adopted in policy 4.2.", "", "2026-10-01",
                   "2026-10-01T12:00:00Z")  # fmt: skip


def user_rows(password):
    for n in range(1, USERS + 1):
        yield (n, password, False, f"user{n}", "", "", f"user{n}@example.org", False, True,
               "2026-01-01T00:00:00Z")  # fmt: skip


def bookmark_rows(rng, keys):
    for n in range(1, USERS + 1):
        for key in rng.sample(keys, BOOKMARKS_EACH):
            yield (n, key, "", "2026-06-01T00:00:00Z")


def load(url):
    """The synthetic country, straight into the tables with COPY."""
    # Every account shares one password hash: hashing 50,000 with Argon2 would take minutes.
    from django.contrib.auth.hashers import make_password

    rng, started = random.Random(2026), time.monotonic()
    with psycopg.connect(url) as conn, conn.cursor() as cursor:
        cursor.execute("SELECT id, key FROM recommendations_recommendation "
                       "WHERE status = 'published'")  # fmt: skip
        recommendations = dict(cursor.fetchall())
        copy_rows(cursor, "agencies_agency", ["id", "name", "slug", "kind", "state", "size_band",
                  "website", "tracker_published_at", "tracker_version"],
                  agency_rows(rng))  # fmt: skip
        copy_rows(cursor, "agencies_trackerentry", ["agency_id", "recommendation_id", "status",
                  "explanation", "evidence_links", "reviewed_on", "updated_at"],
                  entry_rows(rng, list(recommendations)))  # fmt: skip
        copy_rows(cursor, "agencies_user", ["id", "password", "is_superuser", "username",
                  "first_name", "last_name", "email", "is_staff", "is_active", "date_joined"],
                  user_rows(make_password("agency scale pass phrase")))  # fmt: skip
        # fmt: off
        copy_rows(cursor, "account_emailaddress", ["user_id", "email", "verified", "primary"],
                  ((n, f"user{n}@example.org", True, True) for n in range(1, USERS + 1)))
        copy_rows(cursor, "agencies_membership", ["user_id", "agency_id", "role", "joined_at"],
                  ((n, n, "coordinator", "2026-01-01") for n in range(1, PUBLISHED + 1)))
        copy_rows(cursor, "agencies_bookmark", ["user_id", "key", "note", "created_at"],
                  bookmark_rows(rng, list(recommendations.values())))
        # fmt: on
        for table in ["agencies_agency", "agencies_user"]:
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                           f"(SELECT max(id) FROM {table}))")  # fmt: skip
        conn.commit()
    print(f"loaded in {time.monotonic() - started:.0f} s: {AGENCIES:,} agencies, "
          f"{PUBLISHED * len(recommendations):,} tracker entries, {USERS:,} people, "
          f"{USERS * BOOKMARKS_EACH:,} bookmarks")  # fmt: skip


SESSION = """
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from agencies.models import User
user = User.objects.get(username="user1")
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
print("SESSION", session.session_key)
"""


def coordinator_session(env):
    """A signed-in session of agency 1's coordinator, made as Django's login() makes one."""
    out = subprocess.run([PYTHON, "manage.py", "shell"], cwd=ROOT, env=env, input=SESSION,
                         text=True, capture_output=True, check=True).stdout  # fmt: skip
    return re.search(r"SESSION (\w+)", out)[1]


def pages(static, rng):
    """Each page's name and a function giving the next address to ask for."""
    words = [t.lower() for t in TOWNS]
    return [
        ("static file (control)", lambda: static, False),
        ("directory search", lambda: f"/agencies/?q={rng.choice(words)}+{rng.randint(1, 9)}"
                                     f"&state={rng.choice(STATES)}", False),
        ("directory, page 40", lambda: f"/agencies/?page={rng.randint(30, 120)}", False),
        ("public agency page", lambda: f"/agencies/agency-{rng.randint(1, PUBLISHED)}/", False),
        # The same five agencies again and again: their records are kept (agencies.rendered).
        ("public agency page, one of 5 seen before",
         lambda: f"/agencies/agency-{rng.randint(1, 5)}/", False),
        ("national page", lambda: rng.choice(["/agencies/national/",
                                              f"/agencies/national/?state={rng.choice(STATES)}",
                                              f"/agencies/national/?kind={rng.choice(KINDS)}"]),
         False),
        ("coordinator's tracker", lambda: "/agencies/agency-1/tracker/", True),
        ("tracker CSV", lambda: f"/agencies/agency-{rng.randint(1, PUBLISHED)}/tracker.csv",
         False),
    ]  # fmt: skip


def time_page(base, address, session, requests):
    """Milliseconds per request, one client, after a warm-up; fails on any non-200."""
    timings = []
    for number in range(requests + 10):
        request = urllib.request.Request(base + address())
        if session:
            request.add_header("Cookie", f"sessionid={session}")
        began = time.perf_counter()
        with urllib.request.urlopen(request, timeout=30) as response:
            response.read()
            assert response.status == 200, (request.full_url, response.status)
        if number >= 10:
            timings.append((time.perf_counter() - began) * 1000)
    return timings


def measure(env, session, requests):
    server, base = start_gunicorn(env)
    try:
        home = urllib.request.urlopen(base + "/", timeout=10).read().decode()
        static = re.search(r'href="(/static/css/site[^"]+)"', home)[1]
        rng = random.Random(7)
        print("\n| page | p50 ms | p95 ms | max ms | requests |\n|---|---|---|---|---|")
        for name, address, signed_in in pages(static, rng):
            timings = time_page(base, address, session if signed_in else None, requests)
            p95 = statistics.quantiles(timings, n=20)[-1]
            print(f"| {name} | {statistics.median(timings):.1f} | {p95:.1f} | "
                  f"{max(timings):.1f} | {len(timings)} |")  # fmt: skip
    finally:
        server.terminate()
        server.wait(timeout=15)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=100, help="Timed requests per page.")
    parser.add_argument("--keep", action="store_true", help="Keep the scratch database.")
    args = parser.parse_args()
    name, params, url = scratch_database("agency_scale")
    env = production_env(url)
    try:
        manage(env, "migrate", "--verbosity", "0")
        manage(env, "load_content", "--verbosity", "0")
        manage(env, "collectstatic", "--noinput", "--verbosity", "0")
        load(url)
        started = time.monotonic()
        manage(env, "refresh_national_tally")
        print(f"national tally rebuilt in {time.monotonic() - started:.1f} s")
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("VACUUM ANALYZE")
        measure(env, coordinator_session(env), args.requests)
    finally:
        if not args.keep:
            with psycopg.connect(**params, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
