"""What the public reads: the directory of agencies, each agency's published record (page,
CSV and JSON), and the national picture of every published tracker."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.views.generic import ListView

from portal.csv_export import SafeDictWriter, csv_response
from portal.http import read_only
from recommendations.models import Recommendation

from .. import national as national_tally
from .. import rendered
from ..filters import AgencyFilter, NationalFilter
from ..models import Agency, AgencyKind, ReportedStatus
from ..progress import (
    CHART_ORDER,
    Progress,
    chart,
    dress,
    recommendations_with_entries,
    status_of,
    tracker_of,
)
from .access import member_agency


class AgencyDirectory(ListView):
    """Agencies that publish their tracker: search by name, filter by state, kind and size.

    Agencies that have not published are left out: until then only their members (and
    people asking to join, who search for them on the join page) know they are here."""

    template_name = "agencies/agency_list.html"
    paginate_by = 25

    def get(self, request, *args, **kwargs):
        published = Agency.objects.filter(tracker_published_at__isnull=False).order_by("name")
        self.filterset = AgencyFilter(request.GET or None, queryset=published)
        if self.filterset.is_bound and not self.filterset.is_valid():
            context = {"filter": self.filterset, "error": self.filterset.error_message()}
            return render(request, self.template_name, context, status=400)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        fields = ("name", "slug", "kind", "state", "size_band", "tracker_published_at")
        return self.filterset.qs.only(*fields)

    def get_context_data(self, **kwargs):
        return super().get_context_data(filter=self.filterset, **kwargs)


agency_list = read_only(AgencyDirectory.as_view())


def _readable_tracker(request, slug):
    agency = get_object_or_404(Agency, slug=slug)
    if not agency.tracker_is_published and agency.role_of(request.user) is None:
        raise Http404("No such agency page.")
    return agency


def _record(agency):
    """The agency's record (headline, chart, table, items), rendered once per version of its
    tracker and of the content, then read from the cache (agencies.rendered)."""

    def render():
        context = {"agency": agency, **tracker_of(agency)}
        context["chart"] = chart(context["groups"])
        return render_to_string("agencies/includes/agency_record.html", context)

    return rendered.cached(rendered.record_key(agency), render)


@read_only
def agency_detail(request, slug):
    """The agency's public record; until it publishes, only its members know it is here."""
    agency = _readable_tracker(request, slug)
    context = {"agency": agency, "role": agency.role_of(request.user), "record": _record(agency)}
    return render(request, "agencies/agency_detail.html", context)


@read_only
@login_required
def agency_preview(request, slug):
    """Exactly what the public page shows, for members, before or after publishing."""
    agency, _role = member_agency(request, slug)
    context = {"agency": agency, "role": None, "preview": True, "record": _record(agency)}
    return render(request, "agencies/agency_detail.html", context)


TRACKER_COLUMNS = [
    "key",
    "title",
    "addressed_to",
    "status",
    "explanation",
    "evidence",
    "reviewed_on",
    "updated_at",
]


def _tracker_rows(recommendations):
    """One row per published recommendation: those the agency has not recorded say so."""
    for recommendation in recommendations:
        entry = recommendation.entry
        yield {
            "key": recommendation.key,
            "title": recommendation.title,
            "addressed_to": recommendation.addressed_to,
            "status": status_of(recommendation),
            "explanation": entry.explanation if entry else "",
            "evidence": entry.evidence_list if entry else [],
            "reviewed_on": entry.reviewed_on.isoformat() if entry else None,
            "updated_at": entry.updated_at.isoformat() if entry else None,
        }


@read_only
def tracker_csv(request, slug):
    agency = _readable_tracker(request, slug)
    response = csv_response(f"{agency.slug}-tracker.csv")
    writer = SafeDictWriter(response, fieldnames=TRACKER_COLUMNS)
    writer.writeheader()
    for row in _tracker_rows(recommendations_with_entries(agency)):
        writer.writerow(
            {
                **row,
                "addressed_to": " ".join(row["addressed_to"]),
                "evidence": " ".join(row["evidence"]),
            }
        )
    return response


@read_only
def tracker_api(request, slug):
    agency = get_object_or_404(Agency, slug=slug)
    if not agency.tracker_is_published:
        return JsonResponse({"error": "No published tracker for this agency."}, status=404)
    recommendations = recommendations_with_entries(agency)
    return JsonResponse(
        {
            "agency": {"slug": agency.slug, "name": agency.name, "state": agency.state},
            "published_at": agency.tracker_published_at.isoformat(),
            "note": "The agency reports its own status; Common Ground does not verify it.",
            "counts": Progress(
                "Addressed to agencies", [r for r in recommendations if r.is_for_agencies]
            ).as_dict(),
            "entries": list(_tracker_rows(recommendations)),
        }
    )


RANKED = 10  # how many recommendations the most and least implemented lists show


@read_only
def national(request):
    """Every published tracker together: how many agencies report each recommendation
    addressed to agencies implemented or in progress. Counts only, never an agency's name."""
    form = NationalFilter(request.GET or None)
    if form.is_bound and not form.is_valid():
        return render(request, "agencies/national.html", {"form": form}, status=400)
    chosen = form.cleaned_data if form.is_bound else {"state": "", "kind": ""}
    state, kind = chosen["state"], chosen["kind"]
    figures = rendered.cached(
        national_tally.key(state, kind),
        lambda: _national_figures(state, kind),
        seconds=national_tally.SECONDS,
    )
    return render(
        request, "agencies/national.html", {"form": form, "chosen": chosen, "figures": figures}
    )


def _national_figures(state, kind):
    """The headline, the most and least implemented and the whole table, or "" when no
    agency of this state and kind publishes."""
    recommendations = (
        Recommendation.objects.published()
        .addressed_to_agencies()
        .select_related("source")
        .only("key", "wording", "summary", "section", "number", "source__position")
    )
    recommendations = dress(list(recommendations))
    total, rows = national_tally.figures(recommendations, state, kind)
    if not total:
        return ""
    ranked = sorted(rows, key=lambda row: (-row.implemented, -row.in_progress))
    context = {
        "total": total,
        "rows": rows,
        "chosen": {"state": state, "kind": kind},
        "kind_label": AgencyKind(kind).label if kind else "",
        "statuses": [(value, ReportedStatus(value).label) for value in CHART_ORDER],
        "most": ranked[:RANKED],
        "least": ranked[::-1][:RANKED],
    }
    return render_to_string("agencies/includes/national_figures.html", context)
