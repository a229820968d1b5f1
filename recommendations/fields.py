from django import forms
from django.contrib.postgres.fields import ArrayField


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
