"""What people keep: bookmarks, and collections of them shared with an agency."""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .people import Agency, Membership, Role


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
        and the owner belong to: leaving the agency ends access on either side. /me/ reads
        the same in SQL (agencies/shelf.py, HOME): change both together."""
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
        help_text=_("Share with this agency's members; leave empty to keep it private."),
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
