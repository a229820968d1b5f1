import csv
from collections import Counter

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.http import Http404, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from recommendations.models import Chapter, Pillar, Recommendation, SearchEntry

from . import throttle
from .forms import (
    BookmarkNoteForm,
    CollectionForm,
    DeleteAccountForm,
    InvitationForm,
    ProfileForm,
    SignUpForm,
    TrackerEntryForm,
)
from .models import (
    Agency,
    Bookmark,
    Collection,
    Invitation,
    Membership,
    Role,
    Status,
    TrackerEntry,
)

# --- Accounts --------------------------------------------------------------------------


class LoginView(auth_views.LoginView):
    """Django's login, slowed down and then locked after repeated failures."""

    def post(self, request, *args, **kwargs):
        username = request.POST.get("username", "")
        wait = throttle.wait_seconds(request, username)
        if wait:
            # Trying again too soon counts too, so hammering reaches the lock sooner.
            throttle.record_failure(request, username)
            form = self.get_form()
            form.errors.clear()
            form.add_error(
                None,
                f"Too many failed sign-in attempts. Please wait {wait} seconds and try again.",
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        throttle.record_failure(self.request, self.request.POST.get("username", ""))
        return super().form_invalid(form)

    def form_valid(self, form):
        throttle.clear(self.request, form.get_user().get_username())
        return super().form_valid(form)


def signup(request):
    if request.user.is_authenticated:
        return redirect("agencies:me")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, "Welcome. Your account is ready.")
        return redirect(_safe_next(request, reverse("agencies:me")))
    return render(request, "registration/signup.html", {"form": form})


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your profile is saved.")
        return redirect("agencies:profile")
    return render(request, "agencies/profile.html", {"form": form})


@login_required
def delete_account(request):
    form = DeleteAccountForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        # Bookmarks, collections and memberships go with the account; tracker
        # history keeps the change but no longer names the person.
        user.delete()
        messages.success(request, "Your account and your private data have been deleted.")
        return redirect("home")
    return render(request, "agencies/delete_account.html", {"form": form})


def _safe_next(request, default):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


# --- Bookmarks and collections ---------------------------------------------------------


def describe(keys):
    """Title, type and page of each bookmarked key, from the search index (one query)."""
    entries = {
        e["key"]: e
        for e in SearchEntry.objects.filter(
            key__in=[k for k in keys if not k.startswith("search:")]
        ).values("key", "title", "type", "url")
    }
    described = {}
    for key in keys:
        if key.startswith("search:"):
            query = key.removeprefix("search:")
            params = QueryDict(query)
            filters = ", ".join(f"{k}: {v}" for k, v in params.items() if k != "q")
            title = f"Search: {params.get('q', '')}" + (f" ({filters})" if filters else "")
            described[key] = {"title": title, "type": "search", "url": f"/search/?{query}"}
        else:
            described[key] = entries.get(key, {"title": key, "type": "removed", "url": ""})
    return described


def _attach(bookmarks):
    bookmarks = list(bookmarks)
    described = describe([b.key for b in bookmarks])
    for bookmark in bookmarks:
        bookmark.item = described[bookmark.key]
    return bookmarks


@login_required
def me(request):
    collections = list(
        Collection.objects.readable_by(request.user).select_related("agency", "owner")
    )
    bookmarks = Bookmark.objects.of(request.user).prefetch_related("collections")
    chosen_collection = request.GET.get("collection", "")
    if chosen_collection:
        if chosen_collection not in {str(c.pk) for c in collections}:
            raise Http404("No such collection.")
        bookmarks = bookmarks.filter(collections__pk=chosen_collection)
    bookmarks = _attach(bookmarks)
    types = sorted({b.item["type"] for b in bookmarks})
    chosen_type = request.GET.get("type", "")
    if chosen_type:
        bookmarks = [b for b in bookmarks if b.item["type"] == chosen_type]
    return render(
        request,
        "agencies/me.html",
        {
            "bookmarks": bookmarks,
            "collections": collections,
            "memberships": request.user.memberships.select_related("agency"),
            "types": types,
            "chosen_type": chosen_type,
            "chosen_collection": chosen_collection,
        },
    )


def _bookmark_key(request):
    key = request.POST.get("key", "").strip()
    if "\x00" in key:  # PostgreSQL text cannot hold NUL, and no key contains one
        return None
    if key.startswith("search:"):
        return key if len(key) <= 500 else None
    return key if SearchEntry.objects.filter(key=key).exists() else None


