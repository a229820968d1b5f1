"""The long parts of the agency pages, made in Python and kept under versions that every
change replaces, so that they are fast at the size of the country and never stale.

A public agency page lists up to 167 recorded items and the coordinator's tracker 167 rows;
rendered through the template engine, with a lookup per variable and a filter per date,
they took most of each page's time (issue 16's benchmark). Each item and row is made here
instead, every value escaped. The public record is also kept in the shared cache under
the agency's tracker version (raised in the transaction of every change to its entries:
``Agency.tracker_changing``), its address and publication, and the content version, so a
change shows at once. The national page's figures are kept the same way (``national.key``).
"""

import functools
import logging
from html import escape  # Django's escape, without its check for lazy text: 10,000 calls a page

from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.utils import dateformat
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext, pgettext

from portal.middleware import CACHE_ERRORS, RELEASE, content_version

from .models import NOT_RECORDED, Agency, ReportedStatus, TrackerEntry
from .progress import short_title_html, shorten

logger = logging.getLogger(__name__)

SECONDS = 10 * 60

# Each process keeps what it rendered; a version in every key means an old one is never read.
local_parts = LocMemCache("agency-parts", {"OPTIONS": {"MAX_ENTRIES": 200}})


def cached(key, render, seconds=SECONDS):
    """The HTML kept under this key, here or in the shared cache, or render() kept there."""
    found = local_parts.get(key)
    if found is not None:
        return found
    try:
        found = cache.get(key)
    except CACHE_ERRORS as exc:  # a shared cache that is down is a miss, not an error
        logger.warning("Shared cache unavailable: %s", exc)
    if found is None:
        found = render()
        try:
            cache.set(key, found, seconds)
        except CACHE_ERRORS as exc:
            logger.warning("Shared cache unavailable: %s", exc)
    local_parts.set(key, found, seconds)
    return found


def record_key(agency):
    """Everything the public record is made from: the agency's tracker version, address
    and publication, the content's version, the code's, and the reader's language."""
    published = agency.tracker_published_at.isoformat() if agency.tracker_published_at else "-"
    parts = [RELEASE, content_version(), agency.pk, agency.slug, agency.tracker_version, published]
    parts.append(get_language())
    return "agency-record:" + ":".join(map(str, parts))


def long_date(day):
    """As the date filter's "F j, Y" in English, in the reader's language."""
    return _long_date(day, get_language())


@functools.lru_cache(maxsize=1024)
def _long_date(day, language):
    # A tracker's entries share few review dates. The language is part of the key: the
    # month's name and the format both follow it.
    # Translators: a date format of django.utils.dateformat ("January 5, 2027").
    return dateformat.format(day, pgettext("long date", "F j, Y"))


class Words:
    """The words a list of rows repeats, translated once per list, not once per row."""

    def __init__(self):
        self.status = {value: str(label) for value, label in ReportedStatus.choices}
        self.reviewed = gettext("(reviewed %(date)s)")
        self.evidence = gettext("Evidence: %(links)s")
        self.addressed_to = gettext("(addressed to %(actors)s)")
        self.nobody_named = gettext("nobody named")
        self.check = gettext("Check %(key)s")
        self.update = gettext("Update")


def record_items(recommendations):
    """The public record's recorded items of one group, each with its status, review date,
    explanation and evidence links."""
    words = Words()
    return mark_safe("".join(_record_item(r, words) for r in recommendations if r.entry))


def _record_item(recommendation, words):
    entry = recommendation.entry
    reviewed = words.reviewed % {"date": long_date(entry.reviewed_on)}
    parts = [
        f'<li class="rec-block"><a href="{escape(recommendation.url)}"><span class="key">'
        f"{escape(recommendation.key)}</span></a> <strong>{escape(words.status[entry.status])}"
        f"</strong> {escape(reviewed)} {short_title_html(recommendation)}"
    ]
    if entry.explanation:
        parts.append(f"<p>{escape(entry.explanation)}</p>")
    links = [
        f'<a href="{escape(link)}" rel="nofollow noopener">{escape(shorten(link, 60))}</a>'
        for link in entry.evidence_list
    ]
    if links:
        evidence = escape(words.evidence).replace("%(links)s", ", ".join(links))
        parts.append(f"<p>{evidence}</p>")
    parts.append("</li>")
    return "".join(parts)


