"""Every CSV the site writes is safe to open in a spreadsheet (no formula injection)."""

import csv
import io

import pytest
from django.test import Client
from django.utils import timezone

from agencies.models import Bookmark, Collection, TrackerEntry
from portal.csv_export import neutralise
from recommendations.models import Recommendation

from .factories import make_agency, make_user

pytestmark = pytest.mark.django_db

HOSTILE = '=HYPERLINK("http://evil.example","click")'


def rows_of(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(response.content.decode())))


@pytest.mark.parametrize(
    "value,written",
    [
        (HOSTILE, "'" + HOSTILE),
        ("+1+2", "'+1+2"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("NE-3.2", "NE-3.2"),
        ("Ban quotas = good", "Ban quotas = good"),
        ("", ""),
        (None, None),
        (3, 3),
    ],
)
def test_neutralise(value, written):
    assert neutralise(value) == written


def test_recommendations_csv(client):
    Recommendation.objects.filter(key="NE-3.2").update(summary=HOSTILE)
    rows = rows_of(client.get("/api/recommendations.csv?source=ne&chapter=3"))
    row = next(row for row in rows if row["key"] == "NE-3.2")
    assert row["summary"] == "'" + HOSTILE


def test_tracker_csv():
    coordinator = make_user("alice")
    agency = make_agency(coordinator=coordinator, tracker_published_at=timezone.now())
    TrackerEntry.objects.create(
        agency=agency,
        recommendation=Recommendation.objects.get(key="NE-4.1"),
        status="implemented",
        reviewed_on=timezone.localdate(),
        explanation=HOSTILE,
        evidence_links="@evil",
    )
    rows = rows_of(Client().get(f"/agencies/{agency.slug}/tracker.csv"))
    row = next(row for row in rows if row["key"] == "NE-4.1")
    assert row["explanation"] == "'" + HOSTILE
    assert row["evidence"] == "'@evil"


def test_collection_csv():
    owner = make_user("alice")
    collection = Collection.objects.create(owner=owner, name="Hostile")
    bookmark = Bookmark.objects.create(user=owner, key="NE-3.2", note="-1+1")
    collection.bookmarks.add(bookmark)
    client = Client()
    client.force_login(owner)
    rows = rows_of(client.get(f"/collections/{collection.pk}/export.csv"))
    assert rows[0]["key"] == "NE-3.2"
    assert rows[0]["note"] == "'-1+1"
