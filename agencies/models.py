import hashlib
import secrets
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from recommendations.models import Recommendation

US_STATES = [
    (code, code)
    for code in (
        "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV "
        "NH NJ NM NY NC ND OH OK OR PA PR RI SC SD TN TX UT VT VA WA WV WI WY GU VI AS MP"
    ).split()
]


class User(AbstractUser):
    """A person with an account: agency staff, curators and administrators."""

    def agencies(self):
        return Agency.objects.filter(memberships__user=self)

    def has_verified_email(self, email=None) -> bool:
        """Whether the person has confirmed an address (this one, when given) is theirs."""
        addresses = EmailAddress.objects.filter(user=self, verified=True)
        if email is not None:
            addresses = addresses.filter(email__iexact=email)
        return addresses.exists()


class AgencyKind(models.TextChoices):
    MUNICIPAL = "municipal", "Municipal police"
    SHERIFF = "sheriff", "Sheriff's office"
    STATE = "state", "State agency"
    CAMPUS = "campus", "Campus police"
    TRIBAL = "tribal", "Tribal police"
    OTHER = "other", "Other"


class SizeBand(models.TextChoices):
    SMALL = "1-24", "1 to 24 sworn officers"
    MEDIUM = "25-99", "25 to 99 sworn officers"
    LARGE = "100-499", "100 to 499 sworn officers"
    VERY_LARGE = "500+", "500 or more sworn officers"


class Agency(models.Model):
    """A law enforcement agency whose staff use the portal together."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(unique=True)
    kind = models.CharField(max_length=20, choices=AgencyKind.choices)
    state = models.CharField(max_length=2, choices=US_STATES)
    size_band = models.CharField(max_length=10, choices=SizeBand.choices, blank=True)
    website = models.URLField(blank=True)
    tracker_published_at = models.DateTimeField(
        null=True, blank=True, help_text="When set, the implementation tracker is public."
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("agencies:agency_detail", args=[self.slug])

    @property
    def tracker_is_published(self):
        return self.tracker_published_at is not None

    def publish_tracker(self):
        """Make the tracker public; refused while nothing is recorded, since an empty
        public record would say nothing true about the agency."""
        if not self.tracker_entries.exists():
            raise ValidationError(
                "Record the status of at least one recommendation before publishing."
            )
        self.tracker_published_at = timezone.now()
        self.save(update_fields=["tracker_published_at"])

    def role_of(self, user):
        """The user's role in this agency, or None."""
        if not user.is_authenticated:
            return None
        membership = self.memberships.filter(user=user).first()
        return membership.role if membership else None


class Role(models.TextChoices):
    MEMBER = "member", "Member"
    COORDINATOR = "coordinator", "Coordinator"


class Membership(models.Model):
    """A person's place in an agency."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MEMBER)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["agency", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["user", "agency"], name="one_membership_per_agency")
        ]

    def __str__(self):
        return f"{self.user} in {self.agency} ({self.role})"

    def clean(self):
        # Agency pages and trackers are shared with members, so a member must have proved
        # which email address is theirs: the same rule as for invitations.
        if self.user_id and not self.user.has_verified_email():
            raise ValidationError(
                {"user": "This person has not verified an email address yet, so cannot join."}
            )


INVITATION_LIFETIME = timedelta(days=7)


def _hash_token(token):
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet):
    def usable(self):
        return self.filter(accepted_at__isnull=True, expires_at__gt=timezone.now())

    def get_by_token(self, token):
        """The usable invitation for this token, or None. Only a hash of the token is stored."""
        return self.usable().filter(token_hash=_hash_token(token)).first()


class Invitation(models.Model):
    """A single-use, expiring invitation to join an agency, sent by email."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MEMBER)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Invitation for {self.email} to {self.agency}"

    @property
    def masked_email(self):
        """The invited address with most of its name hidden: j•••@example.org."""
        name, _, domain = self.email.partition("@")
        return f"{name[:1]}•••@{domain}"

    def accept(self, user):
        """Give the user the invited role (never a lesser one); return what happened, in words.

        The caller holds a lock on this row, so the invitation is used once."""
        agency = self.agency.name
        membership, created = Membership.objects.get_or_create(
            user=user, agency=self.agency, defaults={"role": self.role}
        )
        if created and self.role == Role.COORDINATOR:
            message = f"You are now a coordinator of {agency}."
        elif created:
            message = f"You joined {agency} as a member."
        elif self.role == Role.COORDINATOR and membership.role != Role.COORDINATOR:
            membership.role = Role.COORDINATOR
            membership.save(update_fields=["role"])
            message = f"You were already a member of {agency}; you are now a coordinator."
        else:
            message = f"You were already a {membership.get_role_display().lower()} of {agency}."
        self.accepted_at = timezone.now()
        self.save(update_fields=["accepted_at"])
        return message

    @classmethod
    def issue(cls, agency, email, role, invited_by):
        """Create an invitation; return it with the token, which is shown only this once."""
        token = secrets.token_urlsafe(32)
        invitation = cls.objects.create(
            agency=agency,
            email=email,
            role=role,
            invited_by=invited_by,
            token_hash=_hash_token(token),
            expires_at=timezone.now() + INVITATION_LIFETIME,
        )
        return invitation, token


