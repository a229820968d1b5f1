"""The content part of public pages is kept per content version and shared by every reader
(portal/fragments.py): each reader still gets their own bookmark buttons, and a curator's
save shows at once."""

import re

import pytest
from django.test import Client

from agencies.models import Bookmark
from recommendations.models import Recommendation

from .factories import client_for, make_user

pytestmark = pytest.mark.django_db
PAGE = "/recommendations/ne-3-2/"
# Rendered only when the content part is: its absence means the kept part was served.
INSIDE_THE_FRAGMENT = "includes/last_updated.html"


def rendered(response):
    return {template.name for template in response.templates}


def csrf_token(html):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]


def test_a_readers_bookmarks_never_show_for_another_reader():
    alice, bob = make_user("alice"), make_user("bob")
    Bookmark.objects.create(user=alice, key="NE-3.2")
    as_alice, as_bob = client_for(alice), client_for(bob)

    first = as_alice.get(PAGE)
    assert INSIDE_THE_FRAGMENT in rendered(first)
    assert 'aria-pressed="true">★ Bookmarked' in first.text

    second = as_bob.get(PAGE)
    assert INSIDE_THE_FRAGMENT not in rendered(second)  # Alice's render was kept
    assert "★ Bookmarked" not in second.text
    assert 'aria-pressed="false">☆ Bookmark<span class="visually-hidden">: NE-3.2' in second.text
    assert csrf_token(second.text) != csrf_token(first.text)
    # Bob's own token works: his button adds his bookmark, not Alice's.
    as_bob.post(
        "/me/bookmarks/toggle/", {"key": "NE-3.2", "csrfmiddlewaretoken": csrf_token(second.text)}
    )
    assert Bookmark.objects.filter(key="NE-3.2").count() == 2
    assert "★ Bookmarked" in as_bob.get(PAGE).text

    visitor = Client(HTTP_COOKIE="seen=1").get(PAGE).text  # a cookie: no page cache
    assert "★" not in visitor and "csrfmiddlewaretoken" not in visitor
    assert '<a href="/accounts/login/?next=/recommendations/ne-3-2/">Sign in</a>' in visitor


def test_the_kept_page_is_the_page_rendered_in_full(settings):
    """Same HTML from the kept part as from a full render, for readers with no session."""
    visitor = Client(HTTP_COOKIE="seen=1")
    for path in [PAGE, "/topics/use-of-force/", "/recommendations/?source=ne&pillar=2"]:
        settings.CONTENT_FRAGMENT_CACHE = False
        full = visitor.get(path)
        settings.CONTENT_FRAGMENT_CACHE = True
        visitor.get(path)
        kept = visitor.get(path)
        assert len(kept.templates) < len(full.templates), path
        assert kept.text == full.text, path


def test_a_curators_save_shows_at_once(django_capture_on_commit_callbacks):
    reader = client_for(make_user("alice"))
    assert "Ban formal and informal quotas." in reader.get(PAGE).text
    recommendation = Recommendation.objects.get(key="NE-3.2")
    recommendation.wording = "Ban every quota, formal or not."
    with django_capture_on_commit_callbacks(execute=True):
        recommendation.save()
    page = reader.get(PAGE)
    assert INSIDE_THE_FRAGMENT in rendered(page)
    assert "Ban every quota, formal or not." in page.text
    assert "Ban formal and informal quotas." not in page.text


def test_a_kept_page_costs_few_queries(django_assert_max_num_queries):
    reader = client_for(make_user("alice"))
    reader.get(PAGE)
    # Session, user, the recommendation (for its 404, redirect, title and breadcrumb) and
    # the reader's bookmarks: none of the content part's reads (14 before it was kept).
    with django_assert_max_num_queries(4):
        assert reader.get(PAGE).status_code == 200
    reader.get("/glossary/")
    with django_assert_max_num_queries(2):  # session and user
        assert reader.get("/glossary/").status_code == 200
