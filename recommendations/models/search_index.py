"""What search reads: one row per public item, and the vocabulary for correcting typos."""

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _


class ItemType(models.TextChoices):
    RECOMMENDATION = "recommendation", _("Recommendation")
    ACTION_ITEM = "action-item", _("Task Force action item")
    STAKEHOLDER_ACTION = "stakeholder-action", _("Implementation Guide action")
    PROGRAM = "program", _("DOJ program")
    PILLAR = "pillar", _("Pillar")
    TOPIC = "topic", _("Topic")
    GLOSSARY = "glossary", _("Glossary term")


def _weighted(config):
    return (
        SearchVector("title", weight="A", config=config)
        + SearchVector("keywords", weight="B", config=config)
        + SearchVector("body", weight="C", config=config)
        + SearchVector("context", weight="D", config=config)
    )


def _stored(expression):
    return models.GeneratedField(
        expression=expression, output_field=SearchVectorField(), db_persist=True
    )


def _indexes(prefix):
    """The indexes of one language's entries (see search.statement), named per table."""
    return [
        GinIndex(fields=["vector"], name=f"{prefix}_vector"),
        GinIndex(fields=["title_match"], name=f"{prefix}_title_match"),
        # Each covers what a search reads in its order (see search.search): the
        # entries that pass the filters, and the title matches with the best
        # static score.
        models.Index(
            fields=["shuffle"],
            include=["id", "type", "source", "chapter", "pillars", "topics"],
            name=f"{prefix}_shuffle",
        ),
        models.Index(
            fields=["-prior", "shuffle"],
            include=["id", "title_match", "type", "source", "chapter", "pillars", "topics"],
            name=f"{prefix}_prior",
        ),
    ]


class IndexedItem(models.Model):
    """One searchable item, copied from the content tables by search.rebuild_index(), in
    one language: English in SearchEntry, Spanish in SpanishSearchEntry (ADR 13).

    The weighted vector (a stored generated column of each table, with the language's
    text search configuration): title (A), keywords and glossary aliases (B), body (C),
    context such as chapter and pillar names (D).
    """

    key = models.CharField(max_length=100, unique=True)
    # The item it was copied from ("recommendation:12"), to replace it when the item
    # changes, even if its key changed (see search/index.py, update_items).
    origin = models.CharField(max_length=60, blank=True, default="", db_index=True)
    type = models.CharField(max_length=20, choices=ItemType.choices)
    position = models.PositiveIntegerField(help_text="Order among equally ranked results.")
    # For searches that match more items than they can rank in time (see search/ranking.py):
    # a fixed random order, so the first n matches by it are a uniform sample, and a
    # static score (type and title length), so likely top results are ranked first.
    shuffle = models.PositiveIntegerField(default=0)
    prior = models.FloatField(default=0)
    # The same for every entry with the same type, source, chapter, pillars and topics,
    # so a search counts its facets once per such combination, not once per match.
    facet_key = models.BigIntegerField(default=0)
    title = models.TextField()
    keywords = models.TextField(blank=True)
    body = models.TextField(blank=True)
    context = models.TextField(blank=True)
    url = models.CharField(max_length=300)
    source = models.CharField(max_length=50, blank=True)
    chapter = models.PositiveSmallIntegerField(null=True, blank=True)
    pillars = ArrayField(models.PositiveSmallIntegerField(), default=list, blank=True)
    topics = ArrayField(models.CharField(max_length=50), default=list, blank=True)
    # The names and tokens of the glossary terms the title mentions in any form, so
    # that a term's token finds every title that uses one of its aliases.
    title_terms = models.TextField(blank=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.key


class SearchEntry(IndexedItem):
    vector = _stored(_weighted("english"))
    title_vector = _stored(SearchVector("title", config="english"))
    title_match = _stored(SearchVector("title", "title_terms", config="english"))

    class Meta:
        indexes = _indexes("search_entry")
        verbose_name_plural = "search entries"


class SpanishSearchEntry(IndexedItem):
    vector = _stored(_weighted("spanish"))
    title_vector = _stored(SearchVector("title", config="spanish"))
    title_match = _stored(SearchVector("title", "title_terms", config="spanish"))

    class Meta:
        indexes = _indexes("search_entry_es")
        verbose_name_plural = "Spanish search entries"


class IndexedWord(models.Model):
    """A word of one language's searchable text and in how many entries it occurs."""

    word = models.CharField(max_length=100, unique=True)
    frequency = models.PositiveIntegerField()

    class Meta:
        abstract = True

    def __str__(self):
        return self.word


class SearchWord(IndexedWord):
    pass


class SpanishSearchWord(IndexedWord):
    pass
