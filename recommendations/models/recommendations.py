"""Recommendations, the Task Force's action items and the Implementation Guide's actions."""

import re

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..fields import ChoiceArrayField
from ..urls_cache import item_url
from .content import Chapter, Content, ContentQuerySet, Pillar, Source, Topic
from .history import ContentHistory

RECOMMENDATION_KEY = re.compile(r"^(NE|TF)-(\d{1,2})\.(\d{1,2})$")


class Actor(models.TextChoices):
    """Who a recommendation asks to act, as its wording names them."""

    AGENCIES = "agencies", _("Law enforcement agencies")
    LOCAL = "local-government", _("Local government")
    STATE = "state-government", _("State government")
    FEDERAL = "federal-government", _("Federal government")
    COMMUNITIES = "communities", _("Communities")
    OTHER = "other-organisations", _("Other organisations")


class RecommendationQuerySet(ContentQuerySet):
    def addressed_to_agencies(self):
        return self.filter(addressed_to__contains=[Actor.AGENCIES])

    def from_source(self, slug):
        return self.filter(source__slug=slug)

    def in_pillar(self, number):
        """Task Force recommendations of the pillar and New Era ones that build on it."""
        # A subquery, not a join: a join repeats rows and needs DISTINCT over every column,
        # text included, which was most of the filtered list's time.
        builds_on = Recommendation.pillars.through.objects.filter(pillar__number=number)
        return self.filter(
            Q(pillar__number=number) | Q(id__in=builds_on.values("recommendation_id"))
        )


class Recommendation(Content):
    """One numbered recommendation of the Task Force report or of New Era of Public Safety."""

    history = ContentHistory()

    key = models.CharField(max_length=16, unique=True)
    source = models.ForeignKey(Source, on_delete=models.PROTECT)
    section = models.PositiveSmallIntegerField(editable=False)
    number = models.PositiveSmallIntegerField(editable=False)
    pillar = models.ForeignKey(
        Pillar,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="task_force_recommendations",
        help_text="For Task Force recommendations: the pillar it belongs to (none if overarching).",
    )
    chapter = models.ForeignKey(
        Chapter,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="recommendations",
        help_text="For New Era recommendations: its chapter.",
    )
    wording = models.TextField(
        blank=True, help_text="The recommendation exactly as the source words it."
    )
    wording_es = models.TextField(
        "wording in Spanish (unofficial rendering)",
        blank=True,
        help_text="Shown beside the quoted English, labelled as our unofficial translation.",
    )
    summary = models.TextField(blank=True, help_text="In our own plain words.")
    keywords = models.JSONField(default=list, blank=True)
    uncertain = models.BooleanField(
        "not yet verified",
        default=False,
        help_text="The summary has not been checked against a copy of the report.",
    )
    checked_against = models.JSONField(
        default=list, blank=True, help_text="Links to copies the summary was checked against."
    )
    explained_at = models.URLField(
        "the report's explanation",
        blank=True,
        help_text="New Era: the report's own page explaining this recommendation, which our "
        "summary restates (fixtures/README.md).",
    )
    note = models.TextField(blank=True, help_text="Corrections made to the source copy.")
    addressed_to = ChoiceArrayField(
        models.CharField(max_length=30, choices=Actor.choices),
        default=list,
        blank=True,
        help_text="Who the wording asks to act; empty when it names nobody (fixtures/README.md).",
    )
    pillars = models.ManyToManyField(
        Pillar,
        blank=True,
        related_name="building_recommendations",
        help_text="For New Era recommendations: the pillars it builds on.",
    )
    topics = models.ManyToManyField(Topic, blank=True, related_name="recommendations")

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        ordering = ["source__position", "section", "number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(pillar__isnull=True) | Q(chapter__isnull=True),
                name="recommendation_pillar_or_chapter",
            ),
            models.CheckConstraint(
                condition=Q(addressed_to__contained_by=Actor.values),
                name="recommendation_addressed_to_actors",
            ),
        ]

    def __str__(self):
        return f"{self.key} {self.title}"

    def save(self, **kwargs):
        match = RECOMMENDATION_KEY.match(self.key)
        if not match:
            raise ValueError(f"Malformed recommendation key {self.key!r}")
        self.section, self.number = int(match[2]), int(match[3])
        super().save(**kwargs)

    def get_absolute_url(self):
        return item_url("recommendations:recommendation_detail", self.slug)

    @property
    def title(self):
        return self.wording or self.summary

    @property
    def citation(self):
        cited = f"{self.source.citation} Recommendation {self.section}.{self.number}"
        return f'{cited}: "{self.wording}"' if self.wording else f"{cited}."

    @property
    def is_for_agencies(self):
        return Actor.AGENCIES in self.addressed_to

    def get_addressed_to_display(self):
        return [Actor(value).label for value in self.addressed_to]

    @property
    def is_new_era(self):
        return self.key.startswith("NE-")

    @property
    def slug(self):
        return self.key.lower().replace(".", "-")

    @property
    def all_pillars(self):
        """The pillar it belongs to, or the pillars it builds on (uses prefetched data)."""
        return [self.pillar] if self.pillar else list(self.pillars.all())

    @classmethod
    def key_from_slug(cls, slug):
        """'ne-3-2' (or 'NE-3.2', as people copy keys) -> 'NE-3.2', or None when the slug
        cannot be a recommendation's."""
        match = re.fullmatch(r"(ne|tf)-(\d{1,2})[-.](\d{1,2})", slug.lower())
        return f"{match[1].upper()}-{int(match[2])}.{int(match[3])}" if match else None


