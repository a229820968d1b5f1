"""What connects the content for a reader: the crosswalk between the two frameworks, the
programs that serve a recommendation's topics (each with its source), and the topic guides.
Each function makes a fixed number of queries, whatever the number of items."""

from collections import defaultdict

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from portal.http import read_only

from .models import (
    Chapter,
    CrosswalkLink,
    Pillar,
    ProgramTopic,
    Publication,
    Recommendation,
    Topic,
)

PUBLISHED = Publication.PUBLISHED


def published_links():
    """Crosswalk links whose two recommendations are both published."""
    return CrosswalkLink.objects.published().filter(
        new_era__status=PUBLISHED, task_force__status=PUBLISHED
    )


def related_links(recommendation):
    """[(the other framework's recommendation, reason)], in key order (one query)."""
    if recommendation.is_new_era:
        links = published_links().filter(new_era=recommendation).select_related("task_force")
        pairs = [(link.task_force, link.reason) for link in links]
    else:
        links = published_links().filter(task_force=recommendation).select_related("new_era")
        pairs = [(link.new_era, link.reason) for link in links]
    return sorted(pairs, key=lambda pair: (pair[0].section, pair[0].number))


def program_links(topic_ids):
    """Published programs serving any of the topics: [(program, [sourced links])] (one query)."""
    links = (
        ProgramTopic.objects.published()
        .filter(topic_id__in=topic_ids, program__status=PUBLISHED)
        .select_related("program", "topic")
    )
    grouped = defaultdict(list)
    for link in links:
        grouped[link.program].append(link)
    return sorted(grouped.items(), key=lambda item: item[0].name)


def related_keys():
    """{recommendation key: [keys of its crosswalk partners]} for the API (one query)."""
    keys = defaultdict(list)
    for new_era, task_force in published_links().values_list("new_era__key", "task_force__key"):
        keys[new_era].append(task_force)
        keys[task_force].append(new_era)
    return keys


def program_keys():
    """{topic id: [program keys]} from published, sourced links, for the API (one query)."""
    keys = defaultdict(list)
    links = ProgramTopic.objects.published().filter(program__status=PUBLISHED)
    for topic_id, slug in links.values_list("topic_id", "program__slug").order_by("program__slug"):
        keys[topic_id].append(f"program:{slug}")
    return keys


def crosswalk_rows():
    """Pillars (rows) by chapters (columns): how many New Era recommendations of the chapter
    the crosswalk links to Task Force recommendations of the pillar, with the list's address."""
    pillars = list(Pillar.objects.published())
    chapters = list(Chapter.objects.published())
    counts = defaultdict(set)
    for pillar, chapter, key in published_links().values_list(
        "task_force__pillar__number", "new_era__chapter__number", "new_era__key"
    ):
        counts[pillar, chapter].add(key)
    base = reverse("recommendations:recommendation_list")
    rows = []
    for pillar in pillars:
        cells = []
        for chapter in chapters:
            count = len(counts[pillar.number, chapter.number])
            href = f"{base}?chapter={chapter.number}&linked_pillar={pillar.number}"
            cells.append({"chapter": chapter, "count": count, "href": href})
        rows.append({"pillar": pillar, "cells": cells})
    return chapters, rows


@read_only
def crosswalk(request):
    chapters, rows = crosswalk_rows()
    return render(
        request,
        "recommendations/crosswalk.html",
        {"chapters": chapters, "rows": rows, "link_count": published_links().count()},
    )


@read_only
def topic_detail(request, slug):
    topic = get_object_or_404(Topic.objects.visible_to(request.user), slug=slug)
    # Read only if the page's content part is rendered, not when it is kept (fragments).
    recommendations = SimpleLazyObject(
        lambda: list(
            topic.recommendations.published().select_related("source", "chapter", "pillar")
        )
    )
    questions = topic.questions.published().prefetch_related(
        Prefetch("recommendations", queryset=Recommendation.objects.published())
    )
    return render(
        request,
        "recommendations/topic_detail.html",
        {
            "topic": topic,
            "task_force": SimpleLazyObject(
                lambda: [r for r in recommendations if not r.is_new_era]
            ),
            "new_era": SimpleLazyObject(lambda: [r for r in recommendations if r.is_new_era]),
            "stakeholder_actions": topic.stakeholder_actions.published(),
            "questions": questions,
            "programs": SimpleLazyObject(lambda: program_links([topic.pk])),
            "glossary_terms": topic.glossary_terms.published(),
        },
    )


def linked_to_pillar(queryset, number):
    """New Era recommendations the crosswalk links to a Task Force one of the pillar."""
    links = published_links().filter(task_force__pillar__number=number)
    return queryset.filter(pk__in=links.values("new_era"))
