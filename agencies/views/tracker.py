"""The implementation tracker: an agency's own account of each recommendation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import prefetch_related_objects
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_POST
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from portal.http import read_only
from recommendations.models import Recommendation

from .. import national
from ..forms import BulkStatusForm, TrackerEntryForm, TrackerFilterForm
from ..models import Status, TrackerEntry
from ..progress import narrowed, tracker_of
from .access import member_agency

FILTERS = ("status", "pillar", "chapter", "review")


@read_only
@login_required
def tracker(request, slug):
    agency, role = member_agency(request, slug)
    context = tracker_of(agency)
    # Who made the recent changes: ten people, not one per entry.
    prefetch_related_objects(context["recent"], "updated_by")
    filters = TrackerFilterForm(
        request.GET or None, pillars=context["pillars"], chapters=context["chapters"]
    )
    shown, others = context["groups"], context["others"]
    if filters.active:
        shown = [narrowed(group, filters.keeps) for group in shown]
        others = narrowed(others, filters.keeps)
    # Groups open as they were: all of them under a filter (the list is short), else those
    # holding what was just saved, the others folded.
    saved = set(request.GET.get("saved", "").split(","))
    opened = set(request.GET.getlist("open"))
    for group in [*shown, others]:
        group.open = filters.active or group.anchor in opened or bool(saved & group.slugs)
    return render(
        request,
        "agencies/tracker.html",
        {
            **context,
            "agency": agency,
            "role": role,
            "filters": filters,
            "shown": shown,
            "shown_others": others,
            "shown_count": sum(g.total for g in [*shown, others]),
            "filter_query": _filter_query(request.GET),
            "bulk": _bulk_controls(),
        },
    )


def _bulk_controls():
    """The bulk form's status and date; its checkboxes are in the tracker's rows."""
    form = BulkStatusForm(slugs=[], initial={"reviewed_on": timezone.localdate()})
    del form.fields["items"]
    return form


def _filter_query(data):
    """The tracker's filters, and only they, as a query string to come back to."""
    kept = QueryDict(mutable=True)
    for name in FILTERS:
        if data.get(name):
            kept[name] = data[name][:20]
    return kept.urlencode()


def _tracker_recommendation(slug):
    key = Recommendation.key_from_slug(slug)
    if key is None:
        raise Http404("No recommendation has that key.")
    return get_object_or_404(Recommendation.objects.published(), key=key)


@login_required
def tracker_edit(request, slug, recommendation):
    agency, _role = member_agency(request, slug, coordinator=True)
    recommendation = _tracker_recommendation(recommendation)
    if request.method == "POST":
        form = _save_entry(request, agency, recommendation)
        if form is None:
            messages.success(
                request,
                gettext("Saved the status of %(key)s.") % {"key": recommendation.key},
            )
            # Back to the item just saved, in its group, opened (the others stay folded).
            tracker_url = reverse("agencies:tracker", args=[agency.slug])
            return redirect(f"{tracker_url}?saved={recommendation.slug}#item-{recommendation.slug}")
    else:
        form = _entry_form(None, agency, recommendation)
    entry = form.instance if form.instance.pk else None
    history = entry.history.select_related("history_user") if entry else []
    return render(
        request,
        "agencies/tracker_edit.html",
        {"agency": agency, "recommendation": recommendation, "form": form, "history": history},
    )


def _entry_form(data, agency, recommendation):
    entry = TrackerEntry.objects.filter(agency=agency, recommendation=recommendation).first()
    return TrackerEntryForm(
        data,
        instance=entry or TrackerEntry(agency=agency, recommendation=recommendation),
        initial={"reviewed_on": timezone.localdate()},
    )


def _save_entry(request, agency, recommendation):
    """Save the entry, or return the form with its errors. The entry is read under the
    agency's lock: a bulk change that created it meanwhile is updated, not inserted twice."""
    with transaction.atomic():
        agency.tracker_changing()
        form = _entry_form(request.POST, agency, recommendation)
        if not form.is_valid():
            transaction.set_rollback(True)  # bad input changes nothing, not even the version
            return form
        saved = form.save(commit=False)
        saved.updated_by = request.user
        saved.save()
    return None


@login_required
@require_POST
def tracker_bulk(request, slug):
    """Set one status, and review date, for every checked item; back to the tracker with
    its filters, and the groups of the changed items open."""
    agency, _role = member_agency(request, slug, coordinator=True)
    recommendations = {
        r.slug: r for r in Recommendation.objects.published().only("key", "pillar", "chapter")
    }
    form = BulkStatusForm(request.POST, slugs=list(recommendations))
    back = reverse("agencies:tracker", args=[agency.slug])
    query = _filter_query(QueryDict(request.POST.get("filters", "")))
    if not form.is_valid():
        errors = [e for field_errors in form.errors.values() for e in field_errors]
        messages.error(request, " ".join([*errors, gettext("Nothing was changed.")]))
        return redirect(f"{back}?{query}#bulk")
    chosen = [recommendations[slug] for slug in form.cleaned_data["items"]]
    count = _set_statuses(agency, chosen, request.user, form.cleaned_data)
    status = Status(form.cleaned_data["new_status"]).label
    done = ngettext(
        "Set %(count)d recommendation to %(status)s.",
        "Set %(count)d recommendations to %(status)s.",
        count,
    )
    messages.success(request, done % {"count": count, "status": status})
    saved = ",".join(r.slug for r in chosen)
    return redirect(f"{back}?{query}{'&' if query else ''}saved={saved}#bulk")


def _set_statuses(agency, recommendations, user, chosen):
    """Create or update an entry for each recommendation, each change kept in the history
    as a single save would keep it; then the national counts, in the same transaction."""
    now = timezone.now()
    values = {"status": chosen["new_status"], "reviewed_on": chosen["reviewed_on"]}
    with transaction.atomic():
        # First the agency's lock (and its tracker's new version: bulk saves send no
        # signals), so that a single save of one of these items waits for this change.
        agency.tracker_changing()
        existing = {
            e.recommendation_id: e
            for e in agency.tracker_entries.select_for_update().filter(
                recommendation__in=recommendations
            )
        }
        for entry in existing.values():
            for name, value in {**values, "updated_by": user, "updated_at": now}.items():
                setattr(entry, name, value)
        fields = [*values, "updated_by", "updated_at"]
        bulk_update_with_history(
            list(existing.values()), TrackerEntry, fields, default_user=user, default_date=now
        )
        new = [
            TrackerEntry(agency=agency, recommendation=r, updated_by=user, **values)
            for r in recommendations
            if r.pk not in existing
        ]
        bulk_create_with_history(new, TrackerEntry, default_user=user, default_date=now)
        if agency.tracker_is_published:
            national.refresh(agency.state, agency.kind, [r.pk for r in recommendations])
    return len(recommendations)


@login_required
@require_POST
def tracker_publish(request, slug):
    agency, _role = member_agency(request, slug, coordinator=True)
    if request.POST.get("publish") != "1":
        agency.tracker_published_at = None
        agency.save(update_fields=["tracker_published_at"])
        messages.success(request, gettext("The tracker is now visible to members only."))
        return redirect("agencies:tracker", slug=agency.slug)
    try:
        agency.publish_tracker()
    except ValidationError as error:
        messages.error(
            request, " ".join([*error.messages, gettext("The tracker is still private.")])
        )
    else:
        messages.success(request, gettext("The tracker is now public."))
    return redirect("agencies:tracker", slug=agency.slug)
