"""The catalogue every item belongs to: sources, topics, pillars, chapters, programs and the
glossary, and the fields and publication rules all content shares."""

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .. import indexing
from ..urls_cache import item_url
from .history import ContentHistory


class Publication(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class ContentQuerySet(models.QuerySet):
    def get_by_natural_key(self, value):
        return self.get(**{self.model.natural_key_field: value})

    def published(self):
        return self.filter(status=Publication.PUBLISHED)

    def visible_to(self, user):
        """Published items, and drafts too for people who may edit this kind of content.
        Only staff edit content (in the admin); asking anyone else's permissions would cost
        every signed-in reader two queries on every page."""
        opts = self.model._meta
        if user.is_staff and user.has_perm(f"{opts.app_label}.change_{opts.model_name}"):
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
    # Set only when a curator saves the item in the admin: loading fixtures is no review,
    # so pages show this date, never updated_at (which every load touches).
    reviewed_at = models.DateTimeField("last reviewed", null=True, blank=True, editable=False)
    # The Spanish version (recommendations/translation.py): written by the loader from
    # fixtures/es/ as a machine-assisted draft until a curator reviews it; ``loaded_hash_es``
    # tells a curator's edit of it from the loader's own, as ``loaded_hash`` does in English.
    spanish_reviewed = models.BooleanField(
        "Spanish version reviewed",
        default=False,
        help_text="Tick once a curator has checked the Spanish text against the English. "
        "Until then Spanish pages say it is a machine-assisted translation not yet reviewed.",
    )
    loaded_hash_es = models.CharField(max_length=64, blank=True, editable=False)

    objects = ContentQuerySet.as_manager()

    class Meta:
        abstract = True

    # However content changes (the admin, the loader, a revert, a fix in a shell), search
    # and cached pages follow, in the same transaction (see indexing.py).
    def save(self, *args, **kwargs):
        with transaction.atomic():
            super().save(*args, **kwargs)
            indexing.content_changed(self)

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

    history = ContentHistory()

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
        return item_url("recommendations:source_list") + f"#{self.slug}"

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

    history = ContentHistory()

    natural_key_field = "slug"

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=100, unique=True)
    description = models.TextField()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return item_url("recommendations:topic_detail", self.slug)

    @property
    def key(self):
        return f"topic:{self.slug}"

    @property
    def title(self):
        return self.name


class Pillar(Content):
    """One of the six pillars of the Task Force report."""

    history = ContentHistory()

    natural_key_field = "number"

    number = models.PositiveSmallIntegerField(unique=True)
    name = models.CharField(max_length=100)
    slug = models.SlugField()
    name_es = models.CharField("name in Spanish (unofficial rendering)", max_length=150, blank=True)
    summary = models.TextField(help_text="In our own plain words.")
    source = models.ForeignKey(Source, on_delete=models.PROTECT)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(number__gte=1, number__lte=6), name="pillar_number_1_to_6"
            )
        ]

    def __str__(self):  # also the pillar filter's choices, so in the reader's language
        return gettext("Pillar %(number)s: %(name)s") % {"number": self.number, "name": self.name}

    def get_absolute_url(self):
        return item_url("recommendations:pillar_detail", self.number, self.slug)

    @property
    def key(self):
        return f"TF-P{self.number}"

    @property
    def title(self):
        return self.name


