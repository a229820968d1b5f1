"""Faster for coordinators: one status for many items, and filters on the tracker."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from agencies.models import NationalTally, TrackerEntry
from recommendations.models import Recommendation

from .factories import client_for

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def bulk(client, agency, items, status="in-progress", **fields):
    data = {"items": items, "new_status": status, "reviewed_on": TODAY().isoformat(), **fields}
    return client.post(f"/agencies/{agency.slug}/tracker/bulk/", data)


def shown_keys(page):
    return re.findall(r'<tr id="item-[^"]+"[^>]*>.*?<span class="key">([^<]+)<', page, re.S)


def opened_groups(page):
    return re.findall(r'<details id="group-([-a-z0-9]+)" open>', page)


class TestBulkStatus:
    def test_sets_one_status_for_many_items_keeping_each_change_in_history(self, agency, alice):
        client = client_for(alice)
        client.post(f"/agencies/{agency.slug}/tracker/ne-4-1/",
                    {"status": "planned", "reviewed_on": TODAY().isoformat()})  # fmt: skip
        items = ["ne-4-1", "ne-4-2", "tf-1-1", "ne-1-1"]
        response = bulk(client, agency, items, filters="status=planned")
        assert response.status_code == 302
        assert response["Location"].startswith(f"/agencies/{agency.slug}/tracker/?status=planned&")
        entries = agency.tracker_entries.select_related("recommendation")
        assert {e.recommendation.slug: e.status for e in entries} == dict.fromkeys(
            items, "in-progress"
        )
        assert {e.updated_by for e in entries} == {alice}
        changed = agency.tracker_entries.get(recommendation__key="NE-4.1")
        assert [h.status for h in changed.history.all()] == ["in-progress", "planned"]
        assert TrackerEntry.history.filter(agency=agency).count() == 5
        page = client.get(response["Location"].replace("status=planned&", "")).text
        assert "Set 4 recommendations to In progress." in page
        assert set(opened_groups(page)) == {"chapter-4", "chapter-1", "pillar-1"}

    def test_refuses_what_it_cannot_do_and_changes_nothing(self, agency, alice):
        client = client_for(alice)
        future = (TODAY() + timedelta(days=2)).isoformat()
        for items, fields in [
            ([], {}),
            (["ne-4-1"], {"status": "done"}),
            (["ne-4-1"], {"reviewed_on": future}),
            (["ne-99-1"], {}),
        ]:
            response = bulk(client, agency, items, **fields)
            assert response.status_code == 302
            assert "Nothing was changed." in client.get(response["Location"]).text
        assert not agency.tracker_entries.exists()

    def test_a_published_tracker_counts_nationally_at_once(self, agency, alice):
        client = client_for(alice)
        bulk(client, agency, ["ne-4-1"])
        agency.publish_tracker()
        bulk(client, agency, ["ne-4-1", "ne-4-2"], status="implemented")
        tallies = NationalTally.objects.filter(recommendation__key__in=["NE-4.1", "NE-4.2"])
        assert [t.implemented for t in tallies] == [1, 1]


class TestTrackerFilters:
    @pytest.fixture
    def recorded(self, agency):
        old = TODAY() - timedelta(days=400)
        for key, status, reviewed in [("NE-4.1", "implemented", TODAY()),
                                      ("TF-1.1", "planned", old)]:  # fmt: skip
            recommendation = Recommendation.objects.get(key=key)
            TrackerEntry.objects.create(agency=agency, status=status, reviewed_on=reviewed,
                                        recommendation=recommendation)  # fmt: skip
        return agency

    @pytest.mark.parametrize(
        "query, shown",
        [
            ("status=implemented", {"NE-4.1"}),
            ("status=planned&pillar=1", {"TF-1.1"}),
            ("review=on", {"TF-1.1"}),
            ("chapter=4&status=implemented", {"NE-4.1"}),
            ("pillar=1&status=implemented", set()),
        ],
    )
    def test_filters_show_only_matching_items_with_their_groups_open(
        self, recorded, alice, query, shown
    ):
        page = client_for(alice).get(f"/agencies/{recorded.slug}/tracker/?{query}").text
        assert set(shown_keys(page)) == shown
        assert f"{len(shown)} recommendation" in page
        assert len(opened_groups(page)) == len(shown)

    def test_not_recorded_is_a_filter_and_a_bad_value_shows_everything_with_a_message(
        self, recorded, alice
    ):
        client = client_for(alice)
        page = client.get(f"/agencies/{recorded.slug}/tracker/?status=not-recorded").text
        assert {"NE-4.2", "TF-1.2"} <= set(shown_keys(page)) and "NE-4.1" not in shown_keys(page)
        page = client.get(f"/agencies/{recorded.slug}/tracker/?pillar=99").text
        assert "There is a problem" in page and "NE-4.1" in shown_keys(page)


class TestQueriesDoNotGrow:
    """The pages the benchmark measures, with one item recorded and with every item."""

    @pytest.mark.parametrize("everything", [False, True])
    def test_tracker_public_page_and_csv(self, agency, alice, everything,
                                         django_assert_max_num_queries):  # fmt: skip
        recommendations = Recommendation.objects.published()
        if not everything:
            recommendations = recommendations[:1]
        TrackerEntry.objects.bulk_create(
            TrackerEntry(
                agency=agency,
                recommendation=r,
                status="planned",
                reviewed_on=TODAY(),
                updated_by=alice,
            )  # fmt: skip
            for r in recommendations
        )
        agency.publish_tracker()
        client = client_for(alice)
        with django_assert_max_num_queries(10):
            assert client.get(f"/agencies/{agency.slug}/tracker/").status_code == 200
        with django_assert_max_num_queries(6):
            assert Client().get(f"/agencies/{agency.slug}/").status_code == 200
        with django_assert_max_num_queries(4):
            assert Client().get(f"/agencies/{agency.slug}/tracker.csv").status_code == 200
        with django_assert_max_num_queries(20):
            bulk(client, agency, [r.slug for r in recommendations[:20]], status="implemented")
