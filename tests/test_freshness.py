"""However content changes, search and cached pages follow, and a draft never shows.

The ways content changes: a model's save() or delete() (a fix in a shell), the admin
(a form with its relations, a bulk delete, a revert), and load_content.
"""

import time

import pytest
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.core.management import call_command
from django.test import Client, override_settings

from portal import middleware
from recommendations import search
from recommendations.models import Publication, Recommendation, Topic

from .factories import make_recommendation_record, make_source_record, write_fixtures
from .test_curation import change_form_data

pytestmark = pytest.mark.django_db

PAGE = "/recommendations/ne-3-2/"


def keys(query):
    return [result["key"] for result in search.search(query).results]


def test_a_draft_leaves_search_before_its_transaction_commits():
    """No rebuild to wait for: the save itself takes the item out of the index, in the
    same transaction, so there is no instant at which search shows the draft."""
    recommendation = Recommendation.objects.get(key="NE-3.2")
    assert keys("ban formal and informal quotas")[0] == "NE-3.2"
    recommendation.status = Publication.DRAFT
    recommendation.save()
    assert "NE-3.2" not in keys("ban formal and informal quotas")


def test_a_deleted_item_leaves_search():
    Recommendation.objects.get(key="NE-3.2").tracker_entries.all().delete()
    Recommendation.objects.get(key="NE-3.2").delete()
    assert "NE-3.2" not in keys("ban formal and informal quotas")


def test_a_save_in_a_shell_shows_on_cached_pages_and_in_search(
    django_capture_on_commit_callbacks,
):
    client = Client()
    assert client.get(PAGE)["X-Page-Cache"] == "miss"
    assert client.get(PAGE)["X-Page-Cache"] == "hit"
    recommendation = Recommendation.objects.get(key="NE-3.2")
    recommendation.wording = "Ban every arrest quota outright."
    with django_capture_on_commit_callbacks(execute=True):
        recommendation.save()
    response = client.get(PAGE)
    assert response["X-Page-Cache"] == "miss"
    assert "Ban every arrest quota outright." in response.text
    assert keys("arrest quota outright")[0] == "NE-3.2"


def test_load_content_refreshes_cached_pages(tmp_path, django_capture_on_commit_callbacks):
    client = Client()
    assert "A test publication" not in client.get("/sources/").text
    write_fixtures(
        tmp_path,
        {
            "sources.json": [make_source_record()],
            "recommendations.json": [make_recommendation_record("NE-90.1", chapter=None)],
        },
    )
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_content", fixture_dir=tmp_path, verbosity=0)
    assert "A test publication" in client.get("/sources/").text
    assert keys("Wording of NE-90.1")[0] == "NE-90.1"


def test_an_admin_change_to_relations_reaches_search(admin_client):
    """Topics are saved after the row; the index is rebuilt once the form is done."""
    recommendation = Recommendation.objects.get(key="NE-3.2")
    topic = Topic.objects.get(slug="use-of-force")
    assert topic not in recommendation.topics.all()
    data = change_form_data(recommendation)
    data["topics"].append(topic.pk)
    response = admin_client.post(
        f"/admin/recommendations/recommendation/{recommendation.pk}/change/", data
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert "NE-3.2" in keys_with_topic("quotas", "use-of-force")


def keys_with_topic(query, topic):
    return [r["key"] for r in search.search(query, {"topic": topic}).results]


@override_settings(
    CACHES={
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "portal_cache",
        }
    }
)
def test_the_production_cache_is_shared_through_the_database():
    """Production's default cache is a table: what one worker stores, another reads.
    Two cache objects stand for two workers' processes."""
    caches["default"].clear()
    worker_a = caches["default"]
    worker_b = DatabaseCache("portal_cache", {})
    before = middleware.content_version()
    middleware.content_changed()
    after = worker_b.get(middleware.CONTENT_VERSION_KEY)
    assert after is not None and after != before
    worker_a.set("rate-limit", 3)
    assert worker_b.get("rate-limit") == 3


def test_a_page_kept_by_a_worker_is_not_served_once_content_changed():
    client = Client()
    client.get(PAGE)
    assert client.get(PAGE)["X-Page-Cache"] == "hit"
    middleware.content_changed()  # as another process's commit would
    assert client.get(PAGE)["X-Page-Cache"] == "miss"


def test_a_change_from_another_process_reaches_this_one_within_the_check_interval(settings):
    settings.PAGE_VERSION_CHECK_SECONDS = 0.25
    client = Client()
    client.get(PAGE)
    assert client.get(PAGE)["X-Page-Cache"] == "hit"
    caches["default"].set(middleware.CONTENT_VERSION_KEY, "set-by-another-process", None)
    time.sleep(0.3)
    assert client.get(PAGE)["X-Page-Cache"] == "miss"


def test_a_shared_cache_that_lost_everything_revives_no_old_page():
    """A Redis restart or a flushed table: this worker still keeps its pages, but they
    carry a version token that no longer exists."""
    client = Client()
    client.get(PAGE)
    caches["default"].clear()
    assert client.get(PAGE)["X-Page-Cache"] == "miss"


@override_settings(
    CACHES={
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "portal_cache",
        }
    }
)
def test_a_database_outage_with_the_cache_in_it_is_a_503_not_a_500(monkeypatch):
    """The cache table goes down with the database: a visitor without cookies, whose
    page the cache would answer, gets the friendly 503 like everyone else."""
    from django.db import OperationalError

    def refused(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr("django.db.backends.base.base.BaseDatabaseWrapper.cursor", refused)
    page = Client().get(PAGE)
    assert page.status_code == 503
    assert "Back in a moment" in page.text


def test_a_new_release_never_serves_pages_cached_by_the_old_one(monkeypatch):
    """The shared cache outlives a deploy: pages are keyed by a fingerprint of the code."""
    client = Client()
    client.get(PAGE)
    assert client.get(PAGE)["X-Page-Cache"] == "hit"
    monkeypatch.setattr(middleware, "RELEASE", "next-release")
    assert client.get(PAGE)["X-Page-Cache"] == "miss"


def test_the_release_fingerprint_follows_the_code(tmp_path, settings):
    settings.BASE_DIR = tmp_path
    (tmp_path / "templates").mkdir()
    page = tmp_path / "templates" / "page.html"
    page.write_text("one")
    before = middleware._release()
    page.write_text("one, edited")
    assert middleware._release() != before
