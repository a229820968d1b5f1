"""Staged edits: a change to a published item that waits, unseen by the public, until a
curator publishes or discards it (ADR 10)."""

import json

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .. import indexing


class DraftState(models.TextChoices):
    WAITING = "waiting", _("Waiting")
    PUBLISHED = "published", _("Published")
    DISCARDED = "discarded", _("Discarded")


# Publication has its own buttons; the rest is bookkeeping no curator types.
NOT_STAGED = {"status", "published_at", "published_by", "loaded_hash", "reviewed_at", "updated_at"}


def staged_fields(model):
    """The fields a draft may carry: the item's own editable values, not its relations to
    many others (topics, pillars) nor its publication status."""
    return [
        f
        for f in model._meta.concrete_fields
        if f.editable and not f.primary_key and f.name not in NOT_STAGED
    ]


def _as_json(field, item):
    return json.loads(json.dumps(field.value_from_object(item), cls=DjangoJSONEncoder))


class DraftRevisionQuerySet(models.QuerySet):
    def waiting(self):
        return self.filter(state=DraftState.WAITING)

    def of(self, item):
        """Every draft of the item, newest first."""
        content_type = ContentType.objects.get_for_model(item)
        return self.filter(content_type=content_type, object_id=item.pk).order_by("-created_at")


class DraftRevision(models.Model):
    """Changed field values of one published item, kept apart from the item until a
    curator publishes them (they then become the item's) or discards them."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey()
    changes = models.JSONField(help_text="The new values, by field name.")
    # What the item held when the draft was made: publishing refuses to overwrite a field
    # that someone changed on the item since.
    base = models.JSONField(help_text="The published values the new ones replace.")
    state = models.CharField(max_length=10, choices=DraftState.choices, default=DraftState.WAITING)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = DraftRevisionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                condition=Q(state="waiting"),
                name="one_waiting_draft_per_item",
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id"], name="draft_item")]

    def __str__(self):
        return f"Draft of {self.item} ({self.get_state_display()})"

    @classmethod
    def stage(cls, edited, author):
        """Keep the edited item's differences from its saved row as its waiting draft
        (replacing an earlier one); return the draft, or None when nothing differs."""
        model = type(edited)
        saved = model.objects.get(pk=edited.pk)
        changes, base = {}, {}
        for field in staged_fields(model):
            new, old = _as_json(field, edited), _as_json(field, saved)
            if new != old:
                changes[field.name], base[field.name] = new, old
        draft = cls.objects.waiting().of(saved).first()
        if not changes:
            if draft:
                draft.close(DraftState.DISCARDED, author)
            return None
        if draft is None:
            draft = cls(item=saved)
        draft.changes, draft.base, draft.author = changes, base, author
        draft.save()
        return draft

    def changed_values(self):
        """(field, published value, draft value) for each field the draft changes."""
        return [(name, self.base.get(name), new) for name, new in self.changes.items()]

    def apply_to(self, item):
        """Put the draft's values on the item in memory (nothing is saved)."""
        by_name = {f.name: f for f in staged_fields(type(item))}
        for name, value in self.changes.items():
            field = by_name[name]
            setattr(item, field.attname, field.to_python(value))
        return item

    def conflicts(self, item):
        """Fields changed on the item since the draft was made."""
        by_name = {f.name: f for f in staged_fields(type(item))}
        return [name for name, old in self.base.items() if _as_json(by_name[name], item) != old]

    def publish(self, user):
        """Make the draft's values the item's: one history entry, the search index and
        cached pages updated. Raises ValidationError, changing nothing, when the values are
        no longer valid or someone changed the same fields on the item meanwhile."""
        with indexing.batch(), transaction.atomic():
            item = type(self.item).objects.select_for_update().get(pk=self.object_id)
            changed = self.conflicts(item)
            if changed:
                raise ValidationError(
                    gettext(
                        "The published item changed since this draft was made (%(fields)s): "
                        "discard the draft, or save it again from the item's form."
                    )
                    % {"fields": ", ".join(changed)}
                )
            self.apply_to(item)
            item.full_clean()
            item.reviewed_at = timezone.now()
            item._history_user = user
            item._change_reason = "Published a draft: " + ", ".join(self.changes)
            item.save()
            self.close(DraftState.PUBLISHED, user)
        return item

    def close(self, state, user):
        self.state, self.closed_by, self.closed_at = state, user, timezone.now()
        self.save(update_fields=["state", "closed_by", "closed_at", "updated_at"])
