"""What every content admin shares: revisions, publication, staged edits, list fields
edited as lines, and history that shows every change in full."""

from datetime import timedelta

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from modeltranslation.fields import TranslationField
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from .. import indexing
from ..fields import LinesField
from ..models import DraftRevision, Publication
from .drafts import StagedEditsMixin

# List fields whose entries are web addresses; every other list holds short texts.
URL_LISTS = {"checked_against", "fact_sources"}
A_YEAR = timedelta(days=365)


def not_reviewed_in_a_year():
    """Items no curator has saved in the admin for a year, or ever (a load is no review)."""
    return Q(reviewed_at__isnull=True) | Q(reviewed_at__lt=timezone.now() - A_YEAR)


class ReviewedFilter(admin.SimpleListFilter):
    title = _("last reviewed")
    parameter_name = "reviewed"

    def lookups(self, request, model_admin):
        return [("stale", _("Not in a year (or never)")), ("recent", _("Within a year"))]

    def queryset(self, request, queryset):
        if self.value() == "stale":
            return queryset.filter(not_reviewed_in_a_year())
        if self.value() == "recent":
            return queryset.exclude(not_reviewed_in_a_year())
        return queryset


def set_publication(item, status, user):
    """Publish or unpublish one item: a history entry, the search index and cached pages
    follow (Content.save). Returns False when it already had that status."""
    if item.status == status:
        return False
    item.status = status
    if status == Publication.PUBLISHED:
        item.published_at, item.published_by = timezone.now(), user
    item._history_user = user
    item._change_reason = "Published" if status == Publication.PUBLISHED else "Unpublished"
    item.save()
    return True


def _publication_action(status, label):
    @admin.action(description=label, permissions=["change"])
    def action(modeladmin, request, queryset):
        changed = sum(set_publication(item, status, request.user) for item in queryset)
        done = (
            ngettext(
                "%(count)d item published; the rest already were.",
                "%(count)d items published; the rest already were.",
                changed,
            )
            if status == Publication.PUBLISHED
            else ngettext(
                "%(count)d item draft; the rest already were.",
                "%(count)d items draft; the rest already were.",
                changed,
            )
        )
        modeladmin.message_user(request, done % {"count": changed})

    action.__name__ = f"make_{status}"
    return action


class ContentAdmin(StagedEditsMixin, SimpleHistoryAdmin):
    """Editing content: every save is a revision (History shows each change field by field
    and can revert to any earlier one), publishing records who and when, "Save and preview"
    shows the public page (with a draft banner for drafts), and search sees edits at once."""

    change_form_template = "admin/recommendations/content_change_form.html"
    object_history_template = "admin/recommendations/object_history.html"
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    actions = [
        _publication_action(Publication.PUBLISHED, _("Publish the selected items")),
        _publication_action(Publication.DRAFT, _("Unpublish the selected items")),
    ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.JSONField):
            kwargs["form_class"] = LinesField
            kwargs["urls"] = db_field.name in URL_LISTS
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_list_display(self, request):
        return [*super().get_list_display(request), "status", "updated_at"]

    def get_exclude(self, request, obj=None):
        # The admin edits in English: "Summary" is the English text (modeltranslation copies
        # it to summary_en) and "Summary [es]" the Spanish one, beside the quotes'
        # renderings and "Spanish version reviewed" (ADR 13).
        english = [
            f.name
            for f in self.model._meta.fields
            if isinstance(f, TranslationField) and f.language == "en"
        ]
        return [*(super().get_exclude(request, obj) or []), *english]

    def get_list_filter(self, request):
        return ["status", ReviewedFilter, *super().get_list_filter(request)]

    def get_readonly_fields(self, request, obj=None):
        # Publishing has its own buttons, which record who and when.
        readonly = super().get_readonly_fields(request, obj)
        return [*readonly, "status"] if obj is not None else readonly

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/publication/<str:status>/",
                view(require_POST(self.publication_view)),
                name=f"{prefix}_publication",
            ),
            *super().get_urls(),
        ]

    def publication_view(self, request, object_id, status):
        item = get_object_or_404(self.model, pk=object_id)
        if status not in Publication.values or not self.has_change_permission(request, item):
            raise PermissionDenied
        with indexing.batch():
            if set_publication(item, status, request.user):
                self.log_change(request, item, item._change_reason)
        self.message_user(
            request,
            gettext("Published: the public sees it now.")
            if status == Publication.PUBLISHED
            else gettext("Unpublished: only curators see it now."),
            messages.SUCCESS,
        )
        return redirect(reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change",
                                args=[item.pk]))  # fmt: skip

    def save_model(self, request, obj, form, change):
        if obj.status == Publication.PUBLISHED and not change:
            obj.published_at = timezone.now()
            obj.published_by = request.user
        obj.reviewed_at = timezone.now()  # a curator's save is a review; a load is not
        super().save_model(request, obj, form, change)

    def _preview(self, request, obj, response):
        if "_preview" in request.POST and hasattr(obj, "get_absolute_url"):
            return redirect(obj.get_absolute_url())
        return response

    def response_add(self, request, obj, post_url_continue=None):
        return self._preview(request, obj, super().response_add(request, obj, post_url_continue))

    def response_change(self, request, obj):
        return self._preview(request, obj, super().response_change(request, obj))

    # Every view that can change content rebuilds the search index once, at its end, in its
    # own transaction (indexing.py): one form with its relations is one rebuild.
    def changeform_view(self, request, *args, **kwargs):
        with indexing.batch():
            return super().changeform_view(request, *args, **kwargs)

    def changelist_view(self, request, *args, **kwargs):
        with indexing.batch():
            return super().changelist_view(request, *args, **kwargs)

    def delete_view(self, request, *args, **kwargs):
        with indexing.batch():
            return super().delete_view(request, *args, **kwargs)

    def history_form_view(self, request, *args, **kwargs):
        with indexing.batch():
            return super().history_form_view(request, *args, **kwargs)

    def history_view(self, request, object_id, extra_context=None):
        item = get_object_or_404(self.model, pk=object_id)
        drafts = DraftRevision.objects.of(item).select_related("author", "closed_by")
        extra_context = {**(extra_context or {}), "drafts": drafts}
        return super().history_view(request, object_id, extra_context)

    def get_historical_record_context_helper(self, request, historical_record):
        # Whole old and new values: a curator checks wording word by word, and
        # simple-history's default cuts both to 100 characters ("The f[67 chars]…").
        return HistoricalRecordContextHelper(
            self.model, historical_record, max_displayed_delta_change_chars=10**7
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not hasattr(request, "_staged_draft"):
            # Topics and pillars are relations, saved after the row.
            indexing.content_changed(form.instance)

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        indexing.content_changed()  # a queryset's delete() skips each row's delete()
