"""Closing a report: the reader who left an email address hears how it ended, once."""

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import Status

OUTCOME = {
    Status.DONE: _("We have checked it and made the change (or found the page already right)."),
    Status.DECLINED: _("We checked it against the source and decided to leave the page as it is."),
}


def settle(report, previous_status):
    """Record a change of status; when it closes the report, tell the reader (once)."""
    if not report.is_closed:
        report.closed_at = None
        return
    if previous_status != report.status or report.closed_at is None:
        report.closed_at = timezone.now()
    if report.email and report.reader_told_at is None:
        page = settings.SITE_URL + report.item_url if report.item_url else settings.SITE_URL
        values = {
            "item": report.item_title or report.item_key,
            "page": page,
            "outcome": OUTCOME[report.status],
            "message": report.message,
        }
        body = gettext(
            "Thank you for your report about %(item)s (%(page)s).\n\n%(outcome)s\n\n"
            "You wrote:\n%(message)s\n\n— The Common Ground curators"
        )
        send_mail(gettext("Your report to Common Ground"), body % values, None, [report.email])
        report.reader_told_at = timezone.now()