@login_required
@require_POST
def toggle_bookmark(request):
    """Add or remove a bookmark; a double submit still leaves exactly one."""
    key = _bookmark_key(request)
    if key is None:
        return render(request, "400.html", status=400)
    action = request.POST.get("action", "add")
    if action == "remove":
        Bookmark.objects.filter(user=request.user, key=key).delete()
        messages.success(request, "Bookmark removed.")
    else:
        try:
            with transaction.atomic():
                bookmark, created = Bookmark.objects.get_or_create(user=request.user, key=key)
        except IntegrityError:
            bookmark, created = Bookmark.objects.get(user=request.user, key=key), False
        note = request.POST.get("note", "").replace("\x00", "").strip()[:2000]
        if note:
            bookmark.note = note
            bookmark.save(update_fields=["note"])
        collection_id = request.POST.get("collection", "")
        if collection_id.isdigit():
            collection = (
                Collection.objects.readable_by(request.user).filter(pk=collection_id).first()
            )
            if collection and collection.can_edit(request.user):
                collection.bookmarks.add(bookmark)
        messages.success(request, "Bookmarked." if created else "Already bookmarked.")
    return redirect(_safe_next(request, reverse("agencies:me")))


@login_required
def edit_bookmark(request, pk):
    bookmark = get_object_or_404(Bookmark.objects.of(request.user), pk=pk)
    form = BookmarkNoteForm(request.POST or None, initial={"note": bookmark.note})
    if request.method == "POST" and form.is_valid():
        bookmark.note = form.cleaned_data["note"]
        bookmark.save(update_fields=["note"])
        messages.success(request, "Note saved.")
        return redirect("agencies:me")
    [bookmark] = _attach([bookmark])
    return render(request, "agencies/bookmark_form.html", {"bookmark": bookmark, "form": form})


@login_required
def collection_create(request):
    form = CollectionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        collection = form.save(commit=False)
        collection.owner = request.user
        collection.save()
        messages.success(request, "Collection created.")
        return redirect(collection)
    return render(request, "agencies/collection_form.html", {"form": form})


def _collection(request, pk, edit=False):
    """A collection the user may read (or edit); 404 otherwise, so nothing is disclosed."""
    collection = get_object_or_404(
        Collection.objects.readable_by(request.user).select_related("agency", "owner"), pk=pk
    )
    if edit and not collection.can_edit(request.user):
        raise Http404("No such collection.")
    return collection


@login_required
def collection_detail(request, pk):
    collection = _collection(request, pk)
    can_edit = collection.can_edit(request.user)
    if request.method == "POST":
        if not can_edit:
            raise Http404("No such collection.")
        ids = [i for i in request.POST.getlist("bookmark") if i.isdigit()]
        if request.POST.get("action") == "remove":
            collection.bookmarks.remove(*collection.bookmarks.filter(pk__in=ids))
            messages.success(request, "Removed from the collection. The bookmarks are kept.")
        else:
            collection.bookmarks.add(*Bookmark.objects.of(request.user).filter(pk__in=ids))
            messages.success(request, "Added to the collection.")
        return redirect(collection)
    items = _attach(collection.bookmarks.select_related("user"))
    addable = []
    if can_edit:
        addable = _attach(Bookmark.objects.of(request.user).exclude(collections=collection))
    return render(
        request,
        "agencies/collection_detail.html",
        {"collection": collection, "items": items, "can_edit": can_edit, "addable": addable},
    )


