import json
import shutil

import pytest
from django.core.management import CommandError, call_command

from recommendations import content
from recommendations.models import (
    ActionItem,
    Chapter,
    Pillar,
    Program,
    Recommendation,
    Source,
    StakeholderAction,
    Topic,
)

from .factories import make_recommendation_record, make_source_record, write_fixtures

pytestmark = pytest.mark.django_db

TASK_FORCE_JSON = content.FIXTURE_DIR.parent.parent / "shared" / "data" / "task-force-2015.json"


def run_load(*args):
    from io import StringIO

    out = StringIO()
    call_command("load_content", *args, stdout=out)
    return out.getvalue()


class TestRealContent:
    def test_counts(self):
        assert Pillar.objects.count() == 6
        task_force = Recommendation.objects.from_source("tf")
        assert task_force.filter(pillar__isnull=False).count() == 59
        assert sorted(task_force.filter(pillar__isnull=True).values_list("key", flat=True)) == [
            "TF-0.1",
            "TF-0.2",
        ]
        assert Recommendation.objects.from_source("ne").count() == 106
        assert Chapter.objects.count() == 12
        assert StakeholderAction.objects.count() == 15
        assert Program.objects.count() == 5
        assert Source.objects.count() == 6

    @pytest.mark.skipif(
        not TASK_FORCE_JSON.exists(), reason="needs ../shared/ beside the checkout, as in CI"
    )
    def test_every_action_item_in_the_task_force_json_is_loaded(self):
        data = json.loads(TASK_FORCE_JSON.read_text())
        expected = {
            f"TF-{item['id']}": bool(item.get("uncertain"))
            for recommendation in data["recommendations"]
            for item in recommendation["action_items"]
        }
        loaded = dict(ActionItem.objects.values_list("key", "uncertain"))
        assert loaded == expected
        assert len(loaded) == 83

    def test_new_era_chapters_hold_the_numbered_recommendations(self):
        sizes = {c.number: c.recommendations.count() for c in Chapter.objects.all()}
        assert sizes == {
            1: 12, 2: 9, 3: 11, 4: 10, 5: 10, 6: 6, 7: 14, 8: 6, 9: 6, 10: 6, 11: 9, 12: 7
        }  # fmt: skip

    def test_new_era_wording_is_quoted_with_known_defects_fixed_and_noted(self):
        scrambled = Recommendation.objects.get(key="NE-5.3")
        assert scrambled.wording == (
            "Establish protocols for interactions with people with mental health or "
            "developmental disabilities or who are experiencing substance use disorder crises."
        )
        assert "scrambles" in scrambled.note
        assert Recommendation.objects.get(key="NE-3.2").wording == "Ban formal and informal quotas."
        assert not Recommendation.objects.filter(wording__startswith=" ").exists()
        assert not Recommendation.objects.filter(wording__contains="\u00a0").exists()

    def test_safe_policing_names_the_right_executive_order(self):
        program = Program.objects.get(slug="safe-policing-certification")
        assert "13929" in program.summary
        assert "12939" not in program.summary
        assert "13929" in program.source.corrections

    def test_every_item_carries_its_source_and_pillar_crosswalk(self):
        assert not Recommendation.objects.filter(source__isnull=True).exists()
        for chapter in Chapter.objects.all():
            assert chapter.pillars.exists(), chapter
        for recommendation in Recommendation.objects.from_source("ne"):
            assert recommendation.pillars.exists(), recommendation.key
            assert recommendation.topics.exists(), recommendation.key
        for program in Program.objects.all():
            assert program.topic_links.exists(), program.slug  # each with its source

    def test_second_run_changes_nothing(self):
        output = run_load()
        assert "Loaded 657 items: 0 created, 0 updated, 657 unchanged, 0 skipped." in output

    def test_curator_edit_is_kept_and_reported(self):
        recommendation = Recommendation.objects.get(key="NE-3.2")
        recommendation.summary = "A curator's summary."
        recommendation.save()
        output = run_load()
        assert "skipped recommendation NE-3.2" in output
        assert "656 unchanged, 1 skipped" in output
        recommendation.refresh_from_db()
        assert recommendation.summary == "A curator's summary."

    def test_curator_edit_of_a_relation_is_kept(self):
        recommendation = Recommendation.objects.get(key="NE-4.1")
        recommendation.topics.add(Topic.objects.get(slug="youth-schools"))
        output = run_load()
        assert "skipped recommendation NE-4.1" in output
        assert recommendation.topics.filter(slug="youth-schools").exists()

    def test_export_round_trips_the_fixtures(self, tmp_path):
        content.export(tmp_path)
        for _model, filename in content.FIXTURES:
            assert (tmp_path / filename).read_text() == (
                content.FIXTURE_DIR / filename
            ).read_text(), filename


