"""Asking to join an agency, and the coordinators' answer: each step says what happens next."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.mail import mail_admins, send_mail
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from ..forms import AgencyRequestForm, AgencySearchForm, JoinRequestForm
from ..models import Agency, Role
from .access import member_agency


@login_required
def join_agency(request):
    """Find the agency by name (and state), then ask to join it: a search, not a list, so it
    works as well with 18,000 agencies as with ten. Any approved agency can be found here,
    published or not, since its staff must be able to join before anything is recorded."""
    # Members see the agency's unpublished work, so they must have proved their address first.
    if not request.user.has_verified_email():
        return render(request, "agencies/join_needs_email.html", status=403)
    chosen = _chosen_agency(request)
    form = JoinRequestForm(
        request.POST or None,
        user=request.user,
        initial={"agency": chosen.pk if chosen else None},
    )
    if request.method == "POST" and form.is_valid():
        join_request = form.save(commit=False)
        join_request.user = request.user
        join_request.save()
        _tell_coordinators(request, join_request)
        messages.success(
            request,
            gettext(
                "Your request to join %(agency)s has gone to its coordinators. We will email "
                "you when one of them answers; until then it is listed below."
            )
            % {"agency": join_request.agency.name},
        )
        return redirect("agencies:me")
    if request.method == "POST" and chosen is None and request.POST.get("agency", "").isdigit():
        chosen = Agency.objects.filter(pk=request.POST["agency"]).first()
    search = AgencySearchForm(request.GET if "q" in request.GET else None)
    found = None
    if search.is_bound and search.is_valid():
        found = _search_agencies(search.cleaned_data)
    context = {"form": form, "search": search, "found": found, "chosen": chosen}
    return render(request, "agencies/join_agency.html", context)


FOUND_AT_MOST = 20


def _search_agencies(chosen):
    """Agencies whose name holds every word typed, in the state if one was chosen."""
    agencies = Agency.objects.only("name", "slug", "kind", "state")
    for word in chosen["q"].split()[:8]:
        agencies = agencies.filter(name__icontains=word)
    if chosen["state"]:
        agencies = agencies.filter(state=chosen["state"])
    return list(agencies.order_by("name", "state")[: FOUND_AT_MOST + 1])


def _chosen_agency(request):
    slug = request.GET.get("agency", "")
    if not slug or len(slug) > 50:
        return None
    return Agency.objects.filter(slug=slug).first()


def _tell_coordinators(request, join_request):
    agency = join_request.agency
    coordinators = agency.memberships.filter(role=Role.COORDINATOR).select_related("user")
    link = request.build_absolute_uri(reverse("agencies:members", args=[agency.slug]))
    user = join_request.user
    values = {
        "username": user.get_username(),
        "name": user.get_full_name() or user.get_username(),
        "email": user.email,
        "title": join_request.title,
        "agency": agency.name,
        "link": link,
    }
    send_mail(
        gettext("%(username)s asks to join %(agency)s on Common Ground") % values,
        gettext(
            "%(name)s (%(email)s, %(title)s) asks to join %(agency)s.\n\n"
            "Approve or decline on the members page:\n%(link)s\n"
        )
        % values,
        None,
        [m.user.email for m in coordinators if m.user.email],
    )


@login_required
@require_POST
def decide_join_request(request, slug, pk):
    agency, _role = member_agency(request, slug, coordinator=True)
    approve = request.POST.get("action") == "approve"
    try:
        with transaction.atomic():
            # Lock the row so two coordinators answering at once cannot both decide.
            join_request = get_object_or_404(
                agency.join_requests.pending().select_for_update().select_related("user"), pk=pk
            )
            join_request.decide(approve, request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("agencies:members", slug=agency.slug)
    _tell_requester(request, join_request)
    name = join_request.user.get_username()
    messages.success(
        request,
        (
            gettext("%(name)s is now a member; they have been told by email.")
            if approve
            else gettext("Declined %(name)s's request; they have been told by email.")
        )
        % {"name": name},
    )
    return redirect("agencies:members", slug=agency.slug)


def _tell_requester(request, join_request):
    agency = join_request.agency
    values = {"agency": agency.name}
    if join_request.outcome == "approved":
        values["link"] = request.build_absolute_uri(reverse("agencies:tracker", args=[agency.slug]))
        body = gettext(
            "You are now a member of %(agency)s. Its implementation tracker:\n%(link)s\n"
        )
    else:
        body = gettext(
            "A coordinator of %(agency)s declined your request to join. If you think this is "
            "a mistake, ask a coordinator at your agency to invite you.\n"
        )
    subject = gettext("Your request to join %(agency)s") % values
    send_mail(subject, body % values, None, [join_request.user.email])


@login_required
def register_agency(request):
    if not request.user.has_verified_email():
        return render(request, "agencies/join_needs_email.html", status=403)
    form = AgencyRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        agency_request = form.save(commit=False)
        agency_request.requested_by = request.user
        agency_request.save()
        values = {"agency": agency_request.name}
        next_step = (
            gettext(
                "A site administrator reviews your request to add %(agency)s. We email you "
                "the decision; once approved you are its coordinator and can invite "
                "colleagues. Nothing about it is public until then."
            )
            % values
        )
        subject = gettext("We received your request to add %(agency)s") % values
        send_mail(subject, next_step, None, [request.user.email])
        admin_link = request.build_absolute_uri(
            reverse("admin:agencies_agencyrequest_change", args=[agency_request.pk])
        )
        mail_admins(f"New agency to review: {agency_request}", admin_link)
        messages.success(request, next_step)
        return redirect("agencies:me")
    return render(request, "agencies/register_agency.html", {"form": form})
