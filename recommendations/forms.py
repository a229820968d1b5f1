import unicodedata

from django import forms
from django.utils.translation import gettext_lazy as _

from .search import MAX_QUERY_LENGTH


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        strip=True,
        error_messages={
            # Django's length check fills in the limit.
            "max_length": _("Search text is limited to %(limit_value)d characters."),
            "null_characters_not_allowed": _("Search text cannot contain NUL characters."),
        },
    )
    page = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=10_000,
        error_messages={"invalid": _("The page must be a whole number, 1 or more.")},
    )
    exact = forms.BooleanField(required=False, help_text=_("Search for the words as typed."))

    def clean_q(self):
        # Other control characters are noise from copy and paste: drop them quietly.
        text = self.cleaned_data["q"]
        return "".join(c for c in text if unicodedata.category(c) != "Cc" or c in "\t\n").strip()
