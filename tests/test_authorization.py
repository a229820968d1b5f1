"""Who may read, change, share and delete a collection, and see an agency's record.

The people here are the unusual ones an authorization review brings: someone who
belongs to two agencies, a coordinator of one who is a plain member of another,
a site administrator with no agency, and people whose role changes.
"""

import pytest
from django.test import Client
from django.utils import timezone

from agencies.models import Bookmark, Collection, Membership, Role, TrackerEntry

from .factories import client_for, make_agency, make_user

pytestmark = pytest.mark.django_db

READ, EDIT, DELETE = "read", "edit", "delete"


@pytest.fixture
def people():
    """Agency A and B, and everyone around a collection that Olive shares with A."""
    people = {name: make_user(name) for name in ["olive", "carl", "amy", "beth", "mallory", "sam"]}
    people["sam"].is_staff = people["sam"].is_superuser = True
    people["sam"].save()
    a = make_agency("Agency A", coordinator=people["carl"])
    b = make_agency("Agency B", coordinator=people["beth"])
    for user, agency in [("olive", a), ("olive", b), ("amy", a), ("carl", b)]:
        Membership.objects.create(user=people[user], agency=agency, role=Role.MEMBER)
    people["a"], people["b"] = a, b
    people["collection"] = Collection.objects.create(
        owner=people["olive"], name="Use of force", agency=a
    )
    return people


def can(user, action, collection):
    """Whether the person may do this to the collection, judged by what the site answers."""
    client, base = client_for(user), f"/collections/{collection.pk}/"
    if action == READ:
        codes = {client.get(base + suffix).status_code for suffix in ["", "export.csv", "print/"]}
    elif action == EDIT:
        codes = {client.get(base + "edit/").status_code}
    else:
        codes = {client.get(base + "delete/").status_code}
    assert len(codes) == 1, f"{user} gets mixed answers for {action}: {codes}"
    [code] = codes
    assert code in (200, 302, 404), code
    if code == 302:  # signed out: to the sign-in page, which discloses nothing
        return False
    return code == 200


# Each person, and what they may do with a collection Olive owns and shares with agency A.
MATRIX = {
    "olive": {READ, EDIT, DELETE},  # the owner
    "carl": {READ, EDIT},  # A's coordinator: edits what is shared with A, cannot delete it
    "amy": {READ},  # A's member
    "beth": set(),  # B's coordinator: shares B with Olive and Carl, but not A
    "mallory": set(),  # no agency
    "sam": set(),  # site administrator: the admin is theirs, people's collections are not
    None: set(),  # signed out
}


@pytest.mark.parametrize("person", list(MATRIX))
@pytest.mark.parametrize("action", [READ, EDIT, DELETE])
def test_collection_matrix(people, person, action):
    user = people[person] if person else None
    assert can(user, action, people["collection"]) == (action in MATRIX[person])


def test_a_coordinator_cannot_move_a_colleagues_collection_to_another_agency(people):
    collection, b = people["collection"], people["b"]
    response = client_for(people["carl"]).post(
        f"/collections/{collection.pk}/edit/",
        {"name": "Renamed by Carl", "description": "", "agency": b.pk},
    )
    assert response.status_code == 302
    collection.refresh_from_db()
    assert collection.name == "Renamed by Carl"
    assert collection.agency == people["a"]
    assert not can(people["beth"], READ, collection)
    assert (
        "Only the owner can change"
        in client_for(people["carl"]).get(f"/collections/{collection.pk}/edit/").text
    )


def test_the_owner_shares_only_with_her_own_agencies(people):
    collection, client = people["collection"], client_for(people["olive"])
    elsewhere = make_agency("Agency C", coordinator=people["mallory"])
    client.post(f"/collections/{collection.pk}/edit/", {"name": "X", "agency": elsewhere.pk})
    collection.refresh_from_db()
    assert collection.agency == people["a"]
    client.post(f"/collections/{collection.pk}/edit/", {"name": "X", "agency": people["b"].pk})
    collection.refresh_from_db()
    assert collection.agency == people["b"]
    assert can(people["beth"], READ, collection)
    assert not can(people["amy"], READ, collection)


