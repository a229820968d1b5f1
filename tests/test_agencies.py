import csv
import io
import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from agencies.models import (
    Bookmark,
    Collection,
    Membership,
    Role,
    TrackerEntry,
)
from recommendations.models import Recommendation

from .factories import client_for, make_agency, make_user

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


class TestBookmarks:
    def test_toggle_and_double_submit(self, alice):
        client = client_for(alice)
        for _ in range(2):
            response = client.post(
                "/me/bookmarks/toggle/", {"key": "NE-3.2", "next": "/recommendations/ne-3-2/"}
            )
            assert response["Location"] == "/recommendations/ne-3-2/"
        assert Bookmark.objects.filter(user=alice, key="NE-3.2").count() == 1
        client.post("/me/bookmarks/toggle/", {"key": "NE-3.2", "action": "remove"})
        assert not Bookmark.objects.filter(user=alice).exists()

    @pytest.mark.parametrize(
        "key", ["TF-1.4.2", "program:cri-tac", "topic:use-of-force", "search:q=body+cams"]
    )
    def test_every_kind_of_item_can_be_bookmarked(self, alice, key):
        client_for(alice).post("/me/bookmarks/toggle/", {"key": key})
        assert Bookmark.objects.filter(user=alice, key=key).exists()

    def test_unknown_key_is_refused(self, alice):
        response = client_for(alice).post("/me/bookmarks/toggle/", {"key": "NE-99.9"})
        assert response.status_code == 400
        assert not Bookmark.objects.exists()

    def test_offsite_next_is_ignored(self, alice):
        response = client_for(alice).post(
            "/me/bookmarks/toggle/", {"key": "NE-3.2", "next": "https://evil.example/"}
        )
        assert response["Location"] == "/me/"

    def test_pages_show_the_toggle(self, alice):
        client = client_for(alice)
        assert 'value="NE-3.2"' in client.get("/recommendations/ne-3-2/").text
        client.post("/me/bookmarks/toggle/", {"key": "NE-3.2"})
        assert "★ Bookmarked" in client.get("/recommendations/ne-3-2/").text
        assert 'value="TF-1.4.2"' in client.get("/recommendations/tf-1-4/").text
        assert 'name="key" value="search:q=quotas"' in client.get("/search/?q=quotas").text
        anonymous = Client().get("/programs/cri-tac/").text
        assert "to bookmark" in anonymous

    def test_me_lists_and_filters(self, alice, django_assert_max_num_queries):
        client = client_for(alice)
        for key in ["NE-3.2", "program:cri-tac", "TF-1.4.2"]:
            client.post("/me/bookmarks/toggle/", {"key": key})
        with django_assert_max_num_queries(10):  # 8, and the requests to join or add agencies
            response = client.get("/me/")
        assert [b.key for b in response.context["bookmarks"]] == [
            "TF-1.4.2",
            "program:cri-tac",
            "NE-3.2",
        ]
        assert "Ban formal and informal quotas." in response.text
        programs = client.get("/me/?type=program")
        assert [b.key for b in programs.context["bookmarks"]] == ["program:cri-tac"]

    def test_note_is_private_and_bad_note_changes_nothing(self, alice):
        client = client_for(alice)
        client.post("/me/bookmarks/toggle/", {"key": "NE-3.2"})
        bookmark = Bookmark.objects.get(user=alice)
        client.post(f"/me/bookmarks/{bookmark.pk}/", {"note": "Ask the chief"})
        response = client.post(f"/me/bookmarks/{bookmark.pk}/", {"note": "x" * 3000})
        assert response.status_code == 200
        bookmark.refresh_from_db()
        assert bookmark.note == "Ask the chief"


