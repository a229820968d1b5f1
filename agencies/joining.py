"""Asking to join an agency: the request, and the coordinators' answer."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Outcome(models.TextChoices):
    PENDING = "pending", _("Waiting for a coordinator")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")


class JoinRequestQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(outcome=Outcome.PENDING)

    def for_coordinator(self, user):
        """Requests to the agencies this person coordinates."""
        return self.filter(agency__memberships__user=user, agency__memberships__role="coordinator")


class JoinRequest(models.Model):
    """A signed-in person's request to become a member of an agency that exists."""

    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.CASCADE, related_name="join_requests"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="join_requests"
    )
    title = models.CharField(
        max_length=200, help_text=_("Your title or role at the agency, so coordinators know you.")
    )
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = JoinRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # A person waits on one answer per agency; asking again after a decision is fine.
            models.UniqueConstraint(
                fields=["agency", "user"],
                condition=Q(outcome="pending"),
                name="one_pending_join_request",
            ),
            models.CheckConstraint(
                condition=Q(outcome="pending", decided_at__isnull=True)
                | (~Q(outcome="pending") & Q(decided_at__isnull=False)),
                name="join_request_decided_when_answered",
            ),
        ]

    def __str__(self):
        return f"{self.user} asks to join {self.agency}"

    def decide(self, approve: bool, coordinator):
        """Approve (the person becomes a member) or decline; the caller checks who may."""
        from .models import Membership

        if self.outcome != Outcome.PENDING:
            raise ValidationError(gettext("This request has already been answered."))
        with transaction.atomic():
            if approve:
                membership = Membership(user=self.user, agency=self.agency)
                membership.full_clean(exclude=["role"], validate_unique=False)
                Membership.objects.get_or_create(user=self.user, agency=self.agency)
            self.outcome = Outcome.APPROVED if approve else Outcome.DECLINED
            self.decided_at = timezone.now()
            self.decided_by = coordinator
            self.save(update_fields=["outcome", "decided_at", "decided_by"])
