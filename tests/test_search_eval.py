"""The search evaluation command and the repository's own evaluation set."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command

from recommendations import search

pytestmark = pytest.mark.django_db

OWN_SET = Path(__file__).resolve().parent.parent / "recommendations" / "eval" / "search-eval.json"


@pytest.fixture(autouse=True)
def fresh_index_data():
    cache.delete_many([search.CACHE_KEY, search.VERSION_KEY])


def test_honest_checks_report_a_rewrite_and_an_unreported_word(tmp_path):
    path = tmp_path / "eval.json"
    queries = [
        {"q": "qualified immunity", "honest": {"corrected": None, "missing": ["immunity"]}},
        {"q": "acountability", "honest": {"corrected": None}},
        {"q": "police", "honest": {"missing": ["police"]}},
    ]
    path.write_text(json.dumps({"queries": queries}))
    out = StringIO()
    call_command("search_eval", "--file", str(path), stdout=out)
    assert "misleading: 'acountability' rewritten as 'accountability'" in out.getvalue()
    assert "misleading: 'police' does not say that no item mentions ['police']" in out.getvalue()
    assert "honest behaviour: 1 of 3 checks pass" in out.getvalue()


def test_the_repository_set_meets_the_targets():
    out = StringIO()
    call_command("search_eval", "--file", str(OWN_SET), stdout=out)
    lines = out.getvalue().strip().splitlines()
    hit, mrr = (float(part.split()[-1]) for part in lines[-1].split(":")[1].split(","))
    assert hit >= 0.95, out.getvalue()
    assert mrr >= 0.85, out.getvalue()
    assert "honest behaviour: 15 of 15 checks pass" in out.getvalue()
    assert len(json.loads(OWN_SET.read_text())["queries"]) >= 150


SPANISH_SET = OWN_SET.with_name("search-es.json")


def test_the_spanish_set_meets_the_targets():
    out = StringIO()
    call_command("search_eval", "--lang", "es", stdout=out)  # search-es.json by default
    lines = out.getvalue().strip().splitlines()
    hit, mrr = (float(part.split()[-1]) for part in lines[-1].split(":")[1].split(","))
    assert hit >= 0.90, out.getvalue()
    assert mrr >= 0.85, out.getvalue()
    queries = json.loads(SPANISH_SET.read_text())["queries"]
    honest = [query for query in queries if "honest" in query]
    assert f"honest behaviour: {len(honest)} of {len(honest)} checks pass" in out.getvalue()
    assert len(queries) >= 80 and len(honest) >= 8


def test_the_language_decides_which_index_and_spelling_are_used(tmp_path):
    path = tmp_path / "eval.json"
    path.write_text(json.dumps({"queries": [{"q": "policía", "honest": {"corrected": None}}]}))
    out = StringIO()
    call_command("search_eval", "--file", str(path), "--lang", "es", stdout=out)
    assert "honest behaviour: 1 of 1 checks pass" in out.getvalue()
    out = StringIO()
    call_command("search_eval", "--file", str(path), stdout=out)  # no English word
    assert "misleading: 'policía' rewritten as" in out.getvalue()
