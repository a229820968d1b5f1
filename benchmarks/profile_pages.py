"""Where the time of an uncached page goes: cProfile over pages rendered from the database.

Runs in-process with the production settings (DEBUG off, the shared cache in PostgreSQL)
on the embedded database, through the whole middleware stack, each request carrying a
cookie so that it skips the public page cache, as the load test's "uncached" rows do, and
two pages as a signed-in person with 30 bookmarks sees them (`/me/` and a recommendation;
the person is made once in the database, as `profile-pages`):

    .venv/bin/python benchmarks/profile_pages.py [--requests 30] [--top 25]

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
    "/topics/use-of-force/",
    "/search/?q=body+cams",
    "/api/recommendations/?source=ne&pillar=2",
    "/glossary/",
    "/glossary/body-worn-camera/",
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


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1", HTTP_COOKIE="benchmark=uncached")
    member = Client(HTTP_HOST="127.0.0.1")
    member.force_login(profiling_user())
    requests = [(client, path, path) for path in PAGES]
    requests += [(member, path, f"{path} (signed in)") for path in SIGNED_IN_PAGES]
    for client, path, label in requests:  # warm up: templates compiled, index loaded
        assert client.get(path).status_code == 200, label
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
        for _ in range(args.requests):
            client.get(path, HTTP_ACCEPT_ENCODING="gzip")
        profile.disable()
        mean = (time.perf_counter() - started) / args.requests * 1000
        print(f"{label:60} {mean:6.1f} ms (profiled)  {len(queries):3d} queries")
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
