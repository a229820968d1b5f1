"""Asking to add an agency: site administrators approve, reject with a reason, or merge it
into the agency it duplicates. Until approved, the agency does not exist anywhere public."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import US_STATES, Agency, AgencyKind, Membership, Role, SizeBand

# This module is imported at the end of models/__init__.py, so these names are defined by then.
from .models.people import RESERVED_SLUGS


class Decision(models.TextChoices):
    PENDING = "pending", _("Waiting for review")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    MERGED = "merged", _("Merged into an existing agency")


def website_host(url: str) -> str:
    """example.gov for https://www.Example.gov/police: how duplicates are recognised."""
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


class AgencyRequestQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(decision=Decision.PENDING)


class AgencyRequest(models.Model):
    """A signed-in person's request to add their agency, with their title there."""

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=AgencyKind.choices)
    state = models.CharField(max_length=2, choices=US_STATES)
    size_band = models.CharField(max_length=10, choices=SizeBand.choices, blank=True)
    website = models.URLField(blank=True)
    title = models.CharField(max_length=200, help_text=_("The requester's title at the agency."))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="agency_requests"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decision = models.CharField(max_length=10, choices=Decision.choices, default=Decision.PENDING)
    reason = models.TextField(blank=True, help_text="Shown to the requester when rejected.")
    agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The agency created on approval, or the one a duplicate is merged into.",
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = AgencyRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(decision="rejected") | ~Q(reason=""),
                name="agency_request_rejection_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.state}), asked by {self.requested_by}"

    def duplicates(self):
        """Agencies, and other pending requests, with the same name and state or website."""
        host = website_host(self.website)
        candidates = Q(name__iexact=self.name.strip(), state=self.state)
        if host:
            candidates |= Q(website__icontains=host)
        agencies = list(Agency.objects.filter(candidates))
        agencies = [a for a in agencies if _same(a, self.name, self.state, host)]
        requests = [
            r
            for r in AgencyRequest.objects.pending().exclude(pk=self.pk)
            if _same(r, self.name, self.state, host)
        ]
        return agencies, requests

    def approve(self):
        self._check_pending()
        with transaction.atomic():
            agency = Agency.objects.create(
                name=self.name,
                slug=_free_slug(self.name, self.state),
                kind=self.kind,
                state=self.state,
                size_band=self.size_band,
                website=self.website,
            )
            Membership.objects.create(user=self.requested_by, agency=agency, role=Role.COORDINATOR)
            self._decide(Decision.APPROVED, agency=agency)
        return agency

    def reject(self, reason):
        self._check_pending()
        if not reason.strip():
            raise ValidationError(gettext("Give the requester a reason."))
        self.reason = reason.strip()
        self._decide(Decision.REJECTED)

    def merge_into(self, agency):
        """The agency already exists: the requester asks to join it instead."""
        from .joining import JoinRequest

        self._check_pending()
        with transaction.atomic():
            if agency.role_of(self.requested_by) is None:
                JoinRequest.objects.get_or_create(
                    agency=agency,
                    user=self.requested_by,
                    outcome="pending",
                    defaults={"title": self.title},
                )
            self._decide(Decision.MERGED, agency=agency)

    def _check_pending(self):
        if self.decision != Decision.PENDING:
            raise ValidationError(gettext("This request has already been decided."))

    def _decide(self, decision, agency=None):
        self.decision, self.decided_at = decision, timezone.now()
        if agency is not None:
            self.agency = agency
        self.save()


def _same(other, name, state, host):
    same_name = other.name.strip().lower() == name.strip().lower() and other.state == state
    return same_name or bool(host and website_host(other.website) == host)


def _free_slug(name, state):
    base = slugify(name)[:40] or "agency"
    for candidate in [base, f"{base}-{state.lower()}"]:
        if candidate not in RESERVED_SLUGS and not Agency.objects.filter(slug=candidate).exists():
            return candidate
    number = 2
    while Agency.objects.filter(slug=f"{base}-{state.lower()}-{number}").exists():
        number += 1
    return f"{base}-{state.lower()}-{number}"
