"""Invitations: accepted only by the account that holds the invited address, verified; used
once; and the message says truthfully what changed."""

import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from agencies.models import Invitation, Membership, Role

from .factories import client_for, make_user

pytestmark = pytest.mark.django_db


def invite(agency, email="mallory@example.org", role="member"):
    client = client_for(agency.memberships.get(role=Role.COORDINATOR).user)
    client.post(f"/agencies/{agency.slug}/members/", {"email": email, "role": role})
    return re.search(r"http://testserver(/invitations/\S+/)", mail.outbox[-1].body)[1]


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def test_invite_accept_and_no_replay(agency, outsider):
    link = invite(agency, email="Mallory@Example.org")
    client = client_for(outsider)
    assert "Join Springfield Police Department" in client.get(link).text
    response = client.post(link, follow=True)
    assert messages_of(response) == ["You joined Springfield Police Department as a member."]
    assert Membership.objects.get(user=outsider, agency=agency).role == Role.MEMBER
    assert client.post(link).status_code == 404
    assert client_for(make_user("eve")).get(link).status_code == 404


def test_another_account_is_refused_and_told_what_to_do(agency, outsider):
    link = invite(agency, email="jordan@example.org")
    for method in ("get", "post"):
        response = getattr(client_for(outsider), method)(link)
        assert response.status_code == 403
        assert "j•••@example.org" in response.text
        assert "jordan@example.org" not in response.text
        assert 'href="/accounts/email/"' in response.text
        assert "Ask your agency's coordinator for a new invitation" in response.text
    assert not Membership.objects.filter(user=outsider).exists()
    assert Invitation.objects.usable().count() == 1


def test_an_unverified_matching_address_must_be_verified_first(agency):
    jordan = make_user("jordan", verified=False)
    link = invite(agency, email="jordan@example.org")
    response = client_for(jordan).post(link)
    assert response.status_code == 403
    assert "Verify your email address first" in response.text
    assert not Membership.objects.filter(user=jordan).exists()
    EmailAddress.objects.filter(user=jordan).update(verified=True)
    client_for(jordan).post(link)
    assert Membership.objects.filter(user=jordan, agency=agency).exists()


def test_a_second_verified_address_counts(agency, outsider):
    EmailAddress.objects.create(user=outsider, email="m.work@example.org", verified=True)
    link = invite(agency, email="m.work@example.org", role="coordinator")
    response = client_for(outsider).post(link, follow=True)
    assert messages_of(response) == ["You are now a coordinator of Springfield Police Department."]
    assert Membership.objects.get(user=outsider).role == Role.COORDINATOR


def test_a_member_invited_as_coordinator_becomes_one(agency, bob):
    _invitation, token = Invitation.issue(agency, "BOB@example.org", Role.COORDINATOR, None)
    response = client_for(bob).post(f"/invitations/{token}/", follow=True)
    assert messages_of(response) == [
        "You were already a member of Springfield Police Department; you are now a coordinator."
    ]
    assert Membership.objects.get(user=bob).role == Role.COORDINATOR


def test_a_coordinator_invited_as_member_stays_coordinator(agency, alice):
    _invitation, token = Invitation.issue(agency, alice.email, Role.MEMBER, None)
    response = client_for(alice).post(f"/invitations/{token}/", follow=True)
    assert messages_of(response) == [
        "You were already a coordinator of Springfield Police Department."
    ]
    assert Membership.objects.get(user=alice).role == Role.COORDINATOR


def test_expired_invitation_is_refused(agency, outsider):
    link = invite(agency)
    Invitation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client_for(outsider).post(link).status_code == 404
    assert not Membership.objects.filter(user=outsider).exists()


def test_joining_by_the_admin_needs_a_verified_address(agency):
    unverified = make_user("newbie", verified=False)
    with pytest.raises(ValidationError, match="has not verified an email address"):
        Membership(user=unverified, agency=agency).full_clean()
    EmailAddress.objects.filter(user=unverified).update(verified=True)
    Membership(user=unverified, agency=agency).full_clean()


def test_only_coordinators_manage_members(agency, bob, outsider):
    assert client_for(bob).get(f"/agencies/{agency.slug}/members/").status_code == 404
    assert client_for(outsider).get(f"/agencies/{agency.slug}/members/").status_code == 404
    membership = Membership.objects.get(user=bob)
    client_for(bob).post(
        f"/agencies/{agency.slug}/members/{membership.pk}/", {"action": "coordinator"}
    )
    membership.refresh_from_db()
    assert membership.role == Role.MEMBER


def test_change_role_remove_and_keep_one_coordinator(agency, alice, bob):
    client = client_for(alice)
    bob_membership = Membership.objects.get(user=bob)
    client.post(f"/agencies/{agency.slug}/members/{bob_membership.pk}/", {"action": "coordinator"})
    bob_membership.refresh_from_db()
    assert bob_membership.role == Role.COORDINATOR
    client.post(f"/agencies/{agency.slug}/members/{bob_membership.pk}/", {"action": "remove"})
    assert not Membership.objects.filter(user=bob).exists()
    alice_membership = Membership.objects.get(user=alice)
    client.post(f"/agencies/{agency.slug}/members/{alice_membership.pk}/", {"action": "member"})
    alice_membership.refresh_from_db()
    assert alice_membership.role == Role.COORDINATOR


def test_bad_invitation_input(agency, alice, bob):
    client = client_for(alice)
    response = client.post(
        f"/agencies/{agency.slug}/members/", {"email": bob.email, "role": "member"}
    )
    assert "already a member" in response.text
    response = client.post(
        f"/agencies/{agency.slug}/members/", {"email": "not-an-email", "role": "boss"}
    )
    assert response.status_code == 200
    assert not Invitation.objects.exists()