class BookmarkQuerySet(models.QuerySet):
    def of(self, user):
        return self.filter(user=user) if user.is_authenticated else self.none()


class Bookmark(models.Model):
    """An item, or a search, that a person saved, found again by its stable public key."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bookmarks"
    )
    key = models.CharField(
        max_length=500,
        help_text="The item's public key (NE-3.2, program:cri-tac, ...) or search:<query string>.",
    )
    note = models.TextField(blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = BookmarkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="one_bookmark_per_item")
        ]

    def __str__(self):
        return self.key


class CollectionQuerySet(models.QuerySet):
    def readable_by(self, user):
        """The user's own collections, and those shared with an agency that both the user
        and the owner belong to: leaving the agency ends access on either side."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(
            Q(owner=user) | Q(Exists(_member(user)) & Exists(_member(OuterRef("owner"))))
        )


def _member(user):
    """A subquery: is this user (or the outer row's owner) a member of the outer row's agency?"""
    return Membership.objects.filter(agency=OuterRef("agency"), user=user)


class Collection(models.Model):
    """A named group of bookmarks, private to its owner or shared with one of their agencies."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="collections"
    )
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True, max_length=2000)
    agency = models.ForeignKey(
        Agency,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="collections",
        help_text="Share with this agency's members; leave empty to keep it private.",
    )
    bookmarks = models.ManyToManyField(Bookmark, blank=True, related_name="collections")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CollectionQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("agencies:collection_detail", args=[self.pk])

    def can_edit(self, user):
        """The owner, and the coordinators of the agency it is shared with, may change what
        it holds. Only the owner may share it, stop sharing it or delete it."""
        if not user.is_authenticated:
            return False
        if self.owner_id == user.pk:
            return True
        return (
            self.agency is not None
            and self.agency.role_of(user) == Role.COORDINATOR
            and self.agency.role_of(self.owner) is not None
        )

    def is_owned_by(self, user):
        return user.is_authenticated and self.owner_id == user.pk


class Status(models.TextChoices):
    NOT_STARTED = "not-started", "Not started"
    PLANNED = "planned", "Planned"
    IN_PROGRESS = "in-progress", "In progress"
    IMPLEMENTED = "implemented", "Implemented"
    NOT_APPLICABLE = "not-applicable", "Not applicable"


class ReportedStatus(models.TextChoices):
    """What the record says of a recommendation: a stored Status, or that there is none.

    Never stored: a tracker entry always has a Status (a check constraint holds it)."""

    NOT_RECORDED = "not-recorded", "Not recorded"
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
        blank=True, max_length=5000, help_text="One web address per line."
    )
    reviewed_on = models.DateField(help_text="When the agency last reviewed this status.")
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


# Defined in their own module to keep this one readable; imported here so Django finds them.
from .joining import JoinRequest  # noqa: E402, F401
from .registration import AgencyRequest  # noqa: E402, F401