class TestLoaderOnItsOwnFixtures:
    @pytest.fixture
    def fixture_dir(self, tmp_path):
        return write_fixtures(
            tmp_path,
            {
                "sources.json": [make_source_record()],
                "recommendations.json": [
                    make_recommendation_record("NE-99.1", chapter=None),
                    make_recommendation_record("NE-99.2", topics=[["training"]]),
                ],
            },
        )

    def test_first_run_creates_then_second_run_reports_unchanged(self, fixture_dir):
        assert "3 items: 3 created, 0 updated, 0 unchanged" in run_load(
            "--fixture-dir", fixture_dir
        )
        assert "3 items: 0 created, 0 updated, 3 unchanged" in run_load(
            "--fixture-dir", fixture_dir
        )
        created = Recommendation.objects.get(key="NE-99.2")
        assert (created.section, created.number) == (99, 2)
        assert list(created.topics.values_list("slug", flat=True)) == ["training"]

    def test_changed_fixture_updates_an_unedited_item(self, fixture_dir):
        run_load("--fixture-dir", fixture_dir)
        records = json.loads((fixture_dir / "recommendations.json").read_text())
        records[0]["fields"]["wording"] = "New wording."
        (fixture_dir / "recommendations.json").write_text(json.dumps(records))
        assert "1 updated, 2 unchanged" in run_load("--fixture-dir", fixture_dir)
        assert Recommendation.objects.get(key="NE-99.1").wording == "New wording."

    def test_changed_fixture_never_overwrites_a_curator_edit(self, fixture_dir):
        run_load("--fixture-dir", fixture_dir)
        Recommendation.objects.filter(key="NE-99.1").update(wording="Curated.")
        records = json.loads((fixture_dir / "recommendations.json").read_text())
        records[0]["fields"]["wording"] = "New wording."
        (fixture_dir / "recommendations.json").write_text(json.dumps(records))
        output = run_load("--fixture-dir", fixture_dir)
        assert "skipped recommendation NE-99.1" in output
        assert Recommendation.objects.get(key="NE-99.1").wording == "Curated."

    def test_dry_run_saves_nothing(self, fixture_dir):
        output = run_load("--dry-run", "--fixture-dir", fixture_dir)
        assert "Dry run, nothing saved: would load 3 items: 3 created" in output
        assert not Recommendation.objects.filter(key__startswith="NE-99.").exists()

    def test_items_missing_from_the_fixtures_are_never_deleted(self, fixture_dir):
        run_load("--fixture-dir", fixture_dir)
        records = json.loads((fixture_dir / "recommendations.json").read_text())
        (fixture_dir / "recommendations.json").write_text(json.dumps(records[:1]))
        run_load("--fixture-dir", fixture_dir)
        assert Recommendation.objects.filter(key="NE-99.2").exists()

    def test_a_bad_record_rolls_back_the_whole_load(self, fixture_dir):
        records = json.loads((fixture_dir / "recommendations.json").read_text())
        records.append(make_recommendation_record("NE-99.3", source="no-such-source"))
        (fixture_dir / "recommendations.json").write_text(json.dumps(records))
        with pytest.raises(
            CommandError, match="Nothing was loaded.*recommendations.json, record 3"
        ):
            run_load("--fixture-dir", fixture_dir)
        assert not Source.objects.filter(slug="test-source").exists()


def test_real_fixture_directory_is_complete(tmp_path):
    copied = tmp_path / "fixtures"
    shutil.copytree(content.FIXTURE_DIR, copied)
    assert sorted(p.name for p in copied.glob("*.json")) == sorted(f for _m, f in content.FIXTURES)
