"""The content admin: one ModelAdmin per kind of content, on ContentAdmin (content.py)."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ..models import (
    ActionItem,
    Chapter,
    CrosswalkLink,
    DraftRevision,
    GlossaryTerm,
    LinkCheck,
    Pillar,
    Program,
    ProgramTopic,
    Recommendation,
    Source,
    StakeholderAction,
    Topic,
    TopicQuestion,
)
from .content import ContentAdmin

# One name for one thing: a Task Force recommendation belongs to a pillar, a New Era one
# builds on pillars. Each form shows only the field that applies (the other keeps its data).
PILLAR_LABELS = {
    "pillar": _("Task Force pillar (Task Force recommendations)"),
    "pillars": _("Task Force pillars it builds on (New Era recommendations)"),
    "chapter": _("New Era chapter (New Era recommendations)"),
}


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

    def get_exclude(self, request, obj=None):
        excluded = super().get_exclude(request, obj)
        if obj is None:
            return excluded
        return [*excluded, *(["pillar"] if obj.is_new_era else ["pillars", "chapter"])]

    def get_form(self, request, obj=None, change=False, **kwargs):
        return super().get_form(request, obj, change=change, labels=PILLAR_LABELS, **kwargs)


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


class RecordAdmin(admin.ModelAdmin):
    """A record the site keeps (drafts, link checks): curators read it, nobody edits it
    by hand."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("recommendations.change_recommendation")


@admin.register(DraftRevision)
class DraftRevisionAdmin(RecordAdmin):
    """Drafts waiting, and the record of those published or discarded; each is changed
    from its item's page."""

    list_display = ["item_link", "state", "author", "created_at", "closed_by", "closed_at"]
    list_filter = ["state", "content_type"]
    list_select_related = ["author", "closed_by", "content_type"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("item")

    @admin.display(description=_("item"))
    def item_link(self, draft):
        name = f"admin:recommendations_{draft.content_type.model}_change"
        url = reverse(name, args=[draft.object_id])
        return format_html('<a href="{}">{}</a>: {}', url, draft.item, ", ".join(draft.changes))


@admin.register(LinkCheck)
class LinkCheckAdmin(RecordAdmin):
    """What the last `manage.py check_links` found; fix a broken link on the items that
    use it."""

    list_display = ["url", "ok", "status", "problem", "used_by_keys", "checked_at"]
    list_filter = ["ok"]
    search_fields = ["url", "used_by"]

    @admin.display(description=_("used by"))
    def used_by_keys(self, check):
        return ", ".join(check.used_by)
