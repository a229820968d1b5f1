"""Measure search quality against a file of queries with known good results.

The file lists queries, each with the keys an ideal first page holds
(``{"queries": [{"q": "...", "any": ["NE-3.2", ...]}]}``). A query is a hit when
any listed key is among the first five results. Prints hit@5, MRR@5 and the misses.

A query may instead say how search must behave honestly when no item answers it
(``{"q": "qualified immunity", "honest": {"corrected": null, "missing": ["immunity"]}}``):
no correction other than the one given, and at least the given words reported as
mentioned by no item. These are counted apart, as "honest" checks.

``--lang es`` searches as /es/search/ does (the Spanish index, glossary and spelling);
without a file it reads that language's own set: recommendations/eval/search-eval.json
for English, search-es.json for Spanish.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from recommendations import search
from recommendations.search.languages import LANGUAGES

EVAL_DIR = Path(__file__).resolve().parents[2] / "eval"
OWN_SETS = {"en": EVAL_DIR / "search-eval.json", "es": EVAL_DIR / "search-es.json"}


def rank_of(item):
    keys = [r["key"] for r in search.search(item["q"]).results[:5]]
    return next((i for i, key in enumerate(keys, 1) if key in item["any"]), None), keys


def honest_failure(item):
    """Why search misleads on a query no item answers, or None if it does not."""
    results = search.search(item["q"])
    expected = item["honest"]
    if results.corrected != expected.get("corrected"):
        return f"rewritten as {results.corrected!r}"
    unreported = set(expected.get("missing", [])) - set(results.missing)
    if unreported:
        return f"does not say that no item mentions {sorted(unreported)}"
    return None


class Command(BaseCommand):
    help = "Print hit@5 and MRR@5 of search for a file of queries, and list the misses."

    def add_arguments(self, parser):
        parser.add_argument(
            "path", nargs="?", help="JSON file of queries and the keys that should be found."
        )
        parser.add_argument("--file", dest="file", help="The same, as an option.")
        parser.add_argument(
            "--lang",
            default="en",
            choices=[language.code for language in LANGUAGES],
            help="Search in this language, as its /search/ page does (default en). Without "
            "a file, the language's own set in recommendations/eval/ is read.",
        )

    def handle(self, *args, path=None, file=None, lang="en", verbosity=1, **options):
        path = file or path or OWN_SETS[lang]
        try:
            with open(path) as f:
                queries = json.load(f)["queries"]
        except (OSError, ValueError, KeyError) as exc:
            raise CommandError(f"Cannot read queries from {path}: {exc}") from exc
        with translation.override(lang):
            self.evaluate(queries, verbosity)

    def evaluate(self, queries, verbosity):
        ranked = [item for item in queries if "any" in item]
        honest = [item for item in queries if "honest" in item]
        hits, reciprocal_ranks, misses = 0, 0.0, []
        for item in ranked:
            rank, keys = rank_of(item)
            if rank:
                hits += 1
                reciprocal_ranks += 1 / rank
            else:
                misses.append((item["q"], item["any"], keys))
            if verbosity >= 2:
                self.stdout.write(f"{rank or '-'}  {item['q']}  ->  {', '.join(keys)}")
        failures = [(item["q"], honest_failure(item)) for item in honest]
        failures = [(q, why) for q, why in failures if why]
        for q, wanted, got in misses:
            self.stdout.write(self.style.WARNING(f"miss: {q!r} wanted {wanted}, got {got}"))
        for q, why in failures:
            self.stdout.write(self.style.WARNING(f"misleading: {q!r} {why}"))
        if honest:
            passed = len(honest) - len(failures)
            self.stdout.write(f"honest behaviour: {passed} of {len(honest)} checks pass")
        total = max(len(ranked), 1)
        hit, mrr = hits / total, reciprocal_ranks / total
        self.stdout.write(
            self.style.SUCCESS(f"{len(ranked)} queries: hit@5 {hit:.3f}, MRR@5 {mrr:.3f}")
        )