class TestCollections:
    @pytest.fixture
    def shared(self, alice, agency):
        collection = Collection.objects.create(
            owner=bob_user(agency), name="Use of force", agency=agency
        )
        return collection

    def test_create_share_export_print(self, alice, bob, agency, outsider):
        client = client_for(bob)
        for key in ["NE-4.1", "NE-4.3", "program:safe-policing-certification"]:
            client.post("/me/bookmarks/toggle/", {"key": key})
        client.post("/me/collections/new/", {"name": "Use of force", "agency": agency.pk})
        collection = Collection.objects.get(name="Use of force")
        ids = [b.pk for b in Bookmark.objects.filter(user=bob)]
        client.post(collection.get_absolute_url(), {"bookmark": ids, "action": "add"})
        assert collection.bookmarks.count() == 3

        colleague = client_for(alice)
        assert colleague.get(collection.get_absolute_url()).status_code == 200
        rows = list(
            csv.reader(
                io.StringIO(
                    colleague.get(f"/collections/{collection.pk}/export.csv").content.decode()
                )
            )
        )
        assert rows[0] == ["key", "type", "title", "url", "note", "bookmarked by"]
        assert {row[0] for row in rows[1:]} == {
            "NE-4.1",
            "NE-4.3",
            "program:safe-policing-certification",
        }
        assert (
            "Prohibit and regulate tools"
            in colleague.get(f"/collections/{collection.pk}/print/").text
        )

        stranger = client_for(outsider)
        for suffix in ["", "export.csv", "print/", "edit/", "delete/"]:
            assert stranger.get(f"/collections/{collection.pk}/{suffix}").status_code == 404

    def test_members_read_coordinators_and_owner_edit(self, alice, bob, agency):
        collection = Collection.objects.create(owner=bob, name="Shared", agency=agency)
        other_member = make_user("dave")
        Membership.objects.create(user=other_member, agency=agency, role=Role.MEMBER)
        assert (
            client_for(other_member).get(f"/collections/{collection.pk}/edit/").status_code == 404
        )
        assert (
            client_for(other_member)
            .post(f"/collections/{collection.pk}/", {"action": "remove"})
            .status_code
            == 404
        )
        assert client_for(alice).get(f"/collections/{collection.pk}/edit/").status_code == 200
        assert client_for(bob).get(f"/collections/{collection.pk}/edit/").status_code == 200

    def test_private_collection_is_private(self, alice, bob, agency):
        collection = Collection.objects.create(owner=bob, name="Mine")
        assert client_for(alice).get(collection.get_absolute_url()).status_code == 404

    def test_delete_asks_and_keeps_bookmarks(self, bob):
        client = client_for(bob)
        client.post("/me/bookmarks/toggle/", {"key": "NE-3.2"})
        collection = Collection.objects.create(owner=bob, name="Temp")
        collection.bookmarks.add(Bookmark.objects.get(user=bob))
        page = client.get(f"/collections/{collection.pk}/delete/")
        assert "Delete the collection" in page.text
        assert Collection.objects.filter(pk=collection.pk).exists()
        client.post(f"/collections/{collection.pk}/delete/")
        assert not Collection.objects.filter(pk=collection.pk).exists()
        assert Bookmark.objects.filter(user=bob, key="NE-3.2").exists()

    def test_cannot_share_with_an_agency_you_are_not_in(self, outsider, agency):
        response = client_for(outsider).post(
            "/me/collections/new/", {"name": "X", "agency": agency.pk}
        )
        assert response.status_code == 200
        assert not Collection.objects.filter(name="X").exists()


def bob_user(agency):
    return agency.memberships.get(role=Role.MEMBER).user


class TestTracker:
    def test_coordinator_records_status_with_history(self, agency, alice):
        client = client_for(alice)
        url = f"/agencies/{agency.slug}/tracker/ne-4-1/"
        data = {
            "status": "in-progress",
            "explanation": "Policy drafted.",
            "evidence_links": "https://example.org/policy",
            "reviewed_on": timezone.localdate().isoformat(),
        }
        assert client.post(url, data).status_code == 302
        client.post(url, {**data, "status": "implemented"})
        entry = TrackerEntry.objects.get(agency=agency, recommendation__key="NE-4.1")
        assert entry.status == "implemented"
        assert [h.status for h in entry.history.all()] == ["implemented", "in-progress"]
        assert entry.history.first().history_user == alice
        page = client.get(url).text
        assert "In progress" in page and "Implemented" in page

    def test_saving_returns_to_the_item_in_its_opened_group(self, agency, alice):
        client = client_for(alice)
        response = client.post(
            f"/agencies/{agency.slug}/tracker/ne-4-1/",
            {"status": "planned", "reviewed_on": timezone.localdate().isoformat()},
        )
        assert response["Location"] == (
            f"/agencies/{agency.slug}/tracker/?saved=ne-4-1#item-ne-4-1"
        )
        page = client.get(response["Location"]).text
        opened = re.findall(
            r"<details id=\"group-[-a-z0-9]+\" open>\s*<summary>([^<]+)</summary>", page
        )
        assert opened == ["New Era chapter 4: The Use of Force: 1 of 10 recorded, 0 implemented"]
        assert 'id="item-ne-4-1" tabindex="-1"' in page

    def test_bad_input_changes_nothing(self, agency, alice):
        client = client_for(alice)
        url = f"/agencies/{agency.slug}/tracker/ne-4-1/"
        tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
        response = client.post(
            url,
            {"status": "done", "evidence_links": "javascript:alert(1)", "reviewed_on": tomorrow},
        )
        assert response.status_code == 200
        assert "is not a web address" in response.text
        assert "cannot be in the future" in response.text
        assert not TrackerEntry.objects.exists()
        assert client.get(f"/agencies/{agency.slug}/tracker/ne-99-1/").status_code == 404

    def test_members_see_but_do_not_edit(self, agency, bob):
        client = client_for(bob)
        assert client.get(f"/agencies/{agency.slug}/tracker/").status_code == 200
        assert client.get(f"/agencies/{agency.slug}/tracker/ne-4-1/").status_code == 404
        assert (
            client.post(f"/agencies/{agency.slug}/tracker/publish/", {"publish": "1"}).status_code
            == 404
        )

    def test_unpublished_tracker_is_private(self, agency, outsider):
        TrackerEntry.objects.create(
            agency=agency,
            recommendation=Recommendation.objects.get(key="NE-4.1"),
            status="implemented",
            reviewed_on=timezone.localdate(),
            explanation="Secret",
        )
        for client in [Client(), client_for(outsider)]:
            assert "Secret" not in client.get(f"/agencies/{agency.slug}/").text
            assert client.get(f"/agencies/{agency.slug}/tracker.csv").status_code == 404
            assert client.get(f"/api/agencies/{agency.slug}/tracker/").status_code == 404
        assert client_for(outsider).get(f"/agencies/{agency.slug}/tracker/").status_code == 404

    def test_publish_shows_the_community(self, agency, alice, django_assert_max_num_queries):
        client = client_for(alice)
        client.post(
            f"/agencies/{agency.slug}/tracker/ne-4-1/",
            {
                "addressed_to": ["agencies"],
                "status": "implemented",
                "explanation": "Adopted in policy 1.01.",
                "evidence_links": "https://example.org/policy",
                "reviewed_on": "2026-01-15",
            },
        )
        client.post(f"/agencies/{agency.slug}/tracker/publish/", {"publish": "1"})
        public = Client()
        with django_assert_max_num_queries(8):
            page = public.get(f"/agencies/{agency.slug}/")
        assert "The agency reports its own status." in page.text
        assert "Adopted in policy 1.01." in page.text
        assert "January 15, 2026" in page.text
        data = public.get(f"/api/agencies/{agency.slug}/tracker/").json()
        recorded = [e for e in data["entries"] if e["status"] != "not-recorded"]
        assert recorded == [
            {
                "key": "NE-4.1",
                "title": (
                    "Commit to respecting and protecting human life and ensuring safety for all."
                ),
                "addressed_to": ["agencies"],
                "status": "implemented",
                "explanation": "Adopted in policy 1.01.",
                "evidence": ["https://example.org/policy"],
                "reviewed_on": "2026-01-15",
                "updated_at": recorded[0]["updated_at"],
            }
        ]
        rows = list(
            csv.DictReader(
                io.StringIO(public.get(f"/agencies/{agency.slug}/tracker.csv").content.decode())
            )
        )
        assert {row["key"]: row["status"] for row in rows}["NE-4.1"] == "implemented"

    def test_dashboard_counts_by_pillar_and_chapter(
        self, agency, alice, django_assert_max_num_queries
    ):
        for key in ["NE-4.1", "NE-4.3", "TF-2.2"]:
            TrackerEntry.objects.create(
                agency=agency,
                recommendation=Recommendation.objects.get(key=key),
                status="implemented",
                reviewed_on=timezone.localdate() - timedelta(days=400),
            )
        client = client_for(alice)
        with django_assert_max_num_queries(10):
            response = client.get(f"/agencies/{agency.slug}/tracker/")
        groups = {g.label: g for g in response.context["groups"]}
        assert groups["New Era chapter 4: The Use of Force"].implemented == 2
        assert groups["New Era chapter 4: The Use of Force"].total == 10
        assert groups["Pillar 2: Policy and Oversight"].implemented == 1
        assert "2 of 10 (20%)" in response.text
        assert len(response.context["stale"]) == 3


