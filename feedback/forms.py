from django import forms

from .models import ReaderReport

MESSAGE_LIMIT = 2000


class ReaderReportForm(forms.ModelForm):
    class Meta:
        model = ReaderReport
        fields = ["message", "email"]
        labels = {
            "message": "What is wrong, or what should we add?",
            "email": "Your email (optional)",
        }
        help_texts = {
            "message": f"At most {MESSAGE_LIMIT} characters. Say what the source says, "
            "with its page if you can.",
            "email": "Only to tell you when we have dealt with your report. We never publish it.",
        }
        widgets = {"message": forms.Textarea(attrs={"rows": 6, "maxlength": MESSAGE_LIMIT})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs.update(autocomplete="email")
        self.fields["message"].error_messages.update(
            required="Please write what is wrong or missing.",
            max_length=f"Please keep it to {MESSAGE_LIMIT} characters (%(show_value)d now).",
        )
        self.fields["email"].error_messages["invalid"] = (
            "That email address does not look right: check it, or leave it empty."
        )
