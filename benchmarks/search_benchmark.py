"""Search latency at 20,000 (exact) and 100,000 items, and the cost of one save.

Builds a synthetic corpus in a separate database on the same PostgreSQL server
(the embedded one, or DATABASE_URL's), made by recombining the real content's
sentences, then runs a fixed set of queries (plain, misspelt, phrase, filtered,
exclusion and "or") and prints p50 and p95 latency of search.search() and of
GET /api/search/. The real database is not touched. Run:

    .venv/bin/python benchmarks/search_benchmark.py [--sizes 10000 100000] [--repeat 3]
"""

import argparse
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402

from recommendations import search  # noqa: E402
from recommendations.models import GlossaryTerm, Recommendation, SearchEntry  # noqa: E402

PLAIN = [
    "body cameras",
    "officer suicide",
    "cops in schools",
    "implicit bias training",
    "use of force reports and investigations",
    "community input on police policies",
    "mobile crisis teams",
    "ban quotas",
    "early warning system",
    "civilian review board",
    "reduce arrests and jail",
    "recruiting young people into policing",
    "peer support for officers",
    "publish stop data by race",
    "consent decree lessons",
    "protective gear for officers",
    "planning for demonstrations",
    "harm reduction for drug use",
    "leadership training for all ranks",
    "help reducing gun violence",
]
TYPOS = [
    "de-escalaton training",
    "implict bias",
    "comunity policing",
    "accountabilty",
    "body camras",
    "mental helth crisis",
    "transparancy data",
    "recruitmnet and retention",
    "procedual justice",
    "wellnes programs",
]
PHRASES = [
    '"use of force"',
    '"community policing"',
    '"body-worn cameras"',
    '"procedural justice"',
    '"mental health"',
    '"school resource officers"',
    '"early intervention"',
    '"civilian oversight"',
    '"police culture"',
    '"crisis intervention"',
]
FILTERED = [
    ("training", {"type": "recommendation"}),
    ("use of force", {"pillar": "2"}),
    ("data", {"source": "ne"}),
    ("community", {"topic": "community-engagement"}),
    ("officer wellness", {"pillar": "6", "type": "recommendation"}),
    ("crisis", {"topic": "crisis-response"}),
    ("accountability", {"source": "tf", "pillar": "2"}),
    ("hiring", {"type": "recommendation", "source": "ne"}),
    ("technology", {"pillar": "3"}),
    ("youth", {"topic": "youth-schools"}),
]
SYNTAX = [
    "quotas or chokeholds",
    "training -firearms",
    '"use of force" -deadly',
    "cameras or video",
    "schools -discipline",
]
QUERIES = [(q, {}) for q in PLAIN + TYPOS + PHRASES + SYNTAX] + FILTERED  # 55 queries


def synthetic_entries(count, seed=7):
    """Entries shaped like the real ones: each copies a real entry's facets and length,
    with words of its title swapped for other titles' words and its body taken from
    another entry of the same type, so word frequencies stay like the real corpus's.
    Each is then indexed under the glossary terms it mentions, as the real ones are."""
    real = list(search.content_entries())  # the same corpus on every run
    glossary_in = search.glossary_matcher(list(GlossaryTerm.objects.published()))
    rng = random.Random(seed)
    words = " ".join(e.title for e in real).split()
    bodies = {}
    for entry in real:
        bodies.setdefault(entry.type, []).append(entry.body)
    entries = []
    for n in range(count):
        model = rng.choice(real)
        title_words = model.title.split()
        for _ in range(rng.randint(1, 3)):
            title_words[rng.randrange(len(title_words))] = rng.choice(words)
        entry = SearchEntry(
            origin=f"synthetic:{n}",
            key=f"SYN-{n}",
            type=model.type,
            title=" ".join(title_words),
            keywords=model.keywords,
            body=rng.choice(bodies[model.type]),
            context=model.context,
            url=f"/synthetic/{n}/",
            source=model.source,
            chapter=model.chapter,
            pillars=model.pillars,
            topics=model.topics,
        )
        entries.append(search.add_glossary(entry, glossary_in))
    return entries


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def measure_agreement():
    """How close the bounded search comes to ranking every match: for each query, the
    share of the exact top 10 that it also shows in its top 10, whether the top result
    is the same, and the error of its estimated count."""
    overlaps, same_first, errors = [], 0, []
    for q, filters in QUERIES:
        bounded = search.search(q, filters)
        sample_size = search.ranking.SAMPLE_SIZE
        search.ranking.SAMPLE_SIZE = 10**9
        try:
            exact = search.search(q, filters)
        finally:
            search.ranking.SAMPLE_SIZE = sample_size
        exact_keys = [r["key"] for r in exact.results[:10]]
        bounded_keys = [r["key"] for r in bounded.results[:10]]
        if exact_keys:
            overlaps.append(len(set(exact_keys) & set(bounded_keys)) / len(exact_keys))
            same_first += exact_keys[0] == bounded_keys[0]
        if exact.count:
            errors.append(abs(bounded.count - exact.count) / exact.count)
    print(
        f"  against ranking every match: top-10 overlap {sum(overlaps) / len(overlaps):.2f}, "
        f"same first result {same_first}/{len(overlaps)}, count error median "
        f"{percentile(errors, 50):.1%}, max {max(errors):.1%}"
    )


