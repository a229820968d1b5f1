"""Asking to join an agency that exists; its coordinators approve or decline."""

import pytest
from django.core import mail
from django.db import IntegrityError

from agencies.joining import JoinRequest
from agencies.models import Membership, Role

from .factories import client_for, make_agency, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def agency():
    agency = make_agency(coordinator=make_user("carl"))
    Membership.objects.create(user=make_user("amy"), agency=agency, role=Role.MEMBER)
    return agency


def ask(user, agency, title="Records sergeant"):
    return client_for(user).post("/me/join/", {"agency": agency.pk, "title": title}, follow=True)


def test_a_request_goes_to_the_coordinators_and_waits(agency):
    dana = make_user("dana")
    response = ask(dana, agency)
    assert "has gone to its coordinators" in response.text
    assert "Waiting for a coordinator" in response.text  # listed on /me/
    [email] = mail.outbox
    assert email.to == ["carl@example.org"]
    assert "Records sergeant" in email.body and f"/agencies/{agency.slug}/members/" in email.body
    assert agency.role_of(dana) is None
    members_page = client_for(agency.memberships.get(role=Role.COORDINATOR).user).get(
        f"/agencies/{agency.slug}/members/"
    )
    assert "dana" in members_page.text and "Records sergeant" in members_page.text


def test_approval_makes_a_member_and_tells_them(agency):
    dana = make_user("dana")
    ask(dana, agency)
    join_request = JoinRequest.objects.get(user=dana)
    carl = agency.memberships.get(role=Role.COORDINATOR).user
    url = f"/agencies/{agency.slug}/members/requests/{join_request.pk}/"
    client_for(carl).post(url, {"action": "approve"})
    assert agency.role_of(dana) == Role.MEMBER
    assert mail.outbox[-1].to == ["dana@example.org"]
    assert "You are now a member" in mail.outbox[-1].body
    # Answered once: a second click finds nothing to answer.
    assert client_for(carl).post(url, {"action": "decline"}).status_code == 404
    assert "Approved" in client_for(dana).get("/me/").text


def test_declining_tells_them_and_lets_them_ask_again(agency):
    dana = make_user("dana")
    ask(dana, agency)
    join_request = JoinRequest.objects.get(user=dana)
    carl = agency.memberships.get(role=Role.COORDINATOR).user
    client_for(carl).post(
        f"/agencies/{agency.slug}/members/requests/{join_request.pk}/", {"action": "decline"}
    )
    assert agency.role_of(dana) is None
    assert "declined your request" in mail.outbox[-1].body
    ask(dana, agency)
    assert JoinRequest.objects.filter(user=dana, outcome="pending").count() == 1


def test_one_pending_request_per_agency(agency):
    dana = make_user("dana")
    ask(dana, agency)
    response = ask(dana, agency)
    assert "You already asked to join" in response.text
    with pytest.raises(IntegrityError):
        JoinRequest.objects.create(user=dana, agency=agency, title="again")


def test_members_cannot_ask_and_unverified_people_are_told_to_verify(agency):
    amy = agency.memberships.get(role=Role.MEMBER).user
    assert "You are already a member" in ask(amy, agency).text
    unverified = make_user("ursula", verified=False)
    response = client_for(unverified).get("/me/join/")
    assert response.status_code == 403
    assert "Verify your email address first" in response.text
    assert ask(unverified, agency).status_code == 403
    assert not JoinRequest.objects.filter(user=unverified).exists()


def test_me_shows_the_way_in():
    page = client_for(make_user("dana")).get("/me/").text
    assert 'href="/me/join/"' in page and "Join your agency" in page
