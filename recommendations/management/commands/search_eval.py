"""Measure search quality against a file of queries with known good results.

The file lists queries, each with the keys an ideal first page holds
(``{"queries": [{"q": "...", "any": ["NE-3.2", ...]}]}``). A query is a hit when
any listed key is among the first five results. Prints hit@5, MRR@5 and the misses.
"""

import json

from django.core.management.base import BaseCommand, CommandError

from recommendations import search


class Command(BaseCommand):
    help = "Print hit@5 and MRR@5 of search for a file of queries, and list the misses."

    def add_arguments(self, parser):
        parser.add_argument("path", help="JSON file of queries and the keys that should be found.")

    def handle(self, *args, path, verbosity=1, **options):
        try:
            with open(path) as f:
                queries = json.load(f)["queries"]
        except (OSError, ValueError, KeyError) as exc:
            raise CommandError(f"Cannot read queries from {path}: {exc}") from exc
        hits, reciprocal_ranks, misses = 0, 0.0, []
        for item in queries:
            keys = [r["key"] for r in search.search(item["q"]).results[:5]]
            rank = next((i for i, key in enumerate(keys, 1) if key in item["any"]), None)
            if rank:
                hits += 1
                reciprocal_ranks += 1 / rank
            else:
                misses.append((item["q"], item["any"], keys))
            if verbosity >= 2:
                self.stdout.write(f"{rank or '-'}  {item['q']}  ->  {', '.join(keys)}")
        total = len(queries)
        for q, wanted, got in misses:
            self.stdout.write(self.style.WARNING(f"miss: {q!r} wanted {wanted}, got {got}"))
        self.stdout.write(
            self.style.SUCCESS(
                f"{total} queries: hit@5 {hits / total:.3f}, MRR@5 {reciprocal_ranks / total:.3f}"
            )
        )
