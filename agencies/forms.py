from allauth.account.forms import LoginForm
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.widgets import QuickSelect

from .joining import JoinRequest
from .models import (
    US_STATES,
    Agency,
    Collection,
    Invitation,
    Membership,
    ReportedStatus,
    Role,
    Status,
    TrackerEntry,
    User,
)
from .progress import status_of
from .registration import AgencyRequest


class SignUpForm(forms.Form):
    """The extra fields of allauth's sign-up form (ACCOUNT_SIGNUP_FORM_CLASS)."""

    first_name = forms.CharField(max_length=150, required=False, label=_("First name (optional)"))
    last_name = forms.CharField(max_length=150, required=False, label=_("Last name (optional)"))

    def __init__(self, *args, **kwargs):
        # allauth's sign-up form subclasses this one and sets its own labels after this runs,
        # but keeps help text: the username rule is said before anyone breaks it.
        super().__init__(*args, **kwargs)
        if "username" in self.fields:
            self.fields["username"].help_text = gettext(
                "Letters, digits and @ . + - _ only; 150 characters or fewer."
            )

    def signup(self, request, user):
        user.first_name = self.cleaned_data["first_name"]
        user.last_name = self.cleaned_data["last_name"]
        user.save(update_fields=["first_name", "last_name"])


class ProfileForm(forms.ModelForm):
    """Names only: email addresses are managed, and verified, on allauth's email page."""

    class Meta:
        model = User
        fields = ["first_name", "last_name"]
        labels = {"first_name": _("First name"), "last_name": _("Last name")}


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        widget=forms.PasswordInput,
        label=_("Password"),
        help_text=_("Your password, to confirm it is you."),
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        if not self.user.check_password(self.cleaned_data["password"]):
            raise ValidationError(gettext("That is not your password."))
        return self.cleaned_data["password"]


class BookmarkNoteForm(forms.Form):
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000, label=_("Note")
    )


class CollectionForm(forms.ModelForm):
    class Meta:
        model = Collection
        fields = ["name", "description", "agency"]
        labels = {"name": _("Name"), "description": _("Description")}
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, may_share=True, **kwargs):
        """``user`` is the collection's owner: it can be shared only with their agencies.
        A coordinator editing a colleague's collection cannot change with whom."""
        super().__init__(*args, **kwargs)
        if not may_share:
            del self.fields["agency"]
            return
        self.fields["agency"].queryset = user.agencies()
        self.fields["agency"].empty_label = gettext("Nobody else: keep it private")
        self.fields["agency"].label = gettext("Share with")


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Email"))
    role = forms.ChoiceField(choices=Role.choices, initial=Role.MEMBER, label=_("Role"))

    def __init__(self, *args, agency, **kwargs):
        self.agency = agency
        super().__init__(*args, **kwargs)

    def clean_email(self):
        email = self.cleaned_data["email"].lower()
        if Membership.objects.filter(agency=self.agency, user__email__iexact=email).exists():
            raise ValidationError(gettext("This person is already a member."))
        if Invitation.objects.usable().filter(agency=self.agency, email__iexact=email).exists():
            raise ValidationError(
                gettext("This person already has an invitation that has not expired.")
            )
        return email


class JoinRequestForm(forms.ModelForm):
    class Meta:
        model = JoinRequest
        fields = ["agency", "title"]
        labels = {"title": _("Your title")}

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        # The agency is chosen by searching (AgencySearchForm), so only its id travels here:
        # a list of 18,000 agencies would be no way to choose one.
        self.fields["agency"].widget = forms.HiddenInput()
        self.fields["agency"].queryset = Agency.objects.all()

    def clean_agency(self):
        agency = self.cleaned_data["agency"]
        if agency.memberships.filter(user=self.user).exists():
            raise ValidationError(gettext("You are already a member of this agency."))
        if agency.join_requests.pending().filter(user=self.user).exists():
            raise ValidationError(
                gettext("You already asked to join; a coordinator has not answered yet.")
            )
        return agency


class AgencySearchForm(forms.Form):
    q = forms.CharField(
        label=_("Agency name"), max_length=100, widget=forms.TextInput(attrs={"type": "search"})
    )
    state = forms.ChoiceField(
        choices=[("", _("Any state")), *US_STATES], required=False, label=_("State")
    )


