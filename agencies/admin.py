from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .joining import JoinRequest
from .models import Agency, Bookmark, Collection, Invitation, Membership, TrackerEntry, User
from .registration import AgencyRequest, Decision


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

    def save_model(self, request, obj, form, change):
        # As every writer of a tracker, take its agency's lock first (Agency.tracker_changing):
        # a save here and one on the tracker then wait for each other, never deadlock.
        obj.agency.tracker_changing()
        moved_from = form.initial.get("agency") if "agency" in form.changed_data else None
        if moved_from:  # the record it leaves changes too
            Agency(pk=moved_from).tracker_changing()
        super().save_model(request, obj, form, change)

    def delete_model(self, request, obj):
        obj.agency.tracker_changing()
        super().delete_model(request, obj)


@admin.register(JoinRequest)
class JoinRequestAdmin(admin.ModelAdmin):
    list_display = ["user", "agency", "title", "outcome", "created_at", "decided_at"]
    list_filter = ["outcome"]
    list_select_related = ["user", "agency"]
    readonly_fields = ["created_at", "decided_at", "decided_by"]


class AgencyRequestForm(forms.ModelForm):
    """The review: approve, reject with a reason, or merge into the agency it duplicates."""

    review = forms.ChoiceField(
        choices=[
            ("", _("Decide later")),
            ("approve", _("Approve: create the agency, with the requester as its coordinator")),
            ("reject", _("Reject, with the reason below")),
            ("merge", _("Merge into an existing agency: the requester asks to join it")),
        ],
        required=False,
    )
    merge_into = forms.ModelChoiceField(queryset=Agency.objects.all(), required=False)
    website = forms.URLField(required=False, assume_scheme="https", max_length=200)

    class Meta:
        model = AgencyRequest
        fields = ["name", "kind", "state", "size_band", "website", "title", "reason"]

    def clean(self):
        cleaned = super().clean()
        review = cleaned.get("review")
        if review == "reject" and not cleaned.get("reason", "").strip():
            raise ValidationError({"reason": gettext("Give the requester a reason.")})
        if review == "merge" and not cleaned.get("merge_into"):
            raise ValidationError({"merge_into": gettext("Choose the agency it duplicates.")})
        if review == "approve" and self.instance.pk:
            fields = {name: cleaned.get(name, "") for name in ["name", "state", "website"]}
            agencies, _requests = AgencyRequest(pk=self.instance.pk, **fields).duplicates()
            if agencies:
                raise ValidationError(
                    gettext("%(agency)s already exists: merge into it instead.")
                    % {"agency": agencies[0]}
                )
        return cleaned


@admin.register(AgencyRequest)
class AgencyRequestAdmin(admin.ModelAdmin):
    """New agencies wait here; nothing about them is public until approved."""

    form = AgencyRequestForm
    list_display = ["name", "state", "kind", "requested_by", "decision", "created_at"]
    list_filter = ["decision", "state"]
    search_fields = ["name", "website", "requested_by__email"]
    list_select_related = ["requested_by"]

    def has_add_permission(self, request):
        return False

    def get_readonly_fields(self, request, obj=None):
        decided = obj is not None and obj.decision != Decision.PENDING
        fixed = ["requested_by", "decision", "agency", "decided_at", "created_at"]
        return [*fixed, "reason"] if decided else fixed

    def save_model(self, request, obj, form, change):
        review = form.cleaned_data.get("review")
        if review == "approve":
            obj.approve()
            message = gettext("%(name)s is on Common Ground and you are its coordinator.")
        elif review == "reject":
            obj.reject(form.cleaned_data["reason"])
            message = gettext("Your request to add %(name)s was not approved: %(reason)s")
        elif review == "merge":
            obj.merge_into(form.cleaned_data["merge_into"])
            message = gettext(
                "%(agency)s is already on Common Ground, so we sent its coordinators a request "
                "for you to join it; they will answer by email."
            )
        else:
            obj.save()
            return
        values = {"name": obj.name, "reason": obj.reason, "agency": obj.agency and obj.agency.name}
        subject = gettext("Your request to add %(name)s") % values
        send_mail(subject, message % values, None, [obj.requested_by.email])


admin.site.register(Bookmark)
admin.site.register(Collection)
