"""Form widgets written out in Python, with the same HTML as Django's templates."""

from django import forms
from django.utils.html import escape
from django.utils.safestring import mark_safe


def _attributes(attrs):
    """As django/forms/widgets/attrs.html: True gives a bare name, False nothing."""
    return "".join(
        f" {name}" if value is True else f' {name}="{escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


class QuickSelect(forms.Select):
    """A <select> made in Python: Django includes a template once per option, which took
    most of a filter form's time (the list of states has 56 options), and the agency pages
    show two or three such lists on every request. Option groups fall back to Django's."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        if any(group_name for group_name, _choices, _index in widget["optgroups"]):
            return super().render(name, value, attrs, renderer)
        options = "".join(
            f'\n  <option value="{escape(option["value"])}"{_attributes(option["attrs"])}>'
            f"{escape(option['label'])}</option>"
            for _name, choices, _index in widget["optgroups"]
            for option in choices
        )
        opening = f'<select name="{escape(widget["name"])}"{_attributes(widget["attrs"])}>'
        return mark_safe(f"{opening}{options}\n</select>")
