"""An agency's progress over a group of recommendations, counted honestly.

A recommendation the agency has not recorded is "Not recorded", never "Not started":
an empty row says nothing about what the agency has done, and the public record must
not claim otherwise.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import timedelta
from html import escape

from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from recommendations.models import Chapter, Pillar, Recommendation
from recommendations.templatetags.translations import title_lang

from .models import NOT_RECORDED, ReportedStatus

CHART_ORDER = [
    ReportedStatus.IMPLEMENTED,
    ReportedStatus.IN_PROGRESS,
    ReportedStatus.PLANNED,
    ReportedStatus.NOT_STARTED,
    ReportedStatus.NOT_APPLICABLE,
    ReportedStatus.NOT_RECORDED,
]


def status_of(recommendation) -> str:
    """The reported status of a recommendation whose ``entry`` attribute was attached."""
    entry = getattr(recommendation, "entry", None)
    return entry.status if entry else NOT_RECORDED


@dataclass
class Progress:
    """The counts, per reported status, of one group of recommendations."""

    label: str
    recommendations: list
    anchor: str = ""  # the group's id on the tracker page, stable across requests
    counter: Counter = field(default_factory=Counter)
    open: bool = False  # shown unfolded on the tracker page

    def __post_init__(self):
        self.counter = Counter(status_of(r) for r in self.recommendations)

    @property
    def slugs(self) -> set[str]:
        return {r.slug for r in self.recommendations}

    @property
    def total(self) -> int:
        return len(self.recommendations)

    @property
    def recorded(self) -> int:
        return self.total - self.counter[NOT_RECORDED]

    @property
    def implemented(self) -> int:
        return self.counter[ReportedStatus.IMPLEMENTED]

    @property
    def in_progress(self) -> int:
        return self.counter[ReportedStatus.IN_PROGRESS]

    @property
    def percent(self) -> int:
        return round(100 * self.implemented / self.total) if self.total else 0

    @property
    def counts(self) -> list[tuple[str, str, int]]:
        """(value, label, count) for every reported status, Not recorded first."""
        return [(value, label, self.counter[value]) for value, label in ReportedStatus.choices]

    def segments(self, width: float) -> list[tuple[str, str, int, float, float]]:
        """(value, label, count, x, length) of each bar segment, done work first."""
        segments, x = [], 0.0
        for value in CHART_ORDER:
            count = self.counter[value]
            length = width * count / self.total if self.total else 0.0
            if count:
                segments.append((value, ReportedStatus(value).label, count, x, length))
            x += length
        return segments

    def as_dict(self) -> dict[str, int]:
        return {value: self.counter[value] for value in ReportedStatus.values}


ROW_HEIGHT, LABEL_WIDTH, BAR_WIDTH = 28, 300, 300


def chart(groups: list[Progress]) -> dict:
    """Geometry of a horizontal stacked-bar chart, one bar per non-empty group, for the
    server-rendered SVG (no JavaScript, nothing computed in the template)."""
    rows = []
    for index, group in enumerate(g for g in groups if g.total):
        y = index * ROW_HEIGHT
        segments = [
            (value, label, count, LABEL_WIDTH + x, length)
            for value, label, count, x, length in group.segments(BAR_WIDTH)
        ]
        rows.append({"group": group, "y": y, "text_y": y + 17, "segments": segments})
    return {
        "rows": rows,
        "height": len(rows) * ROW_HEIGHT,
        "width": LABEL_WIDTH + BAR_WIDTH,
        "legend": [(value, ReportedStatus(value).label) for value in CHART_ORDER],
    }


def recommendations_with_entries(agency):
    """Every published recommendation, each with the agency's entry (or None) attached:
    two queries, however many agencies and entries there are. Only the columns the pages
    show are read, and no related rows: building 700 model instances per page took more
    time than the queries (group by ``pillar_id`` and ``chapter_id``)."""
    recommendations = list(
        Recommendation.objects.published().only(
            *("key", "wording", "summary", "section", "number", "addressed_to"),
            *("pillar", "chapter", "source"),
        )
    )
    entries = {e.recommendation_id: e for e in agency.tracker_entries.order_by()}
    dress(recommendations, agency)
    for recommendation in recommendations:
        recommendation.entry = entries.get(recommendation.pk)
        if recommendation.entry:
            recommendation.entry.recommendation = recommendation
    return recommendations


def dress(recommendations, agency=None):
    """Give each recommendation its address (and its tracker form's) and a short title, made
    once per page: reversing URLs and truncating in templates took most of a page's time."""
    marker = "0-slug-0"
    page_url = reverse("recommendations:recommendation_detail", args=[marker])
    edit_url = agency and reverse("agencies:tracker_edit", args=[agency.slug, marker])
    for recommendation in recommendations:
        slug = recommendation.slug
        recommendation.url = page_url.replace(marker, slug)
        recommendation.edit_url = edit_url and edit_url.replace(marker, slug)
        recommendation.short_title = shorten(recommendation.title, 80)
    return recommendations


def short_title_html(recommendation):
    """The short title, escaped, and marked lang="en" where a Spanish page shows it in
    English (a New Era quote, a summary not yet translated)."""
    text = escape(recommendation.short_title)
    lang = title_lang(recommendation)
    return mark_safe(f"<span{lang}>{text}</span>") if lang else text


def shorten(text, length):
    """As the truncatechars filter shortens, without its cost (this runs for every row)."""
    return text if len(text) <= length else text[: length - 1] + "…"


def tracker_of(agency) -> dict:
    """The agency's progress, by group, as the tracker and the public page show it."""
    everything = recommendations_with_entries(agency)
    # Progress is the agency's own work: what other actors are asked to do is shown apart.
    recommendations = [r for r in everything if r.is_for_agencies]
    groups = [
        Progress(
            gettext("Overarching"),
            [r for r in recommendations if r.key.startswith("TF-0.")],
            anchor="overarching",
        )
    ]
    pillars, chapters = list(Pillar.objects.all()), list(Chapter.objects.all())
    by_pillar, by_chapter = defaultdict(list), defaultdict(list)
    for recommendation in recommendations:
        by_pillar[recommendation.pillar_id].append(recommendation)
        by_chapter[recommendation.chapter_id].append(recommendation)
    pillar_label = gettext("Pillar %(number)s: %(name)s")
    chapter_label = gettext("New Era chapter %(number)s: %(title)s")
    for pillar in pillars:
        items = by_pillar[pillar.pk]
        label = pillar_label % {"number": pillar.number, "name": pillar.name}
        groups.append(Progress(label, items, anchor=f"pillar-{pillar.number}"))
    for chapter in chapters:
        items = by_chapter[chapter.pk]
        label = chapter_label % {"number": chapter.number, "title": chapter.title}
        groups.append(Progress(label, items, anchor=f"chapter-{chapter.number}"))
    recorded = sorted(
        (r.entry for r in everything if r.entry), key=lambda e: e.updated_at, reverse=True
    )
    others = [r for r in everything if not r.is_for_agencies]
    # As TrackerEntry.needs_review, with today's date read once, not once per entry.
    stale_before = timezone.localdate() - timedelta(days=365)
    return {
        "groups": groups,
        "overall": Progress(gettext("Addressed to law enforcement agencies"), recommendations),
        "others": Progress(gettext("For other actors"), others, anchor="others"),
        "recent": recorded[:10],
        "stale": [e for e in recorded if e.reviewed_on < stale_before],
        "entries_count": len(recorded),
        "statuses": ReportedStatus.choices,
        "pillars": pillars,
        "chapters": chapters,
    }


def narrowed(group: Progress, keep) -> Progress:
    """The group with only the recommendations ``keep`` accepts (the tracker's filters)."""
    return Progress(group.label, [r for r in group.recommendations if keep(r)], anchor=group.anchor)