class AgencyRequestForm(forms.ModelForm):
    website = forms.URLField(
        required=False, assume_scheme="https", max_length=200, label=_("Website")
    )

    class Meta:
        model = AgencyRequest
        fields = ["name", "kind", "state", "size_band", "website", "title"]
        labels = {
            "name": _("Agency name"),
            "kind": _("Kind"),
            "state": _("State"),
            "size_band": _("Size"),
            "title": _("Your title"),
        }

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        agencies, requests = AgencyRequest(**cleaned).duplicates()
        if agencies:
            raise ValidationError(
                gettext(
                    "%(agency)s (%(state)s) is already on Common Ground, with the same name or "
                    "website: ask to join it instead."
                )
                % {"agency": agencies[0].name, "state": agencies[0].state}
            )
        if requests:
            raise ValidationError(
                gettext(
                    "Someone has already asked to add this agency (same name and state, or "
                    "same website); an administrator is reviewing it."
                )
            )
        return cleaned


class TrackerEntryForm(forms.ModelForm):
    class Meta:
        model = TrackerEntry
        fields = ["status", "explanation", "evidence_links", "reviewed_on"]
        widgets = {
            "explanation": forms.Textarea(attrs={"rows": 4}),
            "evidence_links": forms.Textarea(attrs={"rows": 3}),
            "reviewed_on": forms.DateInput(attrs={"type": "date"}),
        }
        labels = {
            "status": _("Status"),
            "explanation": _("Explanation"),
            "evidence_links": _("Evidence links"),
            "reviewed_on": _("Reviewed on"),
        }

    def clean_evidence_links(self):
        links = [line.strip() for line in self.cleaned_data["evidence_links"].splitlines()]
        validate = URLValidator(schemes=["http", "https"])
        for link in filter(None, links):
            try:
                validate(link)
            except ValidationError as exc:
                raise ValidationError(
                    gettext("“%(link)s” is not a web address (http:// or https://).")
                    % {"link": link}
                ) from exc
        return "\n".join(filter(None, links))

    def clean_reviewed_on(self):
        reviewed_on = self.cleaned_data["reviewed_on"]
        if reviewed_on > timezone.localdate():
            raise ValidationError(gettext("The review date cannot be in the future."))
        return reviewed_on


class SignInForm(LoginForm):
    """allauth's sign-in form, labelled in plain words (ACCOUNT_FORMS)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = gettext("Username or email")
        if "remember" in self.fields:
            self.fields["remember"].label = gettext("Keep me signed in on this device")


class TrackerFilterForm(forms.Form):
    """Narrow the tracker to the items a coordinator is working on."""

    status = forms.ChoiceField(
        choices=[("", _("Any status")), *ReportedStatus.choices],
        required=False,
        label=_("Status"),
        widget=QuickSelect,
    )
    pillar = forms.TypedChoiceField(
        coerce=int, required=False, empty_value=None, label=_("Pillar"), widget=QuickSelect
    )
    chapter = forms.TypedChoiceField(
        coerce=int, required=False, empty_value=None, label=_("New Era chapter"), widget=QuickSelect
    )
    review = forms.BooleanField(required=False, label=_("Only those not reviewed in a year"))

    def __init__(self, *args, pillars, chapters, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pillar"].choices = [("", gettext("Any pillar"))] + [
            (p.number, f"{p.number}: {p.name}") for p in pillars
        ]
        self.fields["chapter"].choices = [("", gettext("Any chapter"))] + [
            (c.number, f"{c.number}: {c.title}") for c in chapters
        ]
        # By id: the tracker's recommendations are read without their pillar and chapter.
        self.pillar_ids = {p.number: p.pk for p in pillars}
        self.chapter_ids = {c.number: c.pk for c in chapters}

    def keeps(self, recommendation):
        """Whether the recommendation passes every chosen filter (call after is_valid)."""
        chosen, entry = self.cleaned_data, recommendation.entry
        if chosen["status"] and chosen["status"] != status_of(recommendation):
            return False
        if chosen["pillar"] and recommendation.pillar_id != self.pillar_ids.get(chosen["pillar"]):
            return False
        if chosen["chapter"] and recommendation.chapter_id != self.chapter_ids.get(
            chosen["chapter"]
        ):
            return False
        return not chosen["review"] or bool(entry and entry.needs_review)

    @property
    def active(self):
        return self.is_valid() and any(self.cleaned_data.values())


class BulkStatusForm(forms.Form):
    """One status, and review date, for every item checked on the tracker."""

    items = forms.MultipleChoiceField(
        error_messages={"required": _("Check at least one recommendation first.")}
    )
    new_status = forms.ChoiceField(
        choices=Status.choices, label=_("Set the status to"), widget=QuickSelect
    )
    reviewed_on = forms.DateField(
        label=_("Reviewed on"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, slugs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].choices = [(slug, slug) for slug in slugs]

    def clean_reviewed_on(self):
        reviewed_on = self.cleaned_data["reviewed_on"]
        if reviewed_on > timezone.localdate():
            raise ValidationError(gettext("The review date cannot be in the future."))
        return reviewed_on
