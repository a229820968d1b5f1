from django.contrib import admin
from django.db import models
from django.shortcuts import redirect
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from . import indexing
from .models import (
    ActionItem,
    Chapter,
    CrosswalkLink,
    GlossaryTerm,
    Pillar,
    Program,
    ProgramTopic,
    Publication,
    Recommendation,
    Source,
    StakeholderAction,
    Topic,
    TopicQuestion,
)


class ContentAdmin(SimpleHistoryAdmin):
    """Editing content: every save is a revision (History shows each change field by field
    and can revert to any earlier one), publishing records who and when, "Save and preview"
    shows the public page (with a draft banner for drafts), and search sees edits at once."""

    change_form_template = "admin/recommendations/content_change_form.html"
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_list_display(self, request):
        return [*super().get_list_display(request), "status", "updated_at"]

    def get_list_filter(self, request):
        return ["status", *super().get_list_filter(request)]

    def save_model(self, request, obj, form, change):
        if obj.status == Publication.PUBLISHED and (not change or "status" in form.changed_data):
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

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Topics and pillars are relations, saved after the row.
        indexing.content_changed(form.instance)

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        indexing.content_changed()  # a queryset's delete() skips each row's delete()


@admin.register(Source)
class SourceAdmin(ContentAdmin):
    list_display = ["short_title", "publisher", "date_text", "position"]
    search_fields = ["title", "short_title", "publisher"]
    prepopulated_fields = {"slug": ["short_title"]}


@admin.register(Topic)
class TopicAdmin(ContentAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Pillar)
class PillarAdmin(ContentAdmin):
    list_display = ["number", "name"]
    search_fields = ["name", "summary"]


@admin.register(Chapter)
class ChapterAdmin(ContentAdmin):
    list_display = ["number", "title", "printed_heading"]
    search_fields = ["title", "introduction"]
    filter_horizontal = ["pillars"]


class ActionItemInline(admin.StackedInline):
    model = ActionItem
    extra = 0
    fields = ["key", "number", "summary", "uncertain", "checked_against"]


@admin.register(Recommendation)
class RecommendationAdmin(ContentAdmin):
    list_display = ["key", "title", "source", "chapter", "pillar", "uncertain"]
    list_filter = [
        "source",
        "pillar",
        "chapter",
        "topics",
        ("uncertain", admin.BooleanFieldListFilter),
    ]
    ordering = ["source__position", "section", "number"]
    list_select_related = ["source", "chapter", "pillar"]
    search_fields = ["key", "wording", "summary"]
    autocomplete_fields = ["topics"]
    filter_horizontal = ["pillars"]
    inlines = [ActionItemInline]


@admin.register(ActionItem)
class ActionItemAdmin(ContentAdmin):
    list_display = ["key", "summary", "uncertain"]
    list_filter = ["uncertain", "recommendation__pillar"]
    ordering = ["recommendation__section", "recommendation__number", "number"]
    search_fields = ["key", "summary"]
    autocomplete_fields = ["recommendation"]


@admin.register(StakeholderAction)
class StakeholderActionAdmin(ContentAdmin):
    list_display = ["key", "text", "stakeholder"]
    list_filter = ["stakeholder", "pillars", "topics"]
    search_fields = ["key", "text", "summary"]
    autocomplete_fields = ["topics"]
    filter_horizontal = ["pillars"]


@admin.register(Program)
class ProgramAdmin(ContentAdmin):
    list_display = ["name", "sponsor", "assistance_level"]
    list_filter = ["topics", "pillars"]
    search_fields = ["name", "summary"]
    filter_horizontal = ["pillars"]


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(ContentAdmin):
    list_display = ["term", "slug"]
    list_filter = ["topics"]
    search_fields = ["term", "aliases", "synonyms", "definition"]
    prepopulated_fields = {"slug": ["term"]}
    autocomplete_fields = ["topics"]


@admin.register(ProgramTopic)
class ProgramTopicAdmin(ContentAdmin):
    list_display = ["key", "reason", "source_url"]
    list_filter = ["program", "topic"]
    search_fields = ["key", "reason", "source_url"]
    readonly_fields = ["key"]
    autocomplete_fields = ["topic"]


@admin.register(CrosswalkLink)
class CrosswalkLinkAdmin(ContentAdmin):
    list_display = ["key", "reason"]
    list_filter = ["new_era__chapter", "task_force__pillar"]
    search_fields = ["key", "reason"]
    readonly_fields = ["key"]
    autocomplete_fields = ["new_era", "task_force"]


@admin.register(TopicQuestion)
class TopicQuestionAdmin(ContentAdmin):
    list_display = ["key", "text", "order"]
    list_filter = ["topic"]
    search_fields = ["key", "text"]
    autocomplete_fields = ["recommendations"]
