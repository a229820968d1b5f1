"""Bookmarks and collections: what a person saves, and groups they share with an agency."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from portal.csv_export import SafeWriter, csv_response
from portal.http import read_only
from recommendations.models import SearchEntry, Source

from ..forms import BookmarkNoteForm, CollectionForm
from ..models import Bookmark, Collection
from ..shelf import bookmark_cards, home_of, search_item, type_names
from .access import safe_next


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
            described[key] = search_item(key)
        else:
            described[key] = entries.get(key, {"title": key, "type": "removed", "url": ""})
    return described


def _attach(bookmarks):
    bookmarks = list(bookmarks)
    described = describe([b.key for b in bookmarks])
    for bookmark in bookmarks:
        bookmark.item = described[bookmark.key]
    return bookmarks


@read_only
@login_required
def me(request):
    home = home_of(request.user)
    bookmarks = home.pop("bookmarks")
    chosen_collection = request.GET.get("collection", "")
    if chosen_collection:
        if chosen_collection not in {str(c.pk) for c in home["collections"]}:
            raise Http404("No such collection.")
        bookmarks = [b for b in bookmarks if b.is_in(int(chosen_collection))]
    names = type_names(sorted({b.item["type"] for b in bookmarks}))
    chosen_type = request.GET.get("type", "")
    if chosen_type:
        bookmarks = [b for b in bookmarks if b.item["type"] == chosen_type]
    return render(
        request,
        "agencies/me.html",
        {
            **home,
            "bookmarks": bookmarks,
            "bookmark_cards": bookmark_cards(bookmarks, names),
            "types": names.items(),
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
        messages.success(request, gettext("Bookmark removed."))
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
        messages.success(
            request, gettext("Bookmarked.") if created else gettext("Already bookmarked.")
        )
    return redirect(safe_next(request, reverse("agencies:me")))


@login_required
def edit_bookmark(request, pk):
    bookmark = get_object_or_404(Bookmark.objects.of(request.user), pk=pk)
    form = BookmarkNoteForm(request.POST or None, initial={"note": bookmark.note})
    if request.method == "POST" and form.is_valid():
        bookmark.note = form.cleaned_data["note"]
        bookmark.save(update_fields=["note"])
        messages.success(request, gettext("Note saved."))
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
        messages.success(request, gettext("Collection created."))
        return redirect(collection)
    return render(request, "agencies/collection_form.html", {"form": form})


def _collection(request, pk, edit=False, own=False):
    """A collection the user may read (or edit, or, as its owner, share and delete);
    404 otherwise, so nothing is disclosed."""
    collection = get_object_or_404(
        Collection.objects.readable_by(request.user).select_related("agency", "owner"), pk=pk
    )
    if (edit and not collection.can_edit(request.user)) or (
        own and not collection.is_owned_by(request.user)
    ):
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
            messages.success(
                request, gettext("Removed from the collection. The bookmarks are kept.")
            )
        else:
            collection.bookmarks.add(*Bookmark.objects.of(request.user).filter(pk__in=ids))
            messages.success(request, gettext("Added to the collection."))
        return redirect(collection)
    items = _attach(collection.bookmarks.select_related("user"))
    addable = []
    if can_edit:
        addable = _attach(Bookmark.objects.of(request.user).exclude(collections=collection))
    return render(
        request,
        "agencies/collection_detail.html",
        {
            "collection": collection,
            "items": items,
            "can_edit": can_edit,
            "is_owner": collection.is_owned_by(request.user),
            "addable": addable,
        },
    )


@login_required
def collection_edit(request, pk):
    collection = _collection(request, pk, edit=True)
    # Sharing is the owner's choice, among the owner's agencies, whoever edits.
    form = CollectionForm(
        request.POST or None,
        instance=collection,
        user=collection.owner,
        may_share=collection.is_owned_by(request.user),
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, gettext("Collection saved."))
        return redirect(collection)
    return render(
        request, "agencies/collection_form.html", {"form": form, "collection": collection}
    )


@login_required
def collection_delete(request, pk):
    collection = _collection(request, pk, own=True)
    if request.method == "POST":
        collection.delete()
        messages.success(
            request,
            gettext("Deleted the collection “%(name)s”. Its bookmarks are kept.")
            % {"name": collection.name},
        )
        return redirect("agencies:me")
    return render(request, "agencies/collection_confirm_delete.html", {"collection": collection})


@read_only
@login_required
def collection_csv(request, pk):
    collection = _collection(request, pk)
    response = csv_response(f"collection-{collection.pk}.csv")
    writer = SafeWriter(response)
    writer.writerow(["key", "type", "title", "url", "note", "bookmarked by"])
    for bookmark in _attach(collection.bookmarks.select_related("user")):
        url = settings.SITE_URL + bookmark.item["url"] if bookmark.item["url"] else ""
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


@read_only
@login_required
def collection_print(request, pk):
    collection = _collection(request, pk)
    items = _attach(collection.bookmarks.select_related("user"))
    _attach_sources(items)
    return render(
        request,
        "agencies/collection_print.html",
        # Addresses on paper must be the site's own, not whichever host served this page.
        {"collection": collection, "items": items, "site_url": settings.SITE_URL},
    )


def _attach_sources(bookmarks):
    """Each bookmarked item's summary (where the index has one) and source, in two queries."""
    entries = {
        e["key"]: e
        for e in SearchEntry.objects.filter(key__in=[b.key for b in bookmarks]).values(
            "key", "body", "source"
        )
    }
    sources = Source.objects.filter(slug__in={e["source"] for e in entries.values()})
    sources = {s.slug: s for s in sources.only("slug", "title", "date_text")}
    for bookmark in bookmarks:
        entry = entries.get(bookmark.key, {})
        bookmark.summary = entry.get("body", "")
        bookmark.source = sources.get(entry.get("source"))
