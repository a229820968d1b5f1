import re

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from . import indexing
from .fields import ChoiceArrayField


class Publication(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class ContentQuerySet(models.QuerySet):
    def get_by_natural_key(self, value):
        return self.get(**{self.model.natural_key_field: value})

    def published(self):
        return self.filter(status=Publication.PUBLISHED)

    def visible_to(self, user):
        """Published items, and drafts too for people who may edit this kind of content."""
        opts = self.model._meta
        if user.has_perm(f"{opts.app_label}.change_{opts.model_name}"):
            return self
        return self.published()


class Content(models.Model):
    """Fields every kind of content shares.

    ``loaded_hash`` fingerprints the fixture record last written by ``load_content``;
    when the row no longer matches it, a curator has edited the row and the loader
    leaves it alone.
    """

    natural_key_field = "key"

    status = models.CharField(
        max_length=10,
        choices=Publication.choices,
        default=Publication.PUBLISHED,
        help_text="Drafts are seen only by curators, on the page itself, with a draft banner.",
    )
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    loaded_hash = models.CharField(max_length=64, blank=True, editable=False)
    updated_at = models.DateTimeField("last updated", auto_now=True)

    objects = ContentQuerySet.as_manager()

    class Meta:
        abstract = True

    # However content changes (the admin, the loader, a revert, a fix in a shell), search
    # and cached pages follow, in the same transaction (see indexing.py).
    def save(self, *args, **kwargs):
        with transaction.atomic():
            super().save(*args, **kwargs)
            indexing.content_changed()

    def delete(self, *args, **kwargs):
        with transaction.atomic():
            deleted = super().delete(*args, **kwargs)
            indexing.content_changed()
        return deleted

    def natural_key(self):
        return (getattr(self, self.natural_key_field),)

    @property
    def is_draft(self):
        return self.status == Publication.DRAFT


class Source(Content):
    """A publication or article the portal's content comes from."""

    history = HistoricalRecords(excluded_fields=["loaded_hash"])

    natural_key_field = "slug"

    slug = models.SlugField(unique=True)
    position = models.PositiveSmallIntegerField(help_text="Order on the sources page.")
    title = models.CharField(max_length=300)
    short_title = models.CharField(max_length=100)
    publisher = models.CharField(max_length=300)
    date_text = models.CharField(
        "date", max_length=50, blank=True, help_text="As precise as the source allows."
    )
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    url = models.URLField(blank=True)
    description = models.TextField(help_text="What it is and what the portal takes from it.")
    copy_file = models.CharField(
        max_length=100, help_text="The copy kept in shared/sources/ that fixtures trace to."
    )
    corrections = models.TextField(
        blank=True, help_text="Known defects of the copy and how the portal corrects them."
    )

    class Meta:
        ordering = ["position"]

    def __str__(self):
        return self.short_title

    def get_absolute_url(self):
        return reverse("recommendations:source_list") + f"#{self.slug}"

    @property
    def key(self):
        return f"source:{self.slug}"

    @property
    def citation(self):
        parts = [f"{self.publisher}.", f"{self.title}."]
        if self.date_text:
            parts.append(f"{self.date_text}.")
        if self.url:
            parts.append(self.url)
        return " ".join(parts)


class Topic(Content):
    """A subject that cuts across sources, such as use of force or officer wellness."""

    history = HistoricalRecords(excluded_fields=["loaded_hash"])

    natural_key_field = "slug"

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=100, unique=True)
    description = models.TextField()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("recommendations:topic_detail", args=[self.slug])

    @property
    def key(self):
        return f"topic:{self.slug}"

    @property
    def title(self):
        return self.name


class Pillar(Content):
    """One of the six pillars of the Task Force report."""

    history = HistoricalRecords(excluded_fields=["loaded_hash"])

    natural_key_field = "number"

    number = models.PositiveSmallIntegerField(unique=True)
    name = models.CharField(max_length=100)
    slug = models.SlugField()
    summary = models.TextField(help_text="In our own plain words.")
    source = models.ForeignKey(Source, on_delete=models.PROTECT)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(number__gte=1, number__lte=6), name="pillar_number_1_to_6"
            )
        ]

    def __str__(self):
        return f"Pillar {self.number}: {self.name}"

    def get_absolute_url(self):
        return reverse("recommendations:pillar_detail", args=[self.number, self.slug])

    @property
    def key(self):
        return f"TF-P{self.number}"

    @property
    def title(self):
        return self.name


