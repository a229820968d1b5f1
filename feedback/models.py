"""Readers' reports: a problem or correction on an item, or something the portal is missing.

The people who hold the reports are the readers: they tell curators what is wrong or
missing, without an account, and hear back when a curator closes the report (if they
left an email address).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Kind(models.TextChoices):
    PROBLEM = "problem", _("A problem or a correction")
    MISSING = "missing", _("Something we are missing")


class Status(models.TextChoices):
    NEW = "new", _("New")
    IN_REVIEW = "in-review", _("In review")
    DONE = "done", _("Done")
    # A report, not a request: in Spanish the word agrees with it.
    DECLINED = "declined", pgettext_lazy("reader's report", "Declined")


CLOSED = (Status.DONE, Status.DECLINED)

# The pages where a reader may suggest something missing: their name and address.
MISSING_FROM = {
    "glossary": (_("the glossary"), "recommendations:glossary"),
    "programs": (_("the DOJ programs"), "recommendations:program_list"),
    "task-force": (_("the Task Force report"), "recommendations:pillar_list"),
}


class ReaderReport(models.Model):
    kind = models.CharField(max_length=10, choices=Kind.choices)
    item_key = models.CharField(
        "about", max_length=64, help_text="The item's key, or the list something is missing from."
    )
    item_title = models.CharField(max_length=300, blank=True, editable=False)
    item_url = models.CharField(max_length=300, blank=True, editable=False)
    message = models.TextField(max_length=2000)
    email = models.EmailField(blank=True, help_text="Given by the reader for a reply; optional.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.NEW)
    note = models.TextField(
        "private note", blank=True, help_text="For curators only; never sent to the reader."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    reader_told_at = models.DateTimeField("reader emailed", null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "reader's report"
        verbose_name_plural = "readers' reports"
        indexes = [models.Index(fields=["status"], name="reader_report_status")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.item_key}"

    @property
    def is_closed(self):
        return self.status in CLOSED
