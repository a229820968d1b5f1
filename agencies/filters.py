"""Finding agencies: the directory's filters, and the national page's."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.widgets import QuickSelect
from recommendations.filters import ExplainedFilterSet

from .models import US_STATES, Agency, AgencyKind, SizeBand


class AgencyFilter(ExplainedFilterSet):
    """Search by name (every word must appear), and filter by state, kind and size."""

    q = django_filters.CharFilter(
        label=_("Name"),
        method="filter_name",
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    state = django_filters.ChoiceFilter(
        choices=US_STATES, empty_label=_("Any state"), label=_("State"), widget=QuickSelect
    )
    kind = django_filters.ChoiceFilter(
        choices=AgencyKind.choices, empty_label=_("Any kind"), label=_("Kind"), widget=QuickSelect
    )
    size = django_filters.ChoiceFilter(
        field_name="size_band",
        choices=SizeBand.choices,
        empty_label=_("Any size"),
        label=_("Size"),
        widget=QuickSelect,
    )

    class Meta:
        model = Agency
        fields = ["q", "state", "kind", "size"]

    def filter_name(self, queryset, name, value):
        words = value.split()[:8]
        condition = Q()
        for word in words:
            condition &= Q(name__icontains=word)
        return queryset.filter(condition)


class NationalFilter(forms.Form):
    """The national page counts every published tracker, or those of one state or kind."""

    state = forms.ChoiceField(
        choices=[("", _("Every state")), *US_STATES],
        required=False,
        label=_("State"),
        widget=QuickSelect,
    )
    kind = forms.ChoiceField(
        choices=[("", _("Every kind")), *AgencyKind.choices],
        required=False,
        label=_("Kind"),
        widget=QuickSelect,
    )