class Chapter(Content):
    """A chapter of New Era of Public Safety."""

    history = HistoricalRecords(excluded_fields=["loaded_hash"])

    natural_key_field = "number"

    number = models.PositiveSmallIntegerField(unique=True)
    title = models.CharField(max_length=200)
    slug = models.SlugField()
    printed_heading = models.CharField(
        max_length=200, help_text="The heading exactly as the source copy prints it."
    )
    introduction = models.TextField(help_text="The chapter's introduction, quoted from the source.")
    note = models.TextField(blank=True, help_text="Corrections made to the source copy.")
    source = models.ForeignKey(Source, on_delete=models.PROTECT)
    pillars = models.ManyToManyField(
        Pillar, blank=True, related_name="chapters", help_text="Pillars this chapter builds on."
    )

    class Meta:
        ordering = ["number"]

    def __str__(self):
        return f"Chapter {self.number}: {self.title}"

    def get_absolute_url(self):
        return reverse("recommendations:chapter_detail", args=[self.number, self.slug])

    @property
    def key(self):
        return f"NE-{self.number}"


RECOMMENDATION_KEY = re.compile(r"^(NE|TF)-(\d{1,2})\.(\d{1,2})$")


class Actor(models.TextChoices):
    """Who a recommendation asks to act, as its wording names them."""

    AGENCIES = "agencies", "Law enforcement agencies"
    LOCAL = "local-government", "Local government"
    STATE = "state-government", "State government"
    FEDERAL = "federal-government", "Federal government"
    COMMUNITIES = "communities", "Communities"
    OTHER = "other-organisations", "Other organisations"


class RecommendationQuerySet(ContentQuerySet):
    def addressed_to_agencies(self):
        return self.filter(addressed_to__contains=[Actor.AGENCIES])

    def from_source(self, slug):
        return self.filter(source__slug=slug)

    def in_pillar(self, number):
        """Task Force recommendations of the pillar and New Era ones that build on it."""
        return self.filter(Q(pillar__number=number) | Q(pillars__number=number)).distinct()


class Recommendation(Content):
    """One numbered recommendation of the Task Force report or of New Era of Public Safety."""

    history = HistoricalRecords(excluded_fields=["loaded_hash"])

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
        return reverse("recommendations:recommendation_detail", args=[self.slug])

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

    history = HistoricalRecords(excluded_fields=["loaded_hash"])

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
    COMMUNITY = "community", "Communities"
    LAW_ENFORCEMENT = "law-enforcement", "Law enforcement"
    LOCAL_GOVERNMENT = "local-government", "Local government"


class StakeholderAction(Content):
    """One of the Implementation Guide's five actions for a group of stakeholders."""

    history = HistoricalRecords(excluded_fields=["loaded_hash"])

    key = models.CharField(max_length=32, unique=True)
    stakeholder = models.CharField(max_length=20, choices=Stakeholder.choices)
    number = models.PositiveSmallIntegerField()
    text = models.TextField(help_text="The action exactly as the source words it.")
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
        return reverse("recommendations:stakeholder_action_detail", args=[self.slug])

    @property
    def title(self):
        return self.text

    @property
    def slug(self):
        return self.key.removeprefix("IG-")


