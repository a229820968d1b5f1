from django.contrib import admin

from .models import (
    ActionItem,
    Chapter,
    Pillar,
    Program,
    Recommendation,
    Source,
    StakeholderAction,
    Topic,
)


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["short_title", "publisher", "date_text", "position"]
    search_fields = ["title", "short_title", "publisher"]
    prepopulated_fields = {"slug": ["short_title"]}


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Pillar)
class PillarAdmin(admin.ModelAdmin):
    list_display = ["number", "name"]
    search_fields = ["name", "summary"]


@admin.register(Chapter)
class ChapterAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "printed_heading"]
    search_fields = ["title", "introduction"]
    filter_horizontal = ["pillars"]


class ActionItemInline(admin.StackedInline):
    model = ActionItem
    extra = 0
    fields = ["key", "number", "summary", "uncertain", "checked_against"]


@admin.register(Recommendation)
class RecommendationAdmin(admin.ModelAdmin):
    list_display = ["key", "title", "source", "chapter", "pillar", "uncertain"]
    list_filter = ["source", "pillar", "chapter", "topics", "uncertain"]
    list_select_related = ["source", "chapter", "pillar"]
    search_fields = ["key", "wording", "summary"]
    autocomplete_fields = ["topics"]
    filter_horizontal = ["pillars"]
    inlines = [ActionItemInline]


@admin.register(ActionItem)
class ActionItemAdmin(admin.ModelAdmin):
    list_display = ["key", "summary", "uncertain"]
    list_filter = ["uncertain", "recommendation__pillar"]
    search_fields = ["key", "summary"]
    autocomplete_fields = ["recommendation"]


@admin.register(StakeholderAction)
class StakeholderActionAdmin(admin.ModelAdmin):
    list_display = ["key", "text", "stakeholder"]
    list_filter = ["stakeholder", "pillars", "topics"]
    search_fields = ["key", "text"]
    autocomplete_fields = ["topics"]
    filter_horizontal = ["pillars"]


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ["name", "sponsor", "assistance_level"]
    list_filter = ["topics", "pillars"]
    search_fields = ["name", "summary"]
    autocomplete_fields = ["topics", "recommendations"]
    filter_horizontal = ["pillars"]