def test_delete_by_a_coordinator_is_refused(people):
    collection = people["collection"]
    client_for(people["carl"]).post(f"/collections/{collection.pk}/delete/")
    assert Collection.objects.filter(pk=collection.pk).exists()


def test_nobody_else_adds_to_a_collection_through_a_bookmark(people):
    collection = people["collection"]
    for person in ["amy", "beth", "mallory"]:
        client_for(people[person]).post(
            "/me/bookmarks/toggle/", {"key": "NE-3.2", "collection": collection.pk}
        )
    assert collection.bookmarks.count() == 0
    client_for(people["carl"]).post(
        "/me/bookmarks/toggle/", {"key": "NE-3.2", "collection": collection.pk}
    )
    assert list(collection.bookmarks.values_list("key", flat=True)) == ["NE-3.2"]


class TestRoleChanges:
    def test_a_demoted_coordinator_can_no_longer_edit(self, people):
        Membership.objects.filter(user=people["carl"], agency=people["a"]).update(role=Role.MEMBER)
        assert can(people["carl"], READ, people["collection"])
        assert not can(people["carl"], EDIT, people["collection"])

    def test_a_promoted_member_can_edit(self, people):
        Membership.objects.filter(user=people["amy"], agency=people["a"]).update(
            role=Role.COORDINATOR
        )
        assert can(people["amy"], EDIT, people["collection"])
        assert not can(people["amy"], DELETE, people["collection"])

    def test_a_member_who_leaves_loses_access(self, people):
        remove(people, "carl", "amy")
        assert not can(people["amy"], READ, people["collection"])

    def test_a_new_member_gains_access(self, people):
        Membership.objects.create(user=people["beth"], agency=people["a"])
        assert can(people["beth"], READ, people["collection"])
        assert not can(people["beth"], EDIT, people["collection"])

    def test_when_the_owner_leaves_the_agency_stops_seeing_her_collection(self, people):
        remove(people, "carl", "olive")
        collection = people["collection"]
        for person in ["amy", "carl"]:
            assert not can(people[person], READ, collection)
        collection.refresh_from_db()
        assert collection.agency is None
        assert can(people["olive"], DELETE, collection)

    def test_membership_deleted_anywhere_ends_access_at_once(self, people):
        """Removed in the admin or a shell, not through the members page: the rule is
        checked when the collection is read, so nothing depends on a clean-up step."""
        Membership.objects.filter(user=people["olive"], agency=people["a"]).delete()
        assert not can(people["amy"], READ, people["collection"])
        assert not can(people["carl"], EDIT, people["collection"])


def remove(people, coordinator, person):
    membership = Membership.objects.get(user=people[person], agency=people["a"])
    client_for(people[coordinator]).post(
        f"/agencies/{people['a'].slug}/members/{membership.pk}/", {"action": "remove"}
    )
    assert not Membership.objects.filter(pk=membership.pk).exists()


class TestAgencyRecord:
    PAGES = ["/agencies/agency-a/", "/agencies/agency-a/tracker.csv"]

    @pytest.mark.parametrize("person", ["beth", "mallory", "sam", None])
    def test_an_unpublished_agency_is_404_to_outsiders(self, people, person):
        client = client_for(people[person] if person else None)
        for page in self.PAGES:
            response = client.get(page)
            assert response.status_code == 404
            assert "Agency A" not in response.content.decode()
        assert client.get("/api/agencies/agency-a/tracker/").status_code == 404

    @pytest.mark.parametrize("person", ["amy", "carl", "olive"])
    def test_members_see_it(self, people, person):
        for page in self.PAGES:
            assert client_for(people[person]).get(page).status_code == 200

    def test_once_published_everyone_sees_it(self, people):
        people["a"].tracker_published_at = timezone.now()
        people["a"].save()
        for page in self.PAGES:
            assert Client().get(page).status_code == 200

    @pytest.mark.parametrize(
        "person, code",
        [
            ("amy", 200),
            ("carl", 200),
            ("olive", 200),
            ("beth", 404),
            ("mallory", 404),
            ("sam", 404),
        ],
    )
    def test_only_members_preview_the_public_page(self, people, person, code):
        people["a"].tracker_published_at = timezone.now()
        people["a"].save()
        assert client_for(people[person]).get("/agencies/agency-a/preview/").status_code == code

    def test_a_member_of_two_agencies_coordinates_only_where_named(self, people):
        client = client_for(people["carl"])
        assert client.get("/agencies/agency-a/tracker/ne-4-1/").status_code == 200
        assert client.get("/agencies/agency-b/tracker/ne-4-1/").status_code == 404
        assert client.get("/agencies/agency-b/members/").status_code == 404
        response = client.post("/agencies/agency-b/tracker/publish/", {"publish": "1"})
        assert response.status_code == 404
        people["b"].refresh_from_db()
        assert people["b"].tracker_published_at is None


