"""Django's admin, open only to staff who have set up two-factor sign-in."""

from allauth.mfa.models import Authenticator
from django.contrib import admin, messages
from django.shortcuts import redirect
from django.utils.translation import gettext

from feedback.models import ReaderReport, Status


def has_totp(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class PortalAdminSite(admin.AdminSite):
    """The admin can change every page and account, so a password alone must not open it."""

    def has_permission(self, request):
        return super().has_permission(request) and has_totp(request.user)

    def login(self, request, extra_context=None):
        # Signed-in staff land here when has_permission() refused them for lack of a second
        # factor: send them to set one up instead of showing a sign-in form again.
        user = request.user
        if user.is_active and user.is_staff and not has_totp(user):
            messages.warning(
                request,
                gettext(
                    "The admin needs two-factor sign-in. Set up an authenticator app here, "
                    "then open the admin again."
                ),
            )
            return redirect("mfa_activate_totp")
        return super().login(request, extra_context)

    def index(self, request, extra_context=None):
        # Readers' reports waiting for a curator: the first thing to see.
        if request.user.has_perm("feedback.view_readerreport"):
            new = ReaderReport.objects.filter(status=Status.NEW).count()
            extra_context = {**(extra_context or {}), "new_reader_reports": new}
        # Then what else waits: drafts, broken links, unverified and unreviewed items.
        from recommendations.attention import needs_attention

        extra_context = {**(extra_context or {}), "attention": needs_attention(request.user)}
        return super().index(request, extra_context)
