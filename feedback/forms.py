from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import ReaderReport

MESSAGE_LIMIT = 2000


class ReaderReportForm(forms.ModelForm):
    class Meta:
        model = ReaderReport
        fields = ["message", "email"]
        labels = {
            "message": _("What is wrong, or what should we add?"),
            "email": _("Your email (optional)"),
        }
        help_texts = {
            "email": _("Only to tell you when we have dealt with your report. We never publish it.")
        }
        widgets = {"message": forms.Textarea(attrs={"rows": 6, "maxlength": MESSAGE_LIMIT})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs.update(autocomplete="email")
        self.fields["message"].help_text = gettext(
            "At most %(limit)d characters. Say what the source says, with its page if you can."
        ) % {"limit": MESSAGE_LIMIT}
        self.fields["message"].error_messages.update(
            required=gettext("Please write what is wrong or missing."),
            # Django's length check fills in the limit and the length given.
            max_length=gettext(
                "Please keep it to %(limit_value)d characters (%(show_value)d now)."
            ),
        )
        self.fields["email"].error_messages["invalid"] = gettext(
            "That email address does not look right: check it, or leave it empty."
        )