def test_bookmarks_stay_private_whatever_the_agency(people):
    bookmark = Bookmark.objects.create(user=people["olive"], key="NE-3.2", note="for Amy")
    people["collection"].bookmarks.add(bookmark)
    export = client_for(people["amy"]).get(f"/collections/{people['collection'].pk}/export.csv")
    assert "NE-3.2" in export.content.decode()
    assert "for Amy" not in export.content.decode()  # notes are their writer's alone
    assert client_for(people["carl"]).get(f"/me/bookmarks/{bookmark.pk}/").status_code == 404


# Who may answer a request to join agency A: only A's coordinators, never the requester.
JOIN_DECIDERS = {"carl": True, "amy": False, "olive": False, "beth": False, "mallory": False,
                 "sam": False, "dana": False, None: False}  # fmt: skip


@pytest.mark.parametrize("person", list(JOIN_DECIDERS))
def test_join_request_matrix(people, person):
    from agencies.joining import JoinRequest

    people["dana"] = make_user("dana")
    join_request = JoinRequest.objects.create(
        agency=people["a"], user=people["dana"], title="Clerk"
    )
    client = client_for(people[person] if person else None)
    url = f"/agencies/agency-a/members/requests/{join_request.pk}/"
    response = client.post(url, {"action": "approve"})
    join_request.refresh_from_db()
    assert (join_request.outcome == "approved") == JOIN_DECIDERS[person]
    assert response.status_code == (302 if JOIN_DECIDERS[person] or person is None else 404)
    if person is None:
        assert response["Location"].startswith("/accounts/login/")


# Who may set many statuses at once on agency A's tracker: only A's coordinators.
BULK_EDITORS = {"carl": True, "amy": False, "olive": False, "beth": False, "mallory": False,
                "sam": False, None: False}  # fmt: skip


@pytest.mark.parametrize("person", list(BULK_EDITORS))
def test_bulk_status_matrix(people, person):
    client = client_for(people[person] if person else None)
    data = {"items": ["ne-4-1", "ne-4-2"], "new_status": "implemented",
            "reviewed_on": timezone.localdate().isoformat()}  # fmt: skip
    response = client.post("/agencies/agency-a/tracker/bulk/", data)
    changed = people["a"].tracker_entries.count()
    assert changed == (2 if BULK_EDITORS[person] else 0)
    assert response.status_code == (302 if BULK_EDITORS[person] or person is None else 404)
    assert client.get("/agencies/agency-a/tracker/bulk/").status_code in (302, 404, 405)


@pytest.mark.parametrize("person", ["carl", "amy", "beth", "mallory", "sam", None])
def test_the_national_page_shows_nobody_what_is_unpublished(people, person):
    """A's tracker is private, B's public: whoever asks, only B counts, and no name shows."""
    from recommendations.models import Recommendation

    recommendation = Recommendation.objects.get(key="NE-4.1")
    for agency in (people["a"], people["b"]):
        TrackerEntry.objects.create(agency=agency, status="implemented",
                                    reviewed_on=timezone.localdate(),
                                    recommendation=recommendation)  # fmt: skip
    people["b"].publish_tracker()
    page = client_for(people[person] if person else None).get("/agencies/national/").text
    assert "1 agency</strong> publishes its tracker" in page
    assert "Agency A" not in page and "Agency B" not in page
    directory = client_for(people[person] if person else None).get("/agencies/").text
    assert "Agency B" in directory and "Agency A" not in directory
