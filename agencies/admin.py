from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from .models import Agency, Bookmark, Collection, Invitation, Membership, TrackerEntry, User


@admin.register(User)
class PersonAdmin(UserAdmin):
    search_fields = ["username", "email", "first_name", "last_name"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["user"]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    """Administrators create agencies and name their first coordinator here."""

    list_display = ["name", "kind", "state", "size_band", "tracker_published_at"]
    list_filter = ["kind", "state", "size_band"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "agency", "role", "created_at", "expires_at", "accepted_at"]
    list_filter = ["agency"]
    readonly_fields = ["token_hash"]


@admin.register(TrackerEntry)
class TrackerEntryAdmin(SimpleHistoryAdmin):
    list_display = ["agency", "recommendation", "status", "reviewed_on", "updated_at"]
    list_filter = ["agency", "status"]
    list_select_related = ["agency", "recommendation"]


admin.site.register(Bookmark)
admin.site.register(Collection)
