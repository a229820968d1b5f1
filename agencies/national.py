"""The national picture: how many agencies report each recommendation implemented.

Counting 500,000 tracker entries on every visit would be too slow, so the counts are kept
in a small table, one row per recommendation for each state and kind of agency. The row is
rewritten in the same transaction as any change that moves it (an entry saved or deleted,
a tracker published or withdrawn, an agency moved to another state or kind), so the national
page is never stale. Only published trackers count: nothing a member keeps private is added.
``manage.py refresh_national_tally`` rebuilds the whole table after a bulk load.
"""

import logging
import uuid
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection, models, transaction
from django.db.models import Count, Q, Sum
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from portal.middleware import CACHE_ERRORS, RELEASE, content_version

from .models import NOT_RECORDED, Agency, ReportedStatus, Status, TrackerEntry
from .progress import CHART_ORDER, short_title_html

logger = logging.getLogger(__name__)

# The stored counts, one column per stored status (Not recorded is what is left over).
COLUMNS = {status.value: status.value.replace("-", "_") for status in Status}


class NationalTally(models.Model):
    """For one state and kind of agency, how many published trackers give each status."""

    state = models.CharField(max_length=2)
    kind = models.CharField(max_length=20)
    recommendation = models.ForeignKey(
        "recommendations.Recommendation", on_delete=models.CASCADE, related_name="+"
    )
    not_started = models.PositiveIntegerField(default=0)
    planned = models.PositiveIntegerField(default=0)
    in_progress = models.PositiveIntegerField(default=0)
    implemented = models.PositiveIntegerField(default=0)
    not_applicable = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["state", "kind", "recommendation"], name="one_tally_per_cell"
            )
        ]

    def __str__(self):
        return f"{self.state} {self.kind} {self.recommendation_id}"


def _counts(entries, *group_by):
    return entries.values(*group_by).annotate(
        **{column: Count("pk", filter=Q(status=value)) for value, column in COLUMNS.items()}
    )


def refresh(state, kind, recommendation_ids=None):
    """Count again one state and kind's published entries (only these recommendations', if
    given). Runs in the caller's transaction; a lock per cell keeps two writers in turn."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(1610, hashtext(%s))", [state + kind])
        tallies = NationalTally.objects.filter(state=state, kind=kind)
        entries = TrackerEntry.objects.filter(
            agency__state=state, agency__kind=kind, agency__tracker_published_at__isnull=False
        )
        if recommendation_ids is not None:
            tallies = tallies.filter(recommendation_id__in=recommendation_ids)
            entries = entries.filter(recommendation_id__in=recommendation_ids)
        tallies.delete()
        NationalTally.objects.bulk_create(
            NationalTally(state=state, kind=kind, **row)
            for row in _counts(entries, "recommendation_id")
        )
        changed()


REFRESH_ALL = """
    INSERT INTO agencies_nationaltally (state, kind, recommendation_id, not_started, planned,
                                        in_progress, implemented, not_applicable)
    SELECT a.state, a.kind, e.recommendation_id,
           count(*) FILTER (WHERE e.status = 'not-started'),
           count(*) FILTER (WHERE e.status = 'planned'),
           count(*) FILTER (WHERE e.status = 'in-progress'),
           count(*) FILTER (WHERE e.status = 'implemented'),
           count(*) FILTER (WHERE e.status = 'not-applicable')
    FROM agencies_trackerentry e JOIN agencies_agency a ON a.id = e.agency_id
    WHERE a.tracker_published_at IS NOT NULL
    GROUP BY a.state, a.kind, e.recommendation_id
"""


def refresh_all():
    """Rebuild the whole table from the entries (after a bulk load or a repair), in one
    statement: half a million entries take seconds, not minutes."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("LOCK TABLE agencies_nationaltally IN EXCLUSIVE MODE")
        cursor.execute("DELETE FROM agencies_nationaltally")
        cursor.execute(REFRESH_ALL)
        changed()


# The national page's figures are kept in the shared cache under a token that every change
# of the tally replaces (agencies.rendered.cached), and are rendered again at least every
# SECONDS even if a token was lost (a cache down when a change committed).
VERSION_KEY, SECONDS = "national-version", 60


