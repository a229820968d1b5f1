import re

import django_filters
from django import forms
from django.db.models import Case, When
from django.utils.translation import gettext_lazy as _
from django_filters.fields import ChoiceField

from . import search
from .guides import linked_to_pillar
from .models import Chapter, ItemType, Pillar, Recommendation, SearchEntry, Topic

RECOMMENDATION_SOURCES = [
    ("tf", _("Task Force report (2015)")),
    ("ne", _("New Era of Public Safety (2019)")),
]


class ExplainedFilterSet(django_filters.FilterSet):
    def error_message(self):
        """The form's errors as one sentence a person (or a program) can act on."""
        return " ".join(
            f"{self.form.fields[name].label or name}: {' '.join(errors)}"
            if name in self.form.fields
            else " ".join(errors)
            for name, errors in self.form.errors.items()
        )


class RecommendationFilter(ExplainedFilterSet):
    q = django_filters.CharFilter(
        label=_("Words in the recommendation"),
        method="filter_words",
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    source = django_filters.ChoiceFilter(
        choices=RECOMMENDATION_SOURCES,
        field_name="source__slug",
        empty_label=_("Any source"),
        label=_("Source"),
    )
    pillar = django_filters.ModelChoiceFilter(
        queryset=Pillar.objects.all(),
        to_field_name="number",
        method="filter_pillar",
        empty_label=_("Any pillar"),
        label=_("Pillar"),
    )
    chapter = django_filters.ModelChoiceFilter(
        queryset=Chapter.objects.all(),
        to_field_name="number",
        empty_label=_("Any New Era chapter"),
        label=_("Chapter"),
    )
    topic = django_filters.ModelChoiceFilter(
        queryset=Topic.objects.all(),
        to_field_name="slug",
        field_name="topics",
        empty_label=_("Any topic"),
        label=_("Topic"),
    )

    linked_pillar = django_filters.ModelChoiceFilter(
        queryset=Pillar.objects.all(),
        to_field_name="number",
        method="filter_linked_pillar",
        empty_label=_("Any pillar"),
        label=_("Linked in the crosswalk to a Task Force recommendation of pillar"),
    )

    class Meta:
        model = Recommendation
        fields = ["q", "source", "pillar", "chapter", "topic", "linked_pillar"]

    def filter_words(self, queryset, name, value):
        # The site search, so the list finds what the search page finds, best first.
        keys = search.ranked_keys(value, ItemType.RECOMMENDATION)
        if not keys:
            return queryset.none()
        relevance = Case(*(When(key=key, then=rank) for rank, key in enumerate(keys)))
        return queryset.filter(key__in=keys).order_by(relevance)

    def filter_pillar(self, queryset, name, value):
        return queryset.in_pillar(value.number)

    def filter_linked_pillar(self, queryset, name, value):
        return linked_to_pillar(queryset, value.number)


class SlugChoiceField(ChoiceField):
    """Offers the known values, and takes any slug: one that names nothing matches nothing."""

    def valid_value(self, value):
        return super().valid_value(value) or re.fullmatch(r"[-a-z0-9]{1,100}", value) is not None


class SlugChoiceFilter(django_filters.ChoiceFilter):
    field_class = SlugChoiceField


class SearchFilter(ExplainedFilterSet):
    """The search facets. Choices come from the search index, so no query is made here."""

    type = django_filters.ChoiceFilter(label=_("Type"), empty_label=_("Any type"))
    source = SlugChoiceFilter(label=_("Source"), empty_label=_("Any source"))
    pillar = django_filters.ChoiceFilter(label=_("Pillar"), empty_label=_("Any pillar"))
    chapter = django_filters.ChoiceFilter(label=_("New Era chapter"), empty_label=_("Any chapter"))
    topic = SlugChoiceFilter(label=_("Topic"), empty_label=_("Any topic"))

    def __init__(self, data, labels):
        super().__init__(data, queryset=SearchEntry.objects.none())
        for name, field in self.form.fields.items():
            field.choices = [("", field.choices[0][1]), *labels[name].items()]

    def chosen(self):
        return {name: value for name, value in self.form.cleaned_data.items() if value}
