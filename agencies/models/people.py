"""People and agencies: accounts, agencies, memberships and invitations."""

import hashlib
import secrets
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

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
    MUNICIPAL = "municipal", _("Municipal police")
    SHERIFF = "sheriff", _("Sheriff's office")
    STATE = "state", _("State agency")
    CAMPUS = "campus", _("Campus police")
    TRIBAL = "tribal", _("Tribal police")
    OTHER = "other", _("Other")


class SizeBand(models.TextChoices):
    SMALL = "1-24", _("1 to 24 sworn officers")
    MEDIUM = "25-99", _("25 to 99 sworn officers")
    LARGE = "100-499", _("100 to 499 sworn officers")
    VERY_LARGE = "500+", _("500 or more sworn officers")


# Addresses under /agencies/ that are pages of their own, never an agency's slug.
RESERVED_SLUGS = {"national"}


def not_reserved(slug):
    if slug in RESERVED_SLUGS:
        raise ValidationError(
            gettext("“%(slug)s” is the address of another page; choose another.") % {"slug": slug}
        )


class Agency(models.Model):
    """A law enforcement agency whose staff use the portal together."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(unique=True, validators=[not_reserved])
    kind = models.CharField(max_length=20, choices=AgencyKind.choices)
    state = models.CharField(max_length=2, choices=US_STATES)
    size_band = models.CharField(max_length=10, choices=SizeBand.choices, blank=True)
    website = models.URLField(blank=True)
    tracker_published_at = models.DateTimeField(
        null=True, blank=True, help_text="When set, the implementation tracker is public."
    )
    # Raised in the transaction of every change to the tracker's entries (agencies.rendered):
    # its rendered record is cached under this number, so a change shows at once.
    tracker_version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"
        indexes = [
            # The directory and the national page filter by state and kind; the directory
            # lists published agencies by name, a page at a time.
            models.Index(fields=["state", "kind"], name="agency_state_kind"),
            models.Index(
                fields=["name"],
                condition=models.Q(tracker_published_at__isnull=False),
                name="published_agency_name",
            ),
        ]

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
                gettext("Record the status of at least one recommendation before publishing.")
            )
        self.tracker_published_at = timezone.now()
        self.save(update_fields=["tracker_published_at"])

    def tracker_changing(self):
        """Raise the tracker's version, holding the agency's row lock until the transaction
        ends. Every writer of the tracker calls this first, so a bulk change and a single
        save run one after the other instead of both inserting the same entry."""
        Agency.objects.filter(pk=self.pk).update(tracker_version=models.F("tracker_version") + 1)

    def role_of(self, user):
        """The user's role in this agency, or None."""
        if not user.is_authenticated:
            return None
        membership = self.memberships.filter(user=user).first()
        return membership.role if membership else None


class Role(models.TextChoices):
    MEMBER = "member", _("Member")
    COORDINATOR = "coordinator", _("Coordinator")


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
                {
                    "user": gettext(
                        "This person has not verified an email address yet, so cannot join."
                    )
                }
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
            message = gettext("You are now a coordinator of %(agency)s.")
        elif created:
            message = gettext("You joined %(agency)s as a member.")
        elif self.role == Role.COORDINATOR and membership.role != Role.COORDINATOR:
            membership.role = Role.COORDINATOR
            membership.save(update_fields=["role"])
            message = gettext("You were already a member of %(agency)s; you are now a coordinator.")
        elif membership.role == Role.COORDINATOR:
            message = gettext("You were already a coordinator of %(agency)s.")
        else:
            message = gettext("You were already a member of %(agency)s.")
        self.accepted_at = timezone.now()
        self.save(update_fields=["accepted_at"])
        return message % {"agency": agency}

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
