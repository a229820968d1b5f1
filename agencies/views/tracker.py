"""The implementation tracker: an agency's own account of each recommendation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from portal.csv_export import SafeDictWriter, csv_response
from portal.http import read_only
from recommendations.models import Chapter, Pillar, Recommendation

from ..forms import TrackerEntryForm
from ..models import Agency, ReportedStatus, TrackerEntry
from ..progress import Progress, chart, status_of
from .access import member_agency


def _recommendations_with_entries(agency):
    """Every published recommendation, each with the agency's entry (or None) attached."""
    recommendations = list(
        Recommendation.objects.published()
        .select_related("pillar", "chapter", "source")
        .only(
            "key",
            "wording",
            "summary",
            "section",
            "number",
            "pillar__number",
            "pillar__name",
            "chapter__number",
            "chapter__title",
            "source__slug",
            "source__position",
            "addressed_to",
        )
    )
    entries = {e.recommendation_id: e for e in agency.tracker_entries.select_related("updated_by")}
    for recommendation in recommendations:
        recommendation.entry = entries.get(recommendation.pk)
        if recommendation.entry:
            recommendation.entry.recommendation = recommendation
    return recommendations


def _tracker_context(agency):
    everything = _recommendations_with_entries(agency)
    # Progress is the agency's own work: what other actors are asked to do is shown apart.
    recommendations = [r for r in everything if r.is_for_agencies]
    groups = []
    for pillar in Pillar.objects.all():
        items = [r for r in recommendations if r.pillar_id == pillar.pk]
        groups.append(Progress(f"Pillar {pillar.number}: {pillar.name}", items))
    overarching = [r for r in recommendations if r.key.startswith("TF-0.")]
    groups.insert(0, Progress("Overarching", overarching))
    for chapter in Chapter.objects.all():
        items = [r for r in recommendations if r.chapter_id == chapter.pk]
        groups.append(Progress(f"New Era chapter {chapter.number}: {chapter.title}", items))
    recorded = sorted(
        (r.entry for r in everything if r.entry), key=lambda e: e.updated_at, reverse=True
    )
    return {
        "groups": groups,
        "overall": Progress("Addressed to law enforcement agencies", recommendations),
        "others": Progress("For other actors", [r for r in everything if not r.is_for_agencies]),
        "recent": recorded[:10],
        "stale": [e for e in recorded if e.needs_review],
        "entries_count": len(recorded),
        "statuses": ReportedStatus.choices,
    }


@read_only
@login_required
def tracker(request, slug):
    agency, role = member_agency(request, slug)
    return render(
        request,
        "agencies/tracker.html",
        {
            "agency": agency,
            "role": role,
            "saved": request.GET.get("saved", ""),
            **_tracker_context(agency),
        },
    )


def _tracker_recommendation(slug):
    key = Recommendation.key_from_slug(slug)
    if key is None:
        raise Http404("No recommendation has that key.")
    return get_object_or_404(Recommendation.objects.published(), key=key)


@login_required
def tracker_edit(request, slug, recommendation):
    agency, _role = member_agency(request, slug, coordinator=True)
    recommendation = _tracker_recommendation(recommendation)
    entry = TrackerEntry.objects.filter(agency=agency, recommendation=recommendation).first()
    form = TrackerEntryForm(
        request.POST or None,
        instance=entry or TrackerEntry(agency=agency, recommendation=recommendation),
        initial={"reviewed_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        saved.updated_by = request.user
        saved.save()
        messages.success(request, f"Saved the status of {recommendation.key}.")
        # Back to the item just saved, in its group, opened (the others stay folded).
        tracker_url = reverse("agencies:tracker", args=[agency.slug])
        return redirect(f"{tracker_url}?saved={recommendation.slug}#item-{recommendation.slug}")
    history = entry.history.select_related("history_user") if entry else []
    return render(
        request,
        "agencies/tracker_edit.html",
        {"agency": agency, "recommendation": recommendation, "form": form, "history": history},
    )


@login_required
@require_POST
def tracker_publish(request, slug):
    agency, _role = member_agency(request, slug, coordinator=True)
    if request.POST.get("publish") != "1":
        agency.tracker_published_at = None
        agency.save(update_fields=["tracker_published_at"])
        messages.success(request, "The tracker is now visible to members only.")
        return redirect("agencies:tracker", slug=agency.slug)
    try:
        agency.publish_tracker()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages) + " The tracker is still private.")
    else:
        messages.success(request, "The tracker is now public.")
    return redirect("agencies:tracker", slug=agency.slug)


def _readable_tracker(request, slug):
    agency = get_object_or_404(Agency, slug=slug)
    if not agency.tracker_is_published and agency.role_of(request.user) is None:
        raise Http404("No such agency page.")
    return agency


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
    for row in _tracker_rows(_recommendations_with_entries(agency)):
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
    recommendations = _recommendations_with_entries(agency)
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


@read_only
def agency_list(request):
    """Agencies that have published their implementation tracker."""
    agencies = Agency.objects.filter(tracker_published_at__isnull=False).order_by("state", "name")
    return render(request, "agencies/agency_list.html", {"agencies": agencies})


@read_only
def agency_detail(request, slug):
    """The agency's public record; until it publishes, only its members know it is here."""
    agency = _readable_tracker(request, slug)
    context = {"agency": agency, "role": agency.role_of(request.user)}
    context.update(_tracker_context(agency))
    context["chart"] = chart(context["groups"])
    return render(request, "agencies/agency_detail.html", context)


@read_only
@login_required
def agency_preview(request, slug):
    """Exactly what the public page shows, for members, before or after publishing."""
    agency, _role = member_agency(request, slug)
    context = {"agency": agency, "role": None, "preview": True}
    context.update(_tracker_context(agency))
    context["chart"] = chart(context["groups"])
    return render(request, "agencies/agency_detail.html", context)
