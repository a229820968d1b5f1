"""The honest public record: Not recorded is not Not started, and nothing empty is published."""

import csv
import io

import pytest
from django.db import IntegrityError
from django.test import Client
from django.utils import timezone

from agencies.models import Membership, Role, TrackerEntry
from recommendations.models import Recommendation

from .factories import make_agency, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def agency():
    agency = make_agency(coordinator=make_user("alice"))
    Membership.objects.create(user=make_user("bob"), agency=agency, role=Role.MEMBER)
    return agency


def client_for(agency, role=Role.COORDINATOR):
    client = Client()
    client.force_login(agency.memberships.get(role=role).user)
    return client


def record(agency, key="NE-4.1", status="not-started", **fields):
    return TrackerEntry.objects.create(
        agency=agency,
        recommendation=Recommendation.objects.get(key=key),
        status=status,
        reviewed_on=timezone.localdate(),
        **fields,
    )


class TestNotRecorded:
    def test_unrecorded_items_are_not_counted_as_not_started(self, agency):
        record(agency, "NE-4.1", "not-started")
        response = client_for(agency).get(f"/agencies/{agency.slug}/tracker/")
        groups = {g.label: g for g in response.context["groups"]}
        chapter = groups["New Era chapter 4: The Use of Force"]
        assert chapter.as_dict()["not-started"] == 1
        assert chapter.as_dict()["not-recorded"] == 9
        assert chapter.recorded == 1
        assert '<th scope="col">Not recorded</th>' in response.text

    def test_csv_and_json_say_not_recorded(self, agency):
        record(agency, "NE-4.1", "not-started")
        agency.publish_tracker()
        total = Recommendation.objects.published().count()
        for_agencies = Recommendation.objects.published().addressed_to_agencies().count()
        data = Client().get(f"/api/agencies/{agency.slug}/tracker/").json()
        assert data["counts"]["not-started"] == 1
        assert data["counts"]["not-recorded"] == for_agencies - 1
        statuses = {e["key"]: e["status"] for e in data["entries"]}
        assert statuses["NE-4.1"] == "not-started"
        assert statuses["NE-4.3"] == "not-recorded"
        unrecorded = next(e for e in data["entries"] if e["key"] == "NE-4.3")
        assert unrecorded["reviewed_on"] is None and unrecorded["evidence"] == []
        text = Client().get(f"/agencies/{agency.slug}/tracker.csv").content.decode()
        rows = {row["key"]: row for row in csv.DictReader(io.StringIO(text))}
        assert len(rows) == total
        assert rows["NE-4.3"]["status"] == "not-recorded"
        assert rows["NE-4.3"]["reviewed_on"] == ""

    def test_the_database_refuses_a_stored_not_recorded(self, agency):
        with pytest.raises(IntegrityError):
            record(agency, "NE-4.1", "not-recorded")


class TestPublishing:
    def test_an_empty_tracker_cannot_be_published(self, agency):
        client = client_for(agency)
        page = client.get(f"/agencies/{agency.slug}/tracker/").text
        assert "Publish the tracker" not in page
        assert "You can publish the tracker once at least one recommendation" in page
        response = client.post(
            f"/agencies/{agency.slug}/tracker/publish/", {"publish": "1"}, follow=True
        )
        assert "Record the status of at least one recommendation" in response.text
        agency.refresh_from_db()
        assert agency.tracker_published_at is None
        assert Client().get(f"/agencies/{agency.slug}/").status_code == 404

    def test_one_recorded_item_allows_publishing(self, agency):
        record(agency)
        client = client_for(agency)
        assert "Publish the tracker" in client.get(f"/agencies/{agency.slug}/tracker/").text
        client.post(f"/agencies/{agency.slug}/tracker/publish/", {"publish": "1"})
        agency.refresh_from_db()
        assert agency.tracker_published_at is not None

    def test_members_preview_exactly_the_public_page(self, agency, django_assert_max_num_queries):
        record(agency, explanation="Policy 1.01 adopted.")
        client = client_for(agency, Role.MEMBER)
        with django_assert_max_num_queries(10):
            preview = client.get(f"/agencies/{agency.slug}/preview/")
        assert "Preview: not yet public." in preview.text
        assert "Policy 1.01 adopted." in preview.text
        assert "You are a member" not in preview.text
        agency.publish_tracker()
        preview = client.get(f"/agencies/{agency.slug}/preview/").text
        public = Client().get(f"/agencies/{agency.slug}/").text
        content = slice(public.index("<h1>"), public.index("</main>"))
        assert public[content] == preview[preview.index("<h1>") : preview.index("</main>")]

    def test_outsiders_cannot_preview(self, agency):
        outsider = Client()
        assert outsider.get(f"/agencies/{agency.slug}/preview/").status_code == 302
        outsider.force_login(make_user("mallory"))
        assert outsider.get(f"/agencies/{agency.slug}/preview/").status_code == 404


def test_the_public_page_draws_the_same_numbers_as_its_table(agency):
    record(agency, "NE-4.1", "implemented")
    record(agency, "NE-4.3", "in-progress")
    agency.publish_tracker()
    page = Client().get(f"/agencies/{agency.slug}/").text
    chart = page[page.index("<svg") : page.index("</svg>")]
    assert 'role="img"' in chart and 'aria-labelledby="chart-title chart-desc"' in chart
    assert (
        "New Era chapter 4: The Use of Force: 1 implemented, 1 in progress, 8 not recorded."
        in chart
    )
    # Each of chapter 4's ten recommendations is a tenth of the 300-unit bar, after the label.
    assert '<rect x="300.0" y="' in chart
    assert 'width="30.0" height="22" class="status-implemented"><title>Implemented: 1' in chart
    assert 'width="240.0" height="22" class="status-not-recorded"' in chart
    table = page[page.index('<table class="data progress">') :]
    assert "1 of 10 (10%)" in table
