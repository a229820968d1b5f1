"""Who may see and change what: shared by the agency views."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.http import url_has_allowed_host_and_scheme

from ..models import Agency, Role


def member_agency(request, slug, coordinator=False):
    """An agency the user belongs to (as coordinator if asked); 404 otherwise."""
    agency = get_object_or_404(Agency, slug=slug)
    role = agency.role_of(request.user)
    if role is None or (coordinator and role != Role.COORDINATOR):
        raise Http404("No such agency page.")
    return agency, role


def safe_next(request, default):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default