def test_reloading_content_keeps_people_data(agency, alice):
    Bookmark.objects.create(user=alice, key="NE-3.2")
    TrackerEntry.objects.create(
        agency=agency,
        recommendation=Recommendation.objects.get(key="NE-3.2"),
        status="planned",
        reviewed_on=timezone.localdate(),
    )
    call_command("load_content", verbosity=0)
    assert Bookmark.objects.filter(user=alice, key="NE-3.2").exists()
    assert TrackerEntry.objects.get(agency=agency).status == "planned"


PRIVATE_URLS = [
    "/me/",
    "/me/profile/",
    "/me/delete/",
    "/me/collections/new/",
    "/agencies/springfield-police-department/members/",
    "/agencies/springfield-police-department/tracker/",
    "/agencies/springfield-police-department/tracker/ne-4-1/",
]


@pytest.mark.parametrize("url", PRIVATE_URLS)
def test_anonymous_visitors_are_sent_to_sign_in(client, agency, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


@pytest.mark.parametrize("url", PRIVATE_URLS[4:])
def test_outsiders_get_404(agency, outsider, url):
    assert client_for(outsider).get(url).status_code == 404


def test_someone_elses_bookmark_is_404(alice, outsider):
    bookmark = Bookmark.objects.create(user=alice, key="NE-3.2", note="mine")
    assert client_for(outsider).get(f"/me/bookmarks/{bookmark.pk}/").status_code == 404
    assert (
        client_for(outsider).post(f"/me/bookmarks/{bookmark.pk}/", {"note": "x"}).status_code == 404
    )


def test_state_changing_posts_need_csrf(alice, agency):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    for url in [
        "/me/bookmarks/toggle/",
        f"/agencies/{agency.slug}/tracker/publish/",
        "/me/delete/",
    ]:
        assert client.post(url, {"key": "NE-3.2"}).status_code == 403


def test_agency_list_shows_only_published_trackers(agency, django_assert_max_num_queries):
    make_agency("Shelbyville Sheriff", tracker_published_at=timezone.now(), kind="sheriff")
    with django_assert_max_num_queries(2):
        response = Client().get("/agencies/")
    assert "Shelbyville Sheriff" in response.text
    assert "Springfield Police Department" not in response.text
