import pytest
from django.test import Client

from recommendations import search
from recommendations.models import Chapter, Recommendation, Source, Topic

from .factories import make_user
from .test_pages import PAGES

pytestmark = pytest.mark.django_db


def test_anonymous_pages_are_cached_and_revalidated(django_assert_num_queries):
    client = Client()
    first = client.get("/recommendations/ne-3-2/")
    assert first["X-Page-Cache"] == "miss"
    assert "public" in first["Cache-Control"] and "max-age=60" in first["Cache-Control"]
    with django_assert_num_queries(0):
        second = client.get("/recommendations/ne-3-2/")
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    etag = first["ETag"]
    assert client.get("/recommendations/ne-3-2/", HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_signed_in_pages_are_never_cached_publicly():
    client = Client()
    client.force_login(make_user("alice"))
    response = client.get("/recommendations/ne-3-2/")
    assert "X-Page-Cache" not in response
    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def test_a_content_change_shows_at_once(django_capture_on_commit_callbacks):
    client = Client()
    assert "Ban formal and informal quotas." in client.get("/recommendations/ne-3-2/").text
    Recommendation.objects.filter(key="NE-3.2").update(wording="Ban every quota.")
    with django_capture_on_commit_callbacks(execute=True):
        search.rebuild_index()  # update() skips save(): what `rebuild_search_index` does
    response = client.get("/recommendations/ne-3-2/")
    assert response["X-Page-Cache"] == "miss"
    assert "Ban every quota." in response.text


def test_query_counts_do_not_grow_with_ten_times_the_content(django_assert_max_num_queries):
    """Every page type keeps its query budget with ten times the recommendations."""
    source = Source.objects.get(slug="ne")
    chapter = Chapter.objects.get(number=3)
    topic = Topic.objects.get(slug="use-of-force")
    extra = Recommendation.objects.bulk_create(
        [
            Recommendation(
                key=f"NE-{50 + n // 50}.{n % 50 + 1}",
                source=source,
                chapter=chapter,
                section=50 + n // 50,
                number=n % 50 + 1,
                wording=f"Extra {n}.",
            )
            for n in range(1500)
        ]
    )
    Recommendation.topics.through.objects.bulk_create(
        [Recommendation.topics.through(recommendation=r, topic=topic) for r in extra]
    )
    for url, queries, _text in PAGES:
        with django_assert_max_num_queries(queries, info=url):
            assert Client().get(url).status_code == 200


def test_database_outage_gets_a_quick_friendly_503(client, monkeypatch):
    from django.db import OperationalError

    def refused(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr("django.db.backends.base.base.BaseDatabaseWrapper.cursor", refused)
    page = client.get("/recommendations/ne-3-2/", HTTP_COOKIE="visited=1")
    assert page.status_code == 503
    assert "Back in a moment" in page.text
    assert page["Retry-After"] == "30"
    api = client.get("/api/recommendations/", HTTP_COOKIE="visited=1")
    assert api.status_code == 503
    assert api.json() == {"error": "The service is briefly unavailable."}
    assert client.get("/healthz/").status_code == 503
