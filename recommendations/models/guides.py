"""What connects the content for a reader: the crosswalk between the two frameworks'
recommendations, the questions a topic guide suggests asking, and the programs that serve
a topic, each link with the reason (and, for programs, the source) a curator can check."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from .content import Content, Program, Topic
from .history import ContentHistory
from .recommendations import Recommendation


class CrosswalkLink(Content):
    """A New Era recommendation and a Task Force recommendation that address the same
    practice. The key is derived from the two recommendations' keys ("NE-3.2/TF-2.9")."""

    history = ContentHistory()

    key = models.CharField(max_length=40, unique=True)
    new_era = models.ForeignKey(
        Recommendation,
        on_delete=models.CASCADE,
        related_name="task_force_links",
        limit_choices_to={"key__startswith": "NE-"},
    )
    task_force = models.ForeignKey(
        Recommendation,
        on_delete=models.CASCADE,
        related_name="new_era_links",
        limit_choices_to={"key__startswith": "TF-"},
    )
    reason = models.CharField(
        max_length=300, help_text="One line: the practice both recommendations address."
    )

    class Meta:
        ordering = ["key"]
        verbose_name = "crosswalk link"

    def __str__(self):
        return self.key

    def clean(self):
        problem = self._problem()
        if problem:
            raise ValidationError(problem)

    def _problem(self):
        if self.new_era_id and not self.new_era.is_new_era:
            return "The first recommendation must be a New Era one (NE-…)."
        if self.task_force_id and self.task_force.is_new_era:
            return "The second recommendation must be a Task Force one (TF-…)."
        return None

    def save(self, **kwargs):
        problem = self._problem()
        if problem:
            raise ValueError(problem)
        self.key = f"{self.new_era.key}/{self.task_force.key}"
        super().save(**kwargs)

    def get_absolute_url(self):
        return self.new_era.get_absolute_url() + "#related-heading"

    @property
    def title(self):
        return self.reason


class TopicQuestion(Content):
    """A question a community member can ask their department about a topic, in our own
    words, drawn only from the wording of the recommendations it links to."""

    history = ContentHistory()

    key = models.SlugField(max_length=120, unique=True, help_text="For example use-of-force-1.")
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(default=1)
    text = models.CharField(max_length=300, help_text="The question, in our own plain words.")
    recommendations = models.ManyToManyField(
        Recommendation,
        related_name="questions",
        help_text="The recommendations whose wording the question comes from.",
    )

    class Meta:
        ordering = ["topic__name", "order"]
        verbose_name = "topic question"

    def __str__(self):
        return self.text

    def get_absolute_url(self):
        return reverse("recommendations:topic_detail", args=[self.topic.slug]) + f"#{self.key}"

    @property
    def title(self):
        return self.text


class ProgramTopic(Content):
    """A program serves a topic, as a page of the program's own says: the page and the
    reason are shown wherever the program is named for the topic's recommendations."""

    history = ContentHistory()

    key = models.CharField(max_length=120, unique=True)
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="topic_links")
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="program_links")
    reason = models.CharField(
        max_length=300, help_text="One line, in our own words: what the source says it offers."
    )
    source_url = models.URLField(max_length=500, help_text="The page that says so.")

    class Meta:
        ordering = ["program__name", "topic__name"]
        verbose_name = "program for a topic"
        verbose_name_plural = "programs for topics"

    def __str__(self):
        return self.key

    def save(self, **kwargs):
        self.key = f"{self.program.slug}/{self.topic.slug}"
        super().save(**kwargs)

    def get_absolute_url(self):
        return self.program.get_absolute_url()

    @property
    def title(self):
        return self.reason
