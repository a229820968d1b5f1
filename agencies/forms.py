from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone

from .models import Collection, Invitation, Membership, Role, TrackerEntry, User


class SignUpForm(UserCreationForm):
    email = forms.EmailField(help_text="For resetting your password and for invitations.")

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ["username", "email", "first_name", "last_name"]

    def clean_email(self):
        email = self.cleaned_data["email"].lower()
        if User.objects.filter(email__iexact=email).exists():
            raise ValidationError("An account with this email address already exists.")
        return email


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "email"]

    def clean_email(self):
        email = self.cleaned_data["email"].lower()
        if User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk).exists():
            raise ValidationError("An account with this email address already exists.")
        return email


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        widget=forms.PasswordInput, help_text="Your password, to confirm it is you."
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        if not self.user.check_password(self.cleaned_data["password"]):
            raise ValidationError("That is not your password.")
        return self.cleaned_data["password"]


class BookmarkNoteForm(forms.Form):
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000
    )


class CollectionForm(forms.ModelForm):
    class Meta:
        model = Collection
        fields = ["name", "description", "agency"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, may_share=True, **kwargs):
        """``user`` is the collection's owner: it can be shared only with their agencies.
        A coordinator editing a colleague's collection cannot change with whom."""
        super().__init__(*args, **kwargs)
        if not may_share:
            del self.fields["agency"]
            return
        self.fields["agency"].queryset = user.agencies()
        self.fields["agency"].empty_label = "Nobody else: keep it private"
        self.fields["agency"].label = "Share with"


class InvitationForm(forms.Form):
    email = forms.EmailField()
    role = forms.ChoiceField(choices=Role.choices, initial=Role.MEMBER)

    def __init__(self, *args, agency, **kwargs):
        self.agency = agency
        super().__init__(*args, **kwargs)

    def clean_email(self):
        email = self.cleaned_data["email"].lower()
        if Membership.objects.filter(agency=self.agency, user__email__iexact=email).exists():
            raise ValidationError("This person is already a member.")
        if Invitation.objects.usable().filter(agency=self.agency, email__iexact=email).exists():
            raise ValidationError("This person already has an invitation that has not expired.")
        return email


class TrackerEntryForm(forms.ModelForm):
    class Meta:
        model = TrackerEntry
        fields = ["status", "explanation", "evidence_links", "reviewed_on"]
        widgets = {
            "explanation": forms.Textarea(attrs={"rows": 4}),
            "evidence_links": forms.Textarea(attrs={"rows": 3}),
            "reviewed_on": forms.DateInput(attrs={"type": "date"}),
        }

    def clean_evidence_links(self):
        links = [line.strip() for line in self.cleaned_data["evidence_links"].splitlines()]
        validate = URLValidator(schemes=["http", "https"])
        for link in filter(None, links):
            try:
                validate(link)
            except ValidationError as exc:
                raise ValidationError(
                    f"“{link}” is not a web address (http:// or https://)."
                ) from exc
        return "\n".join(filter(None, links))

    def clean_reviewed_on(self):
        reviewed_on = self.cleaned_data["reviewed_on"]
        if reviewed_on > timezone.localdate():
            raise ValidationError("The review date cannot be in the future.")
        return reviewed_on
