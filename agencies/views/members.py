"""Agencies, their members and invitations."""

from allauth.account.models import EmailAddress
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.mail import send_mail
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import dateformat
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from ..forms import InvitationForm
from ..models import Collection, Invitation, Role
from .access import member_agency


@login_required
def members(request, slug):
    agency, role = member_agency(request, slug, coordinator=True)
    form = InvitationForm(request.POST or None, agency=agency)
    if request.method == "POST" and form.is_valid():
        invitation, token = Invitation.issue(
            agency, form.cleaned_data["email"], form.cleaned_data["role"], request.user
        )
        link = request.build_absolute_uri(reverse("agencies:accept_invitation", args=[token]))
        _send_invitation(request, invitation, link)
        messages.success(
            request, gettext("Invitation sent to %(email)s.") % {"email": invitation.email}
        )
        return redirect("agencies:members", slug=agency.slug)
    return render(
        request,
        "agencies/members.html",
        {
            "agency": agency,
            "form": form,
            "memberships": agency.memberships.select_related("user"),
            "invitations": agency.invitations.usable(),
            "join_requests": agency.join_requests.pending().select_related("user"),
        },
    )


def _send_invitation(request, invitation, link):
    """The invitation email, in the language of the coordinator who sends it."""
    values = {
        "inviter": request.user.get_full_name() or request.user.get_username(),
        "agency": invitation.agency.name,
        "role": invitation.get_role_display().lower(),
        # Translators: a date format of django.utils.dateformat ("January 05, 2027").
        "until": dateformat.format(invitation.expires_at, gettext("F d, Y")),
        "link": link,
    }
    subject = gettext("You are invited to join %(agency)s on Common Ground") % values
    body = (
        gettext(
            "%(inviter)s invited you to join %(agency)s on Common Ground as a %(role)s.\n\n"
            "Accept the invitation here (it works once, until %(until)s):\n%(link)s\n"
        )
        % values
    )
    send_mail(subject, body, None, [invitation.email])


@login_required
@require_POST
def change_member(request, slug, pk):
    agency, _role = member_agency(request, slug, coordinator=True)
    membership = get_object_or_404(agency.memberships, pk=pk)
    action = request.POST.get("action")
    name = membership.user.get_username()
    demotes_last_coordinator = (
        action in ("remove", Role.MEMBER)
        and membership.role == Role.COORDINATOR
        and agency.memberships.filter(role=Role.COORDINATOR).count() == 1
    )
    if demotes_last_coordinator:
        messages.error(
            request, gettext("An agency needs at least one coordinator. Name another first.")
        )
    elif action == "remove":
        with transaction.atomic():
            membership.delete()
            # What they shared with the agency becomes private to them again (readable_by
            # already hides it; this keeps their own "shared with" labels true).
            Collection.objects.filter(owner=membership.user, agency=agency).update(agency=None)
        messages.success(
            request,
            gettext("Removed %(name)s from %(agency)s.") % {"name": name, "agency": agency.name},
        )
    elif action in Role.values:
        membership.role = action
        membership.save(update_fields=["role"])
        now = (
            gettext("%(name)s is now a coordinator.")
            if action == Role.COORDINATOR
            else gettext("%(name)s is now a member.")
        )
        messages.success(request, now % {"name": name})
    else:
        messages.error(request, gettext("Unknown action."))
    return redirect("agencies:members", slug=agency.slug)


@login_required
def accept_invitation(request, token):
    invitation = Invitation.objects.select_related("agency").get_by_token(token)
    if invitation is None:
        return render(request, "agencies/invitation_invalid.html", status=404)
    # The link alone proves nothing (it can be forwarded or leaked): the signed-in account must
    # hold the invited address, verified.
    if not request.user.has_verified_email(invitation.email):
        holds_unverified = EmailAddress.objects.filter(
            user=request.user, email__iexact=invitation.email
        ).exists()
        return render(
            request,
            "agencies/invitation_wrong_account.html",
            {"invitation": invitation, "holds_unverified": holds_unverified},
            status=403,
        )
    if request.method == "POST":
        with transaction.atomic():
            # Lock the row so two clicks cannot both use the invitation.
            invitation = (
                Invitation.objects.select_for_update().usable().filter(pk=invitation.pk).first()
            )
            if invitation is None:
                return render(request, "agencies/invitation_invalid.html", status=404)
            message = invitation.accept(request.user)
        messages.success(request, message)
        return redirect(invitation.agency)
    return render(request, "agencies/invitation_accept.html", {"invitation": invitation})
