"""The implementation tracker's records: one status per agency and recommendation."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from recommendations.models import Recommendation

from .people import Agency


class Status(models.TextChoices):
    NOT_STARTED = "not-started", _("Not started")
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in-progress", _("In progress")
    IMPLEMENTED = "implemented", _("Implemented")
    NOT_APPLICABLE = "not-applicable", _("Not applicable")


class ReportedStatus(models.TextChoices):
    """What the record says of a recommendation: a stored Status, or that there is none.

    Never stored: a tracker entry always has a Status (a check constraint holds it)."""

    NOT_RECORDED = "not-recorded", _("Not recorded")
    NOT_STARTED = Status.NOT_STARTED.value, Status.NOT_STARTED.label
    PLANNED = Status.PLANNED.value, Status.PLANNED.label
    IN_PROGRESS = Status.IN_PROGRESS.value, Status.IN_PROGRESS.label
    IMPLEMENTED = Status.IMPLEMENTED.value, Status.IMPLEMENTED.label
    NOT_APPLICABLE = Status.NOT_APPLICABLE.value, Status.NOT_APPLICABLE.label


NOT_RECORDED = ReportedStatus.NOT_RECORDED.value


class TrackerEntry(models.Model):
    """An agency's own account of where it stands on one recommendation."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="tracker_entries")
    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.PROTECT, related_name="tracker_entries"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    explanation = models.TextField(blank=True, max_length=5000)
    evidence_links = models.TextField(
        blank=True, max_length=5000, help_text=_("One web address per line.")
    )
    reviewed_on = models.DateField(help_text=_("When the agency last reviewed this status."))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = [
            "recommendation__source__position",
            "recommendation__section",
            "recommendation__number",
        ]
        verbose_name_plural = "tracker entries"
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "recommendation"], name="one_status_per_recommendation"
            ),
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="tracker_status_is_a_status"
            ),
        ]

    def __str__(self):
        return f"{self.agency}: {self.recommendation.key} {self.status}"

    @property
    def evidence_list(self):
        return [line.strip() for line in self.evidence_links.splitlines() if line.strip()]

    @property
    def needs_review(self):
        return self.reviewed_on < timezone.localdate() - timedelta(days=365)