class Program(Content):
    """A U.S. Department of Justice assistance program that agencies can use."""

    history = HistoricalRecords(excluded_fields=["loaded_hash"])

    natural_key_field = "slug"

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=50, blank=True)
    sponsor = models.CharField(max_length=200, help_text="The office that runs it.")
    assistance_level = models.CharField(max_length=200)
    summary = models.TextField(help_text="In our own plain words. Markdown.")
    offers = models.TextField(help_text="What it offers. Markdown.")
    who_can_ask = models.TextField(help_text="Who can use it. Markdown.")
    how_to_ask = models.TextField(help_text="How to ask for it. Markdown.")
    requirements = models.TextField(blank=True, help_text="What it requires. Markdown.")
    source = models.ForeignKey(Source, on_delete=models.PROTECT)
    pillars = models.ManyToManyField(Pillar, blank=True, related_name="programs")
    topics = models.ManyToManyField(Topic, blank=True, related_name="programs")
    recommendations = models.ManyToManyField(
        Recommendation,
        blank=True,
        related_name="programs",
        help_text="What it helps put into practice.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("recommendations:program_detail", args=[self.slug])

    @property
    def key(self):
        return f"program:{self.slug}"

    @property
    def title(self):
        return self.name


class GlossaryTerm(Content):
    """A term of art or acronym, explained in plain words, with the other ways people say it."""

    history = HistoricalRecords(excluded_fields=["loaded_hash"])

    natural_key_field = "slug"

    slug = models.SlugField(unique=True)
    term = models.CharField(max_length=200, unique=True)
    definition = models.TextField(help_text="In our own plain words.")
    aliases = models.JSONField(
        default=list,
        blank=True,
        help_text="Acronyms and everyday phrasings. Search treats each as the same as the term.",
    )
    topics = models.ManyToManyField(Topic, blank=True, related_name="glossary_terms")

    class Meta:
        ordering = ["term"]

    def __str__(self):
        return self.term

    def get_absolute_url(self):
        return reverse("recommendations:glossary") + f"#{self.slug}"

    @property
    def key(self):
        return f"glossary:{self.slug}"

    @property
    def title(self):
        return self.term


class ItemType(models.TextChoices):
    RECOMMENDATION = "recommendation", "Recommendation"
    ACTION_ITEM = "action-item", "Task Force action item"
    STAKEHOLDER_ACTION = "stakeholder-action", "Implementation Guide action"
    PROGRAM = "program", "DOJ program"
    PILLAR = "pillar", "Pillar"
    TOPIC = "topic", "Topic"
    GLOSSARY = "glossary", "Glossary term"


class SearchEntry(models.Model):
    """One searchable item, copied from the content tables by search.rebuild_index().

    The weighted vector is a stored generated column: title (A), keywords and
    glossary aliases (B), body (C), context such as chapter and pillar names (D).
    """

    key = models.CharField(max_length=100, unique=True)
    type = models.CharField(max_length=20, choices=ItemType.choices)
    position = models.PositiveIntegerField(help_text="Order among equally ranked results.")
    # For searches that match more items than they can rank in time (see search/ranking.py):
    # a fixed random order, so the first n matches by it are a uniform sample, and a
    # static score (type and title length), so likely top results are ranked first.
    shuffle = models.PositiveIntegerField(default=0)
    prior = models.FloatField(default=0)
    title = models.TextField()
    keywords = models.TextField(blank=True)
    body = models.TextField(blank=True)
    context = models.TextField(blank=True)
    url = models.CharField(max_length=300)
    source = models.CharField(max_length=50, blank=True)
    chapter = models.PositiveSmallIntegerField(null=True, blank=True)
    pillars = ArrayField(models.PositiveSmallIntegerField(), default=list, blank=True)
    topics = ArrayField(models.CharField(max_length=50), default=list, blank=True)
    vector = models.GeneratedField(
        expression=SearchVector("title", weight="A", config="english")
        + SearchVector("keywords", weight="B", config="english")
        + SearchVector("body", weight="C", config="english")
        + SearchVector("context", weight="D", config="english"),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    title_vector = models.GeneratedField(
        expression=SearchVector("title", config="english"),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    # The names and tokens of the glossary terms the title mentions in any form, so
    # that a term's token finds every title that uses one of its aliases.
    title_terms = models.TextField(blank=True)
    title_match = models.GeneratedField(
        expression=SearchVector("title", "title_terms", config="english"),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    class Meta:
        indexes = [
            GinIndex(fields=["vector"], name="search_entry_vector"),
            GinIndex(fields=["title_match"], name="search_entry_title_match"),
            # Each covers what a search reads in its order (see search.search): the
            # entries that pass the filters, and the title matches with the best
            # static score.
            models.Index(
                fields=["shuffle"],
                include=["id", "type", "source", "chapter", "pillars", "topics"],
                name="search_entry_shuffle",
            ),
            models.Index(
                fields=["-prior", "shuffle"],
                include=["id", "title_match", "type", "source", "chapter", "pillars", "topics"],
                name="search_entry_prior",
            ),
        ]
        verbose_name_plural = "search entries"

    def __str__(self):
        return self.key


class SearchWord(models.Model):
    """A word of the searchable text and in how many entries it occurs."""

    word = models.CharField(max_length=100, unique=True)
    frequency = models.PositiveIntegerField()

    def __str__(self):
        return self.word