@login_required
def collection_edit(request, pk):
    collection = _collection(request, pk, edit=True)
    form = CollectionForm(request.POST or None, instance=collection, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Collection saved.")
        return redirect(collection)
    return render(
        request, "agencies/collection_form.html", {"form": form, "collection": collection}
    )


@login_required
def collection_delete(request, pk):
    collection = _collection(request, pk, edit=True)
    if request.method == "POST":
        collection.delete()
        messages.success(
            request, f"Deleted the collection “{collection.name}”. Its bookmarks are kept."
        )
        return redirect("agencies:me")
    return render(request, "agencies/collection_confirm_delete.html", {"collection": collection})


@login_required
def collection_csv(request, pk):
    collection = _collection(request, pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="collection-{collection.pk}.csv"'
    writer = csv.writer(response)
    writer.writerow(["key", "type", "title", "url", "note", "bookmarked by"])
    for bookmark in _attach(collection.bookmarks.select_related("user")):
        url = request.build_absolute_uri(bookmark.item["url"]) if bookmark.item["url"] else ""
        note = bookmark.note if bookmark.user_id == request.user.pk else ""
        writer.writerow(
            [
                bookmark.key,
                bookmark.item["type"],
                bookmark.item["title"],
                url,
                note,
                bookmark.user.get_username(),
            ]
        )
    return response


@login_required
def collection_print(request, pk):
    collection = _collection(request, pk)
    items = _attach(collection.bookmarks.select_related("user"))
    return render(
        request, "agencies/collection_print.html", {"collection": collection, "items": items}
    )


# --- Agencies and members -----------------------------------------------------------------


def _member_agency(request, slug, coordinator=False):
    """An agency the user belongs to (as coordinator if asked); 404 otherwise."""
    agency = get_object_or_404(Agency, slug=slug)
    role = agency.role_of(request.user)
    if role is None or (coordinator and role != Role.COORDINATOR):
        raise Http404("No such agency page.")
    return agency, role


def agency_list(request):
    """Agencies that have published their implementation tracker."""
    agencies = Agency.objects.filter(tracker_published_at__isnull=False).order_by("state", "name")
    return render(request, "agencies/agency_list.html", {"agencies": agencies})


def agency_detail(request, slug):
    agency = get_object_or_404(Agency, slug=slug)
    role = agency.role_of(request.user)
    context = {"agency": agency, "role": role}
    if agency.tracker_is_published or role:
        context.update(_tracker_context(agency))
    return render(request, "agencies/agency_detail.html", context)


@login_required
def members(request, slug):
    agency, role = _member_agency(request, slug, coordinator=True)
    form = InvitationForm(request.POST or None, agency=agency)
    if request.method == "POST" and form.is_valid():
        invitation, token = Invitation.issue(
            agency, form.cleaned_data["email"], form.cleaned_data["role"], request.user
        )
        link = request.build_absolute_uri(reverse("agencies:accept_invitation", args=[token]))
        send_mail(
            f"You are invited to join {agency.name} on Common Ground",
            f"{request.user.get_full_name() or request.user.get_username()} invited you to join "
            f"{agency.name} on Common Ground as a {invitation.get_role_display().lower()}.\n\n"
            f"Accept the invitation here (it works once, until "
            f"{invitation.expires_at:%B %d, %Y}):\n{link}\n",
            None,
            [invitation.email],
        )
        messages.success(request, f"Invitation sent to {invitation.email}.")
        return redirect("agencies:members", slug=agency.slug)
    return render(
        request,
        "agencies/members.html",
        {
            "agency": agency,
            "form": form,
            "memberships": agency.memberships.select_related("user"),
            "invitations": agency.invitations.usable(),
        },
    )


@login_required
@require_POST
def change_member(request, slug, pk):
    agency, _role = _member_agency(request, slug, coordinator=True)
    membership = get_object_or_404(agency.memberships, pk=pk)
    action = request.POST.get("action")
    name = membership.user.get_username()
    demotes_last_coordinator = (
        action in ("remove", Role.MEMBER)
        and membership.role == Role.COORDINATOR
        and agency.memberships.filter(role=Role.COORDINATOR).count() == 1
    )
    if demotes_last_coordinator:
        messages.error(request, "An agency needs at least one coordinator. Name another first.")
    elif action == "remove":
        membership.delete()
        messages.success(request, f"Removed {name} from {agency.name}.")
    elif action in Role.values:
        membership.role = action
        membership.save(update_fields=["role"])
        messages.success(request, f"{name} is now a {membership.get_role_display().lower()}.")
    else:
        messages.error(request, "Unknown action.")
    return redirect("agencies:members", slug=agency.slug)


@login_required
def accept_invitation(request, token):
    invitation = Invitation.objects.select_related("agency").get_by_token(token)
    if invitation is None:
        return render(request, "agencies/invitation_invalid.html", status=404)
    if request.method == "POST":
        with transaction.atomic():
            # Lock the row so two clicks cannot both use the invitation.
            invitation = (
                Invitation.objects.select_for_update().usable().filter(pk=invitation.pk).first()
            )
            if invitation is None:
                return render(request, "agencies/invitation_invalid.html", status=404)
            membership, created = Membership.objects.get_or_create(
                user=request.user, agency=invitation.agency, defaults={"role": invitation.role}
            )
            invitation.accepted_at = timezone.now()
            invitation.save(update_fields=["accepted_at"])
        messages.success(request, f"You are now a member of {invitation.agency.name}.")
        return redirect(invitation.agency)
    return render(request, "agencies/invitation_accept.html", {"invitation": invitation})


# --- Implementation tracker ---------------------------------------------------------------


def _tracker_context(agency):
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
        )
    )
    entries = {e.recommendation_id: e for e in agency.tracker_entries.select_related("updated_by")}
    for recommendation in recommendations:
        recommendation.entry = entries.get(recommendation.pk)
        if recommendation.entry:
            recommendation.entry.recommendation = recommendation
    groups = []
    for pillar in Pillar.objects.all():
        items = [r for r in recommendations if r.pillar_id == pillar.pk]
        groups.append(_progress(f"Pillar {pillar.number}: {pillar.name}", items))
    overarching = [r for r in recommendations if r.key.startswith("TF-0.")]
    groups.insert(0, _progress("Overarching", overarching))
    for chapter in Chapter.objects.all():
        items = [r for r in recommendations if r.chapter_id == chapter.pk]
        groups.append(_progress(f"New Era chapter {chapter.number}: {chapter.title}", items))
    recorded = sorted(entries.values(), key=lambda e: e.updated_at, reverse=True)
    return {
        "groups": groups,
        "recent": recorded[:10],
        "stale": [e for e in recorded if e.needs_review],
        "entries_count": len(entries),
        "statuses": Status.choices,
    }


