"""The Spanish versions of our own text: loaded by the English loader's rules, per
language, and labelled honestly on the pages (ADR 13)."""

import json
import shutil

import pytest

from recommendations import content, spanish
from recommendations.models import Recommendation

pytestmark = pytest.mark.django_db


@pytest.fixture
def fixtures(tmp_path):
    """A copy of the fixtures to change; returns a function that edits a Spanish record."""
    target = tmp_path / "fixtures"
    shutil.copytree(content.FIXTURE_DIR, target)

    def edit(filename, key, **fields):
        path = target / "es" / filename
        records = json.loads(path.read_text())
        for record in records:
            if record["key"] == key:
                record["fields"].update(fields)
        path.write_text(json.dumps(records, ensure_ascii=False))

    edit.dir = target
    return edit


def load(fixture_dir):
    return content.load(fixture_dir).spanish


def statuses(report):
    return {label: status for status, _model, label in report.items}


def test_a_second_load_changes_nothing():
    report = load(content.FIXTURE_DIR)
    assert report.count(content.UNCHANGED) == len(report.items) == 651


def test_a_new_spanish_text_reaches_an_item_nobody_edited(fixtures):
    fixtures("recommendations.json", "NE-3.2", summary_es="Nuevo resumen.")
    assert statuses(load(fixtures.dir))["NE-3.2 in Spanish"] == content.UPDATED
    assert Recommendation.objects.get(key="NE-3.2").summary_es == "Nuevo resumen."


def test_a_curators_spanish_edit_is_never_overwritten(fixtures):
    Recommendation.objects.filter(key="NE-3.2").update(summary_es="Editado por un curador.")
    fixtures("recommendations.json", "NE-3.2", summary_es="Nuevo resumen.")
    assert statuses(load(fixtures.dir))["NE-3.2 in Spanish"] == content.SKIPPED
    assert Recommendation.objects.get(key="NE-3.2").summary_es == "Editado por un curador."


def test_a_reviewed_translation_is_never_overwritten(fixtures):
    Recommendation.objects.filter(key="NE-3.2").update(spanish_reviewed=True)
    fixtures("recommendations.json", "NE-3.2", summary_es="Nuevo resumen.")
    assert statuses(load(fixtures.dir))["NE-3.2 in Spanish"] == content.SKIPPED


def test_the_languages_never_block_each_other(fixtures):
    # A curator's English edit keeps the English fixture out, not the Spanish one.
    item = Recommendation.objects.get(key="NE-3.2")
    item.summary = "A curator's English summary."
    item.save()
    fixtures("recommendations.json", "NE-3.2", summary_es="Nuevo resumen.")
    report = content.load(fixtures.dir)
    assert statuses(report)["NE-3.2"] == content.SKIPPED
    assert statuses(report.spanish)["NE-3.2 in Spanish"] == content.UPDATED
    item.refresh_from_db()
    assert (item.summary, item.summary_es) == ("A curator's English summary.", "Nuevo resumen.")


@pytest.mark.parametrize(
    "change, message",
    [
        ({"key": "NE-99.9"}, "no recommendation 'NE-99.9'"),
        ({"fields": {"summary": "Inglés"}}, "not Spanish fields"),
    ],
)
def test_a_bad_record_loads_nothing(fixtures, change, message):
    path = fixtures.dir / "es" / "recommendations.json"
    records = json.loads(path.read_text())
    records[0].update(change)
    records[1]["fields"]["summary_es"] = "Cambio que no debe guardarse."
    path.write_text(json.dumps(records[:1] + records[1:], ensure_ascii=False))
    before = Recommendation.objects.get(key=records[1]["key"]).summary_es
    with pytest.raises(content.ContentError, match=message):
        content.load(fixtures.dir)
    assert Recommendation.objects.get(key=records[1]["key"]).summary_es == before


def test_coverage_counts_reviewed_and_unreviewed_versions():
    Recommendation.objects.filter(key="NE-3.2").update(spanish_reviewed=True)
    Recommendation.objects.filter(key="NE-3.3").update(summary_es=None, wording_es="")
    items, reviewed, unreviewed, missing = spanish.coverage()["recommendations"]
    assert (items, reviewed, missing) == (167, 1, 1)
    assert unreviewed == 165


def test_a_spanish_page_says_whose_translation_it_is(client):
    html = client.get("/es/recommendations/ne-3-2/").content.decode()
    assert "Traducción al español de Common Ground" in html
    assert "aún no revisada por un curador" in html
    assert 'href="/recommendations/ne-3-2/" hreflang="en"' in html
    assert '<h1 lang="en">' in html  # the quote stays in English
    assert Recommendation.objects.get(key="NE-3.2").wording_es in html


def test_an_item_without_spanish_is_shown_in_english_and_marked(client):
    Recommendation.objects.filter(key="TF-2.2").update(summary_es=None)
    html = client.get("/es/recommendations/tf-2-2/").content.decode()
    assert "aún no tiene traducción al español" in html
    english = Recommendation.objects.get(key="TF-2.2").summary_en
    assert '<h1 lang="en">' in html and english[:40] in html


def test_english_pages_say_nothing_about_translations(client):
    html = client.get("/recommendations/ne-3-2/").content.decode()
    assert "translation-note" not in html and "rendering-label" not in html