def measure_update(times=5):
    """What a curator's save of one recommendation costs the index: its entries (and its
    action items') replaced, in the save's transaction, against rebuilding every entry."""
    recommendation = Recommendation.objects.get(key="TF-2.2")
    original = recommendation.summary
    took = []
    for n in range(times):
        recommendation.summary = f"{original} (benchmark edit {n})"
        t0 = time.perf_counter()
        with transaction.atomic():
            recommendation.save()
        took.append((time.perf_counter() - t0) * 1000)
    recommendation.summary = original
    recommendation.save()
    print(f"  saving one recommendation, index updated: median {percentile(took, 50):.0f} ms")


def measure(size, repeat, slowest=0, agreement=False):
    started = time.perf_counter()
    # Size 0 is the real content: the same queries on it show how fast the machine
    # is running, since its figures should not change with the synthetic corpus.
    count = search.replace_index(synthetic_entries(size)) if size else search.rebuild_index()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE recommendations_searchentry")
    print(f"\n{count} items indexed in {time.perf_counter() - started:.1f} s")
    cache.clear()
    client = Client()
    # Any cookie skips the public page cache, so the API timings are of real searches.
    client.cookies["benchmark"] = "uncached"
    for q, filters in QUERIES:  # warm caches, plans and the vocabulary
        search.search(q, filters)
        client.get("/api/search/", {"q": q, **filters})
    function_times, api_times, errors = [], [], 0
    by_query = {}
    for _ in range(repeat):
        for q, filters in QUERIES:
            t0 = time.perf_counter()
            search.search(q, filters)
            function_times.append((time.perf_counter() - t0) * 1000)
            by_query.setdefault((q, str(filters or "")), []).append(function_times[-1])
            t0 = time.perf_counter()
            response = client.get("/api/search/", {"q": q, **filters})
            api_times.append((time.perf_counter() - t0) * 1000)
            errors += response.status_code != 200
    for name, times in [("search()", function_times), ("GET /api/search/", api_times)]:
        print(
            f"  {name:<18} n={len(times)}  p50 {percentile(times, 50):6.1f} ms"
            f"  p95 {percentile(times, 95):6.1f} ms  max {max(times):6.1f} ms"
        )
    print(f"  errors: {errors}")
    if agreement:
        measure_agreement()
    measure_update()
    medians = sorted(((percentile(t, 50), q) for q, t in by_query.items()), reverse=True)
    for median, (q, filters) in medians[:slowest]:
        print(f"    {median:6.1f} ms  {q} {filters}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", type=int, nargs="+", default=[0, 20_000, 100_000], help="0: the real content"
    )
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--slowest", type=int, default=0, help="also list the N slowest queries by median"
    )
    parser.add_argument(
        "--agreement",
        action="store_true",
        help="also compare each query's results and count with ranking every match (slow)",
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the benchmark database (the last size) to study"
    )
    args = parser.parse_args()

    settings.ALLOWED_HOSTS = ["testserver"]
    settings.DEBUG = False
    real_name = connection.settings_dict["NAME"]
    bench_name = f"{real_name}_search_benchmark"
    creation = connection.creation
    connection.settings_dict["TEST"].update(NAME=bench_name)
    print(f"Building the benchmark database {bench_name} (the real database is untouched)")
    creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        call_command("load_content", verbosity=0)
        print(f"{len(QUERIES)} queries, each run {args.repeat} times after a warm-up pass")
        for size in args.sizes:
            measure(size, args.repeat, args.slowest, args.agreement)
    finally:
        if args.keep:
            print(f"Kept the database {bench_name}")
        else:
            creation.destroy_test_db(real_name, verbosity=0)


if __name__ == "__main__":
    main()