def tracker_rows(recommendations, coordinator):
    """The tracker's rows of one group; a coordinator's have a checkbox for the bulk form
    and an Update link."""
    words = Words()
    return mark_safe("".join(_tracker_row(r, coordinator, words) for r in recommendations))


def _tracker_row(recommendation, coordinator, words):
    slug, key = escape(recommendation.slug), escape(recommendation.key)
    entry = recommendation.entry
    addressed = ""
    if not recommendation.is_for_agencies:
        actors = ", ".join(str(a).lower() for a in recommendation.get_addressed_to_display())
        addressed = " " + escape(words.addressed_to % {"actors": actors or words.nobody_named})
    status = words.status[entry.status if entry else NOT_RECORDED]
    cells = [
        f'<td><a href="{escape(recommendation.url)}"><span class="key">{key}</span></a> '
        f"{short_title_html(recommendation)}{addressed}</td>",
        f"<td>{escape(status)}</td>",
        f"<td>{entry.reviewed_on.isoformat() if entry else ''}</td>",
    ]
    if coordinator:
        check = escape(words.check % {"key": recommendation.key})
        cells.insert(
            0,
            f'<td><input type="checkbox" name="items" value="{slug}" id="check-{slug}">'
            f'<label for="check-{slug}" class="visually-hidden">{check}</label></td>',
        )
        cells.append(
            f'<td><a href="{escape(recommendation.edit_url)}">{escape(words.update)}'
            f'<span class="visually-hidden"> {key}</span></a></td>'
        )
    return f'<tr id="item-{slug}" tabindex="-1">{"".join(cells)}</tr>'


def _entry_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        Agency(pk=instance.agency_id).tracker_changing()


def connect():
    """Raise the tracker's version with every entry saved or deleted, whoever saves it (the
    tracker's forms, the admin, a revert): first, so that every writer takes the agency's
    lock before the national tally's."""
    from django.db.models import signals

    signals.post_save.connect(_entry_changed, sender=TrackerEntry)
    signals.post_delete.connect(_entry_changed, sender=TrackerEntry)


def chart_description(chart):
    """The chart's text alternative: each group's counts in words."""
    sentences = []
    # Translators: a count and a status in the chart's description ("3 implemented").
    count_of = gettext("%(count)s %(status)s")
    for row in chart["rows"]:
        counts = ", ".join(
            escape(count_of % {"count": n, "status": str(label).lower()})
            for _v, label, n, _x, _w in row["segments"]
        )
        sentences.append(f"{escape(row['group'].label)}: {counts}. ")
    return mark_safe("".join(sentences))


def chart_bars(chart):
    """One labelled bar per group, a segment per status, each with its count as a title."""
    bars = []
    for row in chart["rows"]:
        segments = "".join(
            f'<rect x="{x:.1f}" y="{row["y"]}" width="{width:.1f}" height="22" '
            f'class="status-{value}"><title>{escape(str(label))}: {count}</title></rect>'
            for value, label, count, x, width in row["segments"]
        )
        label = escape(shorten(row["group"].label, 46))
        bars.append(
            f'<g><text x="0" y="{row["text_y"]}" class="chart-label">{label}</text>{segments}</g>'
        )
    return mark_safe("\n".join(bars))


def progress_rows(groups):
    """The table under the chart: each group's implemented share, then every other count."""
    rows = []
    # Translators: the share implemented, "12 of 40 (30%)".
    share = gettext("%(implemented)s of %(total)s (%(percent)s%%)")
    for group in groups:
        if not group.total:
            continue
        others = "".join(
            f"<td>{count}</td>" for value, _label, count in group.counts if value != "implemented"
        )
        values = {"implemented": group.implemented, "total": group.total, "percent": group.percent}
        rows.append(
            f'<tr><th scope="row">{escape(group.label)}</th><td><progress max="{group.total}" '
            f'value="{group.implemented}" aria-hidden="true"></progress> '
            f"{escape(share % values)}</td>{others}</tr>"
        )
    return mark_safe("\n".join(rows))