def _progress(label, recommendations):
    counts = Counter(r.entry.status if r.entry else Status.NOT_STARTED for r in recommendations)
    total = len(recommendations)
    implemented = counts[Status.IMPLEMENTED]
    return {
        "label": label,
        "recommendations": recommendations,
        "total": total,
        "counts": [(label, counts[value]) for value, label in Status.choices],
        "implemented": implemented,
        "percent": round(100 * implemented / total) if total else 0,
    }


@login_required
def tracker(request, slug):
    agency, role = _member_agency(request, slug)
    return render(
        request,
        "agencies/tracker.html",
        {"agency": agency, "role": role, **_tracker_context(agency)},
    )


def _tracker_recommendation(slug):
    key = Recommendation.key_from_slug(slug)
    if key is None:
        raise Http404("No recommendation has that key.")
    return get_object_or_404(Recommendation.objects.published(), key=key)


@login_required
def tracker_edit(request, slug, recommendation):
    agency, _role = _member_agency(request, slug, coordinator=True)
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
        return redirect("agencies:tracker", slug=agency.slug)
    history = entry.history.select_related("history_user") if entry else []
    return render(
        request,
        "agencies/tracker_edit.html",
        {"agency": agency, "recommendation": recommendation, "form": form, "history": history},
    )


@login_required
@require_POST
def tracker_publish(request, slug):
    agency, _role = _member_agency(request, slug, coordinator=True)
    publish = request.POST.get("publish") == "1"
    agency.tracker_published_at = timezone.now() if publish else None
    agency.save(update_fields=["tracker_published_at"])
    messages.success(
        request,
        "The tracker is now public." if publish else "The tracker is now visible to members only.",
    )
    return redirect("agencies:tracker", slug=agency.slug)


def _readable_tracker(request, slug):
    agency = get_object_or_404(Agency, slug=slug)
    if not agency.tracker_is_published and agency.role_of(request.user) is None:
        raise Http404("No published tracker.")
    return agency


TRACKER_COLUMNS = ["key", "title", "status", "explanation", "evidence", "reviewed_on", "updated_at"]


def _tracker_rows(agency):
    for entry in agency.tracker_entries.select_related("recommendation"):
        yield {
            "key": entry.recommendation.key,
            "title": entry.recommendation.title,
            "status": entry.status,
            "explanation": entry.explanation,
            "evidence": entry.evidence_list,
            "reviewed_on": entry.reviewed_on.isoformat(),
            "updated_at": entry.updated_at.isoformat(),
        }


def tracker_csv(request, slug):
    agency = _readable_tracker(request, slug)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{agency.slug}-tracker.csv"'
    writer = csv.DictWriter(response, fieldnames=TRACKER_COLUMNS)
    writer.writeheader()
    for row in _tracker_rows(agency):
        writer.writerow({**row, "evidence": " ".join(row["evidence"])})
    return response


def tracker_api(request, slug):
    agency = get_object_or_404(Agency, slug=slug)
    if not agency.tracker_is_published:
        return JsonResponse({"error": "No published tracker for this agency."}, status=404)
    return JsonResponse(
        {
            "agency": {"slug": agency.slug, "name": agency.name, "state": agency.state},
            "published_at": agency.tracker_published_at.isoformat(),
            "note": "The agency reports its own status; Common Ground does not verify it.",
            "entries": list(_tracker_rows(agency)),
        }
    )
