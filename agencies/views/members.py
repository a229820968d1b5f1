"""Agencies, their members and invitations."""

from allauth.account.models import EmailAddress
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.mail import send_mail
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
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
        send_mail(
            f"You are invited to join {agency.name} on Common Ground",
            f"{request.user.get_full_name() or request.user.get_username()} invited you to join "
            f"{agency.name} on Common Ground as a {invitation.get_role_display().lower()}.\n\n"
            f"Accept the invitation here (it works once, until "
            f"{invitation.expires_at:%B %d, %Y}):\n{link}\n",
            None,
            [invitation.email],
        )
        messages.success(request, f"Invitation sent to {invitation.email}.")
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
        messages.error(request, "An agency needs at least one coordinator. Name another first.")
    elif action == "remove":
        with transaction.atomic():
            membership.delete()
            # What they shared with the agency becomes private to them again (readable_by
            # already hides it; this keeps their own "shared with" labels true).
            Collection.objects.filter(owner=membership.user, agency=agency).update(agency=None)
        messages.success(request, f"Removed {name} from {agency.name}.")
    elif action in Role.values:
        membership.role = action
        membership.save(update_fields=["role"])
        messages.success(request, f"{name} is now a {membership.get_role_display().lower()}.")
    else:
        messages.error(request, "Unknown action.")
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