class Chapter(Content):
    """A chapter of New Era of Public Safety."""

    history = ContentHistory()

    natural_key_field = "number"

    number = models.PositiveSmallIntegerField(unique=True)
    title = models.CharField(max_length=200)
    title_es = models.CharField(
        "title in Spanish (unofficial rendering)", max_length=250, blank=True
    )
    slug = models.SlugField()
    printed_heading = models.CharField(
        max_length=200, help_text="The heading exactly as the source copy prints it."
    )
    introduction = models.TextField(help_text="The chapter's introduction, quoted from the source.")
    introduction_es = models.TextField(
        "introduction in Spanish (unofficial rendering)",
        blank=True,
        help_text="Shown beside the quoted English, labelled as our unofficial translation.",
    )
    note = models.TextField(blank=True, help_text="Corrections made to the source copy.")
    source = models.ForeignKey(Source, on_delete=models.PROTECT)
    pillars = models.ManyToManyField(
        Pillar, blank=True, related_name="chapters", help_text="Pillars this chapter builds on."
    )

    class Meta:
        ordering = ["number"]

    def __str__(self):  # also the chapter filter's choices, so in the reader's language
        return gettext("Chapter %(number)s: %(title)s") % {
            "number": self.number,
            "title": self.title,
        }

    def get_absolute_url(self):
        return item_url("recommendations:chapter_detail", self.number, self.slug)

    @property
    def key(self):
        return f"NE-{self.number}"


class Program(Content):
    """A U.S. Department of Justice assistance program that agencies can use."""

    history = ContentHistory()

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
    cost = models.TextField(blank=True, help_text="What it costs the agency. Markdown.")
    intensity = models.TextField(
        blank=True, help_text="How long and how intensive the help is. Markdown."
    )
    results_published = models.TextField(
        blank=True, help_text="Whether, and where, results are published. Markdown."
    )
    official_url = models.URLField("official page", max_length=500, blank=True)
    request_url = models.URLField(
        "request page or form", max_length=500, blank=True, help_text="Where to ask for help."
    )
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    facts_as_of = models.DateField(
        "facts as of", null=True, blank=True, help_text="When the facts above were checked."
    )
    fact_sources = models.JSONField(
        default=list, blank=True, help_text="The pages the facts above come from (addresses)."
    )
    source = models.ForeignKey(Source, on_delete=models.PROTECT)
    pillars = models.ManyToManyField(Pillar, blank=True, related_name="programs")
    # Each topic a program serves comes with the page that says so (ProgramTopic); a
    # recommendation's programs are those that serve its topics.
    topics = models.ManyToManyField(
        Topic, blank=True, related_name="programs", through="ProgramTopic"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return item_url("recommendations:program_detail", self.slug)

    @property
    def key(self):
        return f"program:{self.slug}"

    @property
    def title(self):
        return self.name


class GlossaryTerm(Content):
    """A term of art or acronym, explained in plain words, with the other ways people say it."""

    history = ContentHistory()

    natural_key_field = "slug"

    slug = models.SlugField(unique=True)
    term = models.CharField(max_length=200, unique=True)
    definition = models.TextField(help_text="In our own plain words.")
    aliases = models.JSONField(
        default=list,
        blank=True,
        help_text="Acronyms and everyday phrasings. Search treats each as the same as the term.",
    )
    # Aliases serve search and include plurals, spellings and neighbouring phrases; readers
    # are shown only the real other names of the term, which also mark it in item pages.
    synonyms = models.JSONField(
        default=list,
        blank=True,
        help_text="Other names for the same thing, shown as “Also called” and linked to this "
        "term where an item page mentions them. Search also treats each as the term.",
    )
    aliases_es = models.JSONField(
        "aliases in Spanish",
        default=list,
        blank=True,
        help_text="How Spanish speakers say or search for the term. Spanish search treats "
        "each as the term.",
    )
    topics = models.ManyToManyField(Topic, blank=True, related_name="glossary_terms")

    class Meta:
        ordering = ["term"]

    def __str__(self):
        return self.term

    def get_absolute_url(self):
        return item_url("recommendations:glossary_term", self.slug)

    @property
    def search_forms(self):
        """Every form search treats as this term: its aliases, then any synonym not among them."""
        return [*self.aliases, *(s for s in self.synonyms if s not in self.aliases)]

    @property
    def key(self):
        return f"glossary:{self.slug}"

    @property
    def title(self):
        return self.term
