from django import forms
from django.contrib.postgres.fields import ArrayField
from django.core import validators
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class ChoiceArrayField(ArrayField):
    """An array of choices: tick boxes in forms, a plain JSON list in fixtures.

    ArrayField serializes as a JSON string inside the JSON ("[\\"a\\"]"), which would make
    fixture diffs unreadable and every exported record differ from its source."""

    def value_to_string(self, obj):
        return self.value_from_object(obj)

    def formfield(self, **kwargs):
        return forms.MultipleChoiceField(
            choices=self.base_field.choices,
            required=not self.blank,
            widget=forms.CheckboxSelectMultiple,
            label=kwargs.get("label", self.verbose_name.capitalize()),
            help_text=self.help_text,
        )


class LinesField(forms.Field):
    """A list of short texts (keywords, aliases, addresses), edited one entry per line.

    Curators read and write lines, never JSON: blank lines and surrounding spaces are
    dropped, and an entry that cannot be right (too long, a duplicate, not a web address
    where addresses are expected) is refused with a message that names its line."""

    widget = forms.Textarea(attrs={"rows": 5, "cols": 60})
    MAX_ENTRY = 500

    def __init__(self, *, urls=False, encoder=None, decoder=None, **kwargs):
        # encoder and decoder come from JSONField.formfield(); lines need neither.
        self.urls = urls
        kwargs.setdefault("help_text", "")
        kwargs["help_text"] = format_lazy(
            "{}{}{}",
            kwargs["help_text"],
            " " if kwargs["help_text"] else "",
            _("One per line."),
        )
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(str(entry) for entry in value)
        return value

    def to_python(self, value):
        if isinstance(value, list):
            return value
        return [line.strip() for line in (value or "").splitlines() if line.strip()]

    def validate(self, value):
        super().validate(value)
        seen = set()
        for number, entry in enumerate(value, start=1):
            if "\x00" in entry:
                raise forms.ValidationError(
                    gettext("Line %(number)d holds a NUL character.") % {"number": number}
                )
            if len(entry) > self.MAX_ENTRY:
                raise forms.ValidationError(
                    gettext(
                        "Line %(number)d is longer than %(limit)d characters: put one entry "
                        "on each line."
                    )
                    % {"number": number, "limit": self.MAX_ENTRY}
                )
            if entry.casefold() in seen:
                raise forms.ValidationError(
                    gettext("Line %(number)d repeats an earlier line: %(entry)s")
                    % {"number": number, "entry": entry}
                )
            seen.add(entry.casefold())
            if self.urls:
                try:
                    validators.URLValidator(schemes=["http", "https"])(entry)
                except forms.ValidationError:
                    raise forms.ValidationError(
                        gettext("Line %(number)d is not a web address (https://…): %(entry)s")
                        % {"number": number, "entry": entry}
                    ) from None

    def has_changed(self, initial, data):
        return (initial or []) != self.to_python(data)