def changed():
    """Replace the token now, so the changing transaction sees its own figures, and again
    once it commits: a page rendered elsewhere in between still counted the old figures,
    and kept them under the first new token."""
    _replace_version()
    transaction.on_commit(_replace_version)


def _replace_version():
    try:
        cache.set(VERSION_KEY, uuid.uuid4().hex, None)
    except CACHE_ERRORS as exc:
        logger.warning("Shared cache unavailable: %s", exc)


def key(state, kind):
    """The cache key of the national figures of this state and kind, as they stand, in
    the reader's language."""
    version = cache.get_or_set(VERSION_KEY, lambda: uuid.uuid4().hex, None)
    return f"national:{RELEASE}:{content_version()}:{version}:{state}:{kind}:{get_language()}"


@dataclass
class Row:
    """One recommendation's national figures."""

    recommendation: object
    counts: dict

    @property
    def implemented(self):
        return self.counts[ReportedStatus.IMPLEMENTED]

    @property
    def in_progress(self):
        return self.counts[ReportedStatus.IN_PROGRESS]

    @property
    def html(self):
        """The table's row, made here: a template loop over 800 numbers cost most of the
        page's time. Counts are integers, so only the title needs escaping."""
        recommendation = self.recommendation
        cells = "".join(f"<td>{int(count)}</td>" for _v, _l, count in self.cells)
        return mark_safe(
            f'<tr><th scope="row"><a href="{escape(recommendation.url)}"><span class="key">'
            f"{escape(recommendation.key)}</span></a> {short_title_html(recommendation)}</th>"
            f"{cells}</tr>"
        )

    @property
    def cells(self):
        """(value, label, count) in the order of the table's columns: done work first."""
        return [(value, ReportedStatus(value).label, self.counts[value]) for value in CHART_ORDER]


def figures(recommendations, state="", kind=""):
    """The agencies counted, and a Row for each recommendation given: three queries."""
    agencies = Agency.objects.filter(tracker_published_at__isnull=False)
    tallies = NationalTally.objects.all()
    if state:
        agencies, tallies = agencies.filter(state=state), tallies.filter(state=state)
    if kind:
        agencies, tallies = agencies.filter(kind=kind), tallies.filter(kind=kind)
    total = agencies.count()
    sums = {
        row.pop("recommendation_id"): row
        for row in tallies.values("recommendation_id").annotate(
            **{value: Sum(column) for value, column in COLUMNS.items()}
        )
    }
    rows = []
    for recommendation in recommendations:
        counts = sums.get(recommendation.pk, dict.fromkeys(COLUMNS, 0))
        counts[NOT_RECORDED] = total - sum(counts.values())
        rows.append(Row(recommendation, counts))
    return total, rows


# Every change that moves a count rewrites it in the same transaction. A QuerySet.update()
# or a bulk load bypasses these: the tracker's bulk form calls refresh() itself, and after
# a load, run refresh_national_tally.


def _entry_changed(sender, instance, **kwargs):
    fields = ("state", "kind", "tracker_published_at")
    agency = Agency.objects.filter(pk=instance.agency_id).only(*fields).first()
    if agency is not None and agency.tracker_is_published:
        refresh(agency.state, agency.kind, [instance.recommendation_id])


def _agency_before_save(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        instance._counted_as = None
        return
    old = Agency.objects.filter(pk=instance.pk).values("state", "kind", "tracker_published_at")
    instance._counted_as = _counted_as(old.first())


def _agency_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    now = _counted_as(vars(instance))
    before = getattr(instance, "_counted_as", None)
    for cell in sorted({before, now} - {None}) if before != now else []:
        refresh(*cell)


def _agency_deleted(sender, instance, **kwargs):
    if instance.tracker_is_published:
        refresh(instance.state, instance.kind)


def _counted_as(agency):
    """The cell an agency's published tracker is counted in, or None while unpublished."""
    if agency is None or agency["tracker_published_at"] is None:
        return None
    return (agency["state"], agency["kind"])


def connect():
    from django.db.models import signals

    signals.post_save.connect(_entry_changed, sender=TrackerEntry)
    signals.post_delete.connect(_entry_changed, sender=TrackerEntry)
    signals.pre_save.connect(_agency_before_save, sender=Agency)
    signals.post_save.connect(_agency_saved, sender=Agency)
    signals.post_delete.connect(_agency_deleted, sender=Agency)
