"""Pages rendered without the page cache, before and after, beside the static file, in one run.

Creates a scratch database, loads the real content, and serves it with production settings
(gunicorn, 2 workers, the shared cache in PostgreSQL) from two trees at once: this one
("after") and a plain copy of an earlier commit ("before", `--before`, by default the commit
this work started from). With `--no-fragments` it also serves this tree with the content
fragment cache turned off (`CONTENT_FRAGMENT_CACHE=off`), which is what a page costs the
first time after a content change. For each page type wrk runs for a fixed time, first on
the static file (the control: what the machine can serve at all right now), then on each
server, one after the other:

    .venv/bin/python benchmarks/uncached_pages.py [--seconds 5] [--connections 10] \
        [--page "/me/ (signed in)"] [--rounds 3]

Public pages are asked for with a cookie, so the public page cache never answers; the
signed-in pages with a real session of a person with 30 bookmarks. Needs `wrk`.
"""

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import psycopg  # noqa: E402
from freshness import ROOT, manage, production_env, scratch_database, start_gunicorn  # noqa: E402
from load_test import LUA, wrk  # noqa: E402

BEFORE = "6dca54b"  # main when this work started
USERNAME, PASSWORD = "pagebench", "page bench pass phrase 2026"
PAGES = [
    ("home", "/", "public"),
    ("recommendation", "/recommendations/ne-3-2/", "public"),
    ("filtered list", "/recommendations/?source=ne&pillar=2&topic=use-of-force", "public"),
    ("pillar", "/pillars/1-building-trust-and-legitimacy/", "public"),
    ("topic guide", "/topics/use-of-force/", "public"),
    ("glossary", "/glossary/", "public"),
    ("/me/ (signed in)", "/me/", "signed in"),
    ("recommendation (signed in)", "/recommendations/ne-3-2/", "signed in"),
]
SETUP = f"""
from agencies.models import Bookmark, User
from allauth.account.models import EmailAddress
from recommendations.models import SearchEntry
user = User.objects.create_user({USERNAME!r}, 'pages@example.org', {PASSWORD!r})
EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
keys = ['NE-3.2'] + list(SearchEntry.objects.exclude(key='NE-3.2')
    .filter(type__in=['recommendation', 'program']).values_list('key', flat=True)[:29])
Bookmark.objects.bulk_create([Bookmark(user=user, key=k, note='Ask the chief') for k in keys])
"""


def copy_of(ref, into):
    """The tree of a commit, as plain files (no worktree, no checkout)."""
    archive = subprocess.run(["git", "archive", ref], cwd=ROOT, capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", into], input=archive.stdout, check=True)
    return Path(into)


def prepare(env, tree):
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=tree, env=env, check=True,
    )  # fmt: skip


def session_cookie(base):
    """Sign in through the form, as a person would; the cookies of that session."""
    jar = __import__("http.cookiejar").cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/accounts/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
    form = {"login": USERNAME, "password": PASSWORD, "csrfmiddlewaretoken": token}
    opener.open(f"{base}/accounts/login/", urllib.parse.urlencode(form).encode())
    cookies = {c.name: c.value for c in jar}
    if "sessionid" not in cookies:
        sys.exit("Could not sign in.")
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


def run(servers, static, cookie, seconds, connections, script, pages, backwards=False):
    rows = []
    for name, path, kind in pages:
        header = cookie if kind == "signed in" else "benchmark=uncached"
        row = {"page": name, "static": wrk(static, seconds, connections, script)}
        # Every other round the servers take turns the other way round, so that neither
        # is always the one measured later, when the machine may be busier.
        for label, base in list(servers.items())[:: -1 if backwards else 1]:
            wrk(base + path, 1, connections, script, header)  # warm up
            row[label] = wrk(base + path, seconds, connections, script, header)
            if row[label]["errors"]:
                print(f"  {label} {name}: {row[label]['errors']} errors", file=sys.stderr)
        rows.append(row)
        print(f"  measured {name}", file=sys.stderr)
    return rows


def report(rows, labels):
    head = " | ".join(f"{label} req/s | p50 | p95" for label in labels)
    print(f"| page | static req/s | {head} | after / before |")
    print("|---|---|" + "---|---|---|" * len(labels) + "---|")
    for row in rows:
        cells = " | ".join(
            f"{row[label]['rps']:.0f} | {row[label]['p50']:.1f} | {row[label]['p95']:.1f}"
            for label in labels
        )
        speedup = row["after"]["rps"] / row["before"]["rps"]
        print(f"| {row['page']} | {row['static']['rps']:.0f} | {cells} | {speedup:.1f}x |")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", default=BEFORE, help="the commit to compare with")
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=1, help="measure every page this often")
    parser.add_argument("--no-fragments", action="store_true", help="also serve without them")
    parser.add_argument(
        "--page", action="append", choices=[name for name, _path, _kind in PAGES],
        help="measure only this page type (repeatable); every one by default",
    )  # fmt: skip
    args = parser.parse_args()
    pages = [page for page in PAGES if not args.page or page[0] in args.page]
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk")
    name, params, url = scratch_database("pages")
    env = production_env(url)
    servers, processes = {}, []
    with tempfile.TemporaryDirectory() as scratch:
        try:
            manage(env, "migrate", "--verbosity", "0")
            manage(env, "load_content", "--verbosity", "0")
            manage(env, "shell", stdin=SETUP)
            before = copy_of(args.before, scratch)
            trees = [("before", before, {}), ("after", ROOT, {})]
            if args.no_fragments:
                trees.append(("no fragments", ROOT, {"CONTENT_FRAGMENT_CACHE": "off"}))
            for label, tree, extra in trees:
                prepare({**env, **extra}, tree)
                server, base = start_gunicorn({**env, **extra}, cwd=tree)
                processes.append(server)
                servers[label] = base
            home = urllib.request.urlopen(servers["after"] + "/").read().decode()
            static = servers["after"] + re.search(r'href="(/static/css/site[^"]+)"', home)[1]
            cookie = session_cookie(servers["after"])
            with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
                lua.write(LUA)
            rounds = [
                run(servers, static, cookie, args.seconds, args.connections, lua.name, pages, n % 2)
                for n in range(args.rounds)
            ]
        finally:
            for server in processes:
                server.terminate()
                server.wait(timeout=15)
            with psycopg.connect(**params, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    setting = f"{args.connections} connections, {args.seconds} s per page and server"
    for number, rows in enumerate(rounds, 1):
        print(f"\nRound {number}: {setting}\n")
        report(rows, list(servers))


if __name__ == "__main__":
    main()
