"""A bulk change and a single save of the same item, at the same moment, on two real
database connections: neither may fail on the one-entry-per-item constraint (a 500 before).

Each test holds one request inside its transaction, just after it wrote the entry, starts
the other, waits until PostgreSQL shows it waiting for a lock, then lets the first commit.
"""

import threading
import time

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import signals
from django.test import Client
from django.utils import timezone

from agencies.models import TrackerEntry
from recommendations.models import Recommendation

from .factories import (
    make_agency,
    make_recommendation_record,
    make_source_record,
    make_user,
    write_fixtures,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def agency(tmp_path):
    # Django empties every table after a test like this one, the content too: if an earlier
    # one did, the one recommendation these tests need is enough (loading all takes seconds).
    if not Recommendation.objects.filter(key="NE-4.1").exists():
        fixtures = {
            "sources.json": [make_source_record()],
            "recommendations.json": [
                make_recommendation_record("NE-4.1", chapter=None, addressed_to=["agencies"])
            ],
        }
        call_command(
            "load_content", "--fixture-dir", write_fixtures(tmp_path, fixtures), verbosity=0
        )
    return make_agency(coordinator=make_user("alice"))


def in_thread(agency, path, data, results):
    """POST from another thread, so on another database connection; keep the status."""

    def post():
        client = Client(raise_request_exception=False)
        client.force_login(agency.memberships.get().user)
        try:
            results[path] = client.post(f"/agencies/{agency.slug}/tracker/{path}", data).status_code
        finally:
            connection.close()

    thread = threading.Thread(target=post)
    thread.start()
    return thread


def wait_until_one_waits_for_a_lock():
    for _ in range(200):
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'")
            if cursor.fetchone()[0]:
                return
        time.sleep(0.05)
    pytest.fail("The second request never waited for the first.")


def single(status):
    return {"status": status, "reviewed_on": timezone.localdate().isoformat()}


def bulk(status):
    return {"items": ["ne-4-1"], "new_status": status, **single(status)}


def held(written, release):
    """A pause at the point where the entry is written, the transaction still open."""

    def pause(*args, **kwargs):
        written.set()
        assert release.wait(20)

    return pause


def test_a_single_save_while_a_bulk_change_writes_the_same_item(agency, monkeypatch):
    from agencies.views import tracker as tracker_views  # after allauth's forms are set up

    written, release, results = threading.Event(), threading.Event(), {}
    create = tracker_views.bulk_create_with_history

    def create_then_pause(*args, **kwargs):
        created = create(*args, **kwargs)
        held(written, release)()
        return created

    monkeypatch.setattr(tracker_views, "bulk_create_with_history", create_then_pause)
    first = in_thread(agency, "bulk/", bulk("planned"), results)
    assert written.wait(20)
    second = in_thread(agency, "ne-4-1/", single("implemented"), results)
    wait_until_one_waits_for_a_lock()
    release.set()
    first.join(20), second.join(20)
    assert results == {"bulk/": 302, "ne-4-1/": 302}
    entry = TrackerEntry.objects.get(agency=agency)
    assert entry.status == "implemented"  # the single save came second, and updated it
    assert [h.status for h in entry.history.order_by("history_id")] == ["planned", "implemented"]


def test_a_bulk_change_while_a_single_save_writes_the_same_item(agency):
    written, release, results = threading.Event(), threading.Event(), {}
    pause = held(written, release)

    def after_the_single_save(sender, instance, **kwargs):
        if not written.is_set():
            pause()

    signals.post_save.connect(after_the_single_save, sender=TrackerEntry)
    try:
        first = in_thread(agency, "ne-4-1/", single("implemented"), results)
        assert written.wait(20)
        second = in_thread(agency, "bulk/", bulk("planned"), results)
        wait_until_one_waits_for_a_lock()
        release.set()
        first.join(20), second.join(20)
    finally:
        signals.post_save.disconnect(after_the_single_save, sender=TrackerEntry)
    assert results == {"ne-4-1/": 302, "bulk/": 302}
    entry = TrackerEntry.objects.get(agency=agency)
    assert entry.status == "planned"
    assert [h.status for h in entry.history.order_by("history_id")] == ["implemented", "planned"]