class ActionItem(Content):
    """An action item under a Task Force recommendation."""

    history = ContentHistory()

    key = models.CharField(max_length=16, unique=True)
    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.PROTECT, related_name="action_items"
    )
    number = models.PositiveSmallIntegerField()
    summary = models.TextField(help_text="In our own plain words, not the report's wording.")
    uncertain = models.BooleanField("not yet verified", default=False)
    checked_against = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["recommendation__section", "recommendation__number", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation", "number"], name="action_item_number_unique"
            )
        ]

    def __str__(self):
        return self.key

    def get_absolute_url(self):
        return f"{self.recommendation.get_absolute_url()}#{self.anchor}"

    @property
    def title(self):
        return self.summary

    @property
    def anchor(self):
        return self.key.lower().replace(".", "-")


class Stakeholder(models.TextChoices):
    COMMUNITY = "community", _("Communities")
    LAW_ENFORCEMENT = "law-enforcement", _("Law enforcement")
    LOCAL_GOVERNMENT = "local-government", _("Local government")


class StakeholderAction(Content):
    """One of the Implementation Guide's five actions for a group of stakeholders."""

    history = ContentHistory()

    key = models.CharField(max_length=32, unique=True)
    stakeholder = models.CharField(max_length=20, choices=Stakeholder.choices)
    number = models.PositiveSmallIntegerField()
    text = models.TextField(help_text="The action exactly as the source words it.")
    text_es = models.TextField(
        "text in Spanish (unofficial rendering)",
        blank=True,
        help_text="Shown beside the quoted English, labelled as our unofficial translation.",
    )
    summary = models.TextField(blank=True, help_text="In our own plain words.")
    note = models.TextField(blank=True, help_text="Corrections made to the source copy.")
    source = models.ForeignKey(Source, on_delete=models.PROTECT)
    pillars = models.ManyToManyField(Pillar, blank=True, related_name="stakeholder_actions")
    topics = models.ManyToManyField(Topic, blank=True, related_name="stakeholder_actions")

    class Meta:
        ordering = ["stakeholder", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["stakeholder", "number"], name="stakeholder_action_unique"
            )
        ]

    def __str__(self):
        return self.key

    def get_absolute_url(self):
        return item_url("recommendations:stakeholder_action_detail", self.slug)

    @property
    def title(self):
        return self.text

    @property
    def slug(self):
        return self.key.removeprefix("IG-")
