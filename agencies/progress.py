"""An agency's progress over a group of recommendations, counted honestly.

A recommendation the agency has not recorded is "Not recorded", never "Not started":
an empty row says nothing about what the agency has done, and the public record must
not claim otherwise.
"""

from collections import Counter
from dataclasses import dataclass, field

from .models import NOT_RECORDED, ReportedStatus


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

    def as_dict(self) -> dict[str, int]:
        return {value: self.counter[value] for value in ReportedStatus.values}
