"""Where the time of an uncached page goes: cProfile over pages rendered from the database.

Runs in-process with the production settings (DEBUG off, the shared cache in PostgreSQL)
on the embedded database, through the whole middleware stack, each request carrying a
cookie so that it skips the public page cache, as the load test's "uncached" rows do, and
two pages as a signed-in person with 30 bookmarks sees them (`/me/` and a recommendation;
the person is made once in the database, as `profile-pages`):

    .venv/bin/python benchmarks/profile_pages.py [--requests 30] [--top 25]

Other pages, on another database of the embedded server (the one `agency_scale.py --keep`
leaves), signed in with a session key made there:

    .venv/bin/python benchmarks/profile_pages.py --database postgres_agency_scale \
        --session KEY /agencies/agency-7/ /agencies/agency-1/tracker/

Prints, per page, the median wall and CPU time of unprofiled requests, then the mean
time per profiled request and the number of queries, then the
functions with the most cumulative time over all pages, and the time spent in the
database, in template rendering and in gzip.
"""

import argparse
import cProfile
import os
import pstats
import secrets
import sys
import time
from pathlib import Path
from statistics import median

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.prod")
os.environ.setdefault("EMBEDDED_DATABASE", "true")
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("SECURE_COOKIES", "false")

PAGES = [
    "/",
    "/pillars/1-building-trust-and-legitimacy/",
    "/recommendations/ne-3-2/",
    "/recommendations/?source=ne&pillar=2&topic=use-of-force",
    "/search/?q=body+cams",
    "/api/recommendations/?source=ne&pillar=2",
    "/glossary/",
    "/glossary/body-worn-camera/",
    "/topics/use-of-force/",
]
# Seen by a signed-in person with bookmarks (marked "signed in" below).
SIGNED_IN_PAGES = ["/me/", "/recommendations/ne-3-2/"]


def profiling_user():
    """A person with 30 bookmarks (made once in this database), for the signed-in pages."""
    from agencies.models import Bookmark, User
    from recommendations.models import SearchEntry

    user, created = User.objects.get_or_create(username="profile-pages")
    if created:
        keys = SearchEntry.objects.filter(type__in=["recommendation", "program"])
        Bookmark.objects.bulk_create(
            Bookmark(user=user, key=key, note="Ask the chief")
            for key in keys.values_list("key", flat=True)[:30]
        )
    return user


def time_unprofiled(requests):
    print("Median of 15 unprofiled requests per page, wall and CPU of this process:")
    for client, path, label in requests:
        walls, cpus = [], []
        for _ in range(15):
            wall, cpu = time.perf_counter(), time.process_time()
            client.get(path, HTTP_ACCEPT_ENCODING="gzip")
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
        print(f"{label:60} wall {median(walls) * 1000:6.1f} ms  CPU {median(cpus) * 1000:6.1f} ms")
    print()


def profile_requests(requests, times, connection):
    """Each page requested `times` times under cProfile, with its mean and queries."""
    profile = cProfile.Profile()
    for client, path, label in requests:
        queries = []

        def count(run, sql, *args, queries=queries):
            queries.append(sql)
            return run(sql, *args)

        with connection.execute_wrapper(count):
            client.get(path, HTTP_ACCEPT_ENCODING="gzip")
        started = time.perf_counter()
        profile.enable()
        for _ in range(times):
            client.get(path, HTTP_ACCEPT_ENCODING="gzip")
        profile.disable()
        mean = (time.perf_counter() - started) / times * 1000
        print(f"{label:60} {mean:6.1f} ms (profiled)  {len(queries):3d} queries")
    return profile


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--database", help="Another database of the embedded server.")
    parser.add_argument("--session", default="", help="A session key to sign in with.")
    parser.add_argument("pages", nargs="*", default=PAGES, help="Addresses to profile.")
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection

    if args.database:  # before the first connection, which reads it
        connection.settings_dict["NAME"] = args.database
    from django.test import Client

    cookie = f"sessionid={args.session}" if args.session else "benchmark=uncached"
    client = Client(HTTP_HOST="127.0.0.1", HTTP_COOKIE=cookie)
    requests = [(client, path, path) for path in args.pages]
    if not args.session and args.pages == PAGES:
        member = Client(HTTP_HOST="127.0.0.1")
        member.force_login(profiling_user())
        requests += [(member, path, f"{path} (signed in)") for path in SIGNED_IN_PAGES]
    for client, path, label in requests:  # warm up: templates compiled, index loaded
        assert client.get(path).status_code == 200, label
    time_unprofiled(requests)
    profile = profile_requests(requests, args.requests, connection)
    stats = pstats.Stats(profile)
    total = stats.total_tt
    print(f"\nTotal profiled time {total:.2f} s. Where it went (cumulative):")
    for label, filename, function in [
        ("database (queries)", "django/db/backends/utils.py", "_execute"),
        ("template rendering", "django/template/backends/django.py", "render"),
        ("gzip", "django/utils/text.py", "compress_string"),
    ]:
        spent = sum(
            row[3]
            for (path, _line, name), row in stats.stats.items()
            if path.endswith(filename) and name == function
        )
        print(f"  {label:30} {spent:6.2f} s  ({spent / total:4.0%})")
    print()
    stats.sort_stats("cumulative").print_stats(args.top)


if __name__ == "__main__":
    main()
