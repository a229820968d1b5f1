"""An agency's progress over a group of recommendations, counted honestly.

A recommendation the agency has not recorded is "Not recorded", never "Not started":
an empty row says nothing about what the agency has done, and the public record must
not claim otherwise.
"""

from collections import Counter
from dataclasses import dataclass, field

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
    counter: Counter = field(default_factory=Counter)

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
