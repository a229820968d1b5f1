"""Asking to add an agency; site administrators approve, reject or merge it."""

import pytest
from django.core import mail
from django.db import IntegrityError
from django.test import Client

from agencies.joining import JoinRequest
from agencies.models import Agency, Role
from agencies.registration import AgencyRequest

from .factories import client_for, make_agency, make_totp, make_user

pytestmark = pytest.mark.django_db

SHELBYVILLE = {
    "name": "Shelbyville Police Department",
    "kind": "municipal",
    "state": "IL",
    "size_band": "25-99",
    "website": "https://www.shelbyville.gov/police",
    "title": "Deputy chief",
}


@pytest.fixture
def admin():
    sam = make_user("sam", is_staff=True, is_superuser=True)
    make_totp(sam)
    return client_for(sam)


def ask(user, **changes):
    return client_for(user).post("/me/register-agency/", {**SHELBYVILLE, **changes}, follow=True)


def review(admin, agency_request, **data):
    url = f"/admin/agencies/agencyrequest/{agency_request.pk}/change/"
    return admin.post(url, {**SHELBYVILLE, "reason": "", **data})


def test_a_request_is_private_until_approved():
    dana = make_user("dana")
    response = ask(dana)
    assert "A site administrator reviews your request" in response.text
    assert "Waiting for review" in response.text  # on /me/
    assert mail.outbox[0].to == ["dana@example.org"]
    assert not Agency.objects.filter(name=SHELBYVILLE["name"]).exists()
    assert Client().get("/agencies/").text.count("Shelbyville") == 0


def test_approval_creates_the_agency_with_the_requester_as_coordinator(admin):
    dana = make_user("dana")
    ask(dana)
    agency_request = AgencyRequest.objects.get()
    review(admin, agency_request, review="approve")
    agency = Agency.objects.get(name=SHELBYVILLE["name"])
    assert agency.role_of(dana) == Role.COORDINATOR
    assert agency.slug == "shelbyville-police-department"
    assert "you are its coordinator" in mail.outbox[-1].body
    assert agency.tracker_published_at is None  # approved is not published
    assert "Approved" in client_for(dana).get("/me/").text


def test_rejection_needs_a_reason_and_tells_it(admin):
    dana = make_user("dana")
    ask(dana)
    agency_request = AgencyRequest.objects.get()
    response = review(admin, agency_request, review="reject")
    assert "Give the requester a reason." in response.text
    review(admin, agency_request, review="reject", reason="Not a law enforcement agency.")
    agency_request.refresh_from_db()
    assert agency_request.decision == "rejected"
    assert "Not a law enforcement agency." in mail.outbox[-1].body
    assert "Reason: Not a law enforcement agency." in client_for(dana).get("/me/").text
    assert not Agency.objects.filter(name=SHELBYVILLE["name"]).exists()
    with pytest.raises(IntegrityError):
        AgencyRequest.objects.filter(pk=agency_request.pk).update(reason="")


def test_merging_a_duplicate_sends_a_join_request(admin):
    existing = make_agency("Shelbyville PD", coordinator=make_user("carl"))
    dana = make_user("dana")
    ask(dana, website="https://other.example.org")
    agency_request = AgencyRequest.objects.get()
    review(admin, agency_request, review="merge", merge_into=existing.pk)
    join_request = JoinRequest.objects.get(user=dana)
    assert (join_request.agency, join_request.title) == (existing, "Deputy chief")
    assert existing.role_of(dana) is None  # its coordinators decide
    assert Agency.objects.count() == 1


@pytest.mark.parametrize(
    "changes",
    [
        {"name": "shelbyville police department "},
        {"name": "SPD", "website": "http://shelbyville.gov"},
    ],
)
def test_duplicates_are_caught(changes):
    make_agency("Shelbyville Police Department", website="https://shelbyville.gov")
    response = ask(make_user("dana"), **{**changes, "state": "IL"})
    assert "is already on Common Ground" in response.text
    assert not AgencyRequest.objects.exists()


def test_a_second_request_for_the_same_agency_is_caught():
    ask(make_user("dana"))
    response = ask(make_user("erin"), name="Shelbyville Police Dept.")  # same website
    assert "Someone has already asked to add this agency" in response.text
    assert AgencyRequest.objects.count() == 1


def test_unverified_people_cannot_ask():
    response = ask(make_user("ursula", verified=False))
    assert response.status_code == 403
    assert not AgencyRequest.objects.exists()


@pytest.mark.parametrize("person", ["dana", "carl", None])
def test_only_site_administrators_review(person):
    dana = make_user("dana")
    make_agency(coordinator=make_user("carl"))
    ask(dana)
    agency_request = AgencyRequest.objects.get()
    users = {"dana": dana, "carl": Agency.objects.get().memberships.get().user}
    client = client_for(users[person]) if person else Client()
    client.post(
        f"/admin/agencies/agencyrequest/{agency_request.pk}/change/",
        {**SHELBYVILLE, "review": "approve"},
    )
    agency_request.refresh_from_db()
    assert agency_request.decision == "pending"
    assert Agency.objects.count() == 1
