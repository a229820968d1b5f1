"""A signed-in person's home, /me/: everything it shows, read in one statement, and its
bookmark cards made in Python.

/me/ is about one reader, so no shared cache can serve it (ADR 12). Profiled with 30
bookmarks, its time went to the template engine drawing the cards (a lookup per variable,
a filter, a {% url %} each, about half the time) and to seven queries after the session
and the user, each costing more to build through the ORM than to run. Everything the page
shows now comes in one statement written by hand (``HOME``), and the cards are made here,
every value escaped, the same HTML as the template's loop made.
"""

import json
from dataclasses import dataclass
from datetime import datetime
from html import escape  # Django's escape, without its check for lazy text: hundreds a page

from django.db import connection
from django.http import QueryDict
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext, pgettext_lazy

from recommendations.urls_cache import item_url

from .joining import JoinRequest
from .models import Agency, Collection, Membership, User
from .registration import AgencyRequest

# Each list as JSON, so that one statement brings everything the page shows. The
# collections are those CollectionQuerySet.readable_by() gives (tests/test_me_page.py checks
# they agree): the person's own, and those shared with an agency that both the person and
# the owner are in. The bookmarks come newest first, each with its item from the search
# index (none for a search or a removed item) and the collections it is in, by name.
HOME = """
SELECT
  (SELECT json_agg(json_build_object('role', m.role, 'name', a.name, 'slug', a.slug)
                   ORDER BY a.name, a.id)
     FROM agencies_membership m JOIN agencies_agency a ON a.id = m.agency_id
    WHERE m.user_id = %(person)s),
  (SELECT json_agg(json_build_object('name', r.name, 'created_at', r.created_at,
                                     'outcome', r.outcome) ORDER BY r.created_at DESC, r.id)
     FROM (SELECT j.id, a.name, j.created_at, j.outcome
             FROM agencies_joinrequest j JOIN agencies_agency a ON a.id = j.agency_id
            WHERE j.user_id = %(person)s ORDER BY j.created_at DESC, j.id LIMIT 10) r),
  (SELECT json_agg(json_build_object('name', r.name, 'state', r.state, 'created_at',
                   r.created_at, 'decision', r.decision, 'reason', r.reason,
                   'agency_name', r.agency_name, 'agency_slug', r.agency_slug)
                   ORDER BY r.created_at DESC, r.id)
     FROM (SELECT q.id, q.name, q.state, q.created_at, q.decision, q.reason,
                  a.name AS agency_name, a.slug AS agency_slug
             FROM agencies_agencyrequest q LEFT JOIN agencies_agency a ON a.id = q.agency_id
            WHERE q.requested_by_id = %(person)s ORDER BY q.created_at DESC, q.id LIMIT 10) r),
  (SELECT json_agg(json_build_object('id', c.id, 'name', c.name, 'owner_id', c.owner_id,
                   'owner', o.username, 'agency', a.name) ORDER BY c.name, c.id)
     FROM agencies_collection c JOIN agencies_user o ON o.id = c.owner_id
     LEFT JOIN agencies_agency a ON a.id = c.agency_id
    WHERE c.owner_id = %(person)s
       OR (EXISTS (SELECT FROM agencies_membership m
                    WHERE m.agency_id = c.agency_id AND m.user_id = %(person)s)
           AND EXISTS (SELECT FROM agencies_membership m
                        WHERE m.agency_id = c.agency_id AND m.user_id = c.owner_id))),
  (SELECT json_agg(json_build_array(b.id, b.key, b.note, e.title, e.type, e.url,
            (SELECT json_agg(json_build_array(c.id, c.name) ORDER BY c.name, c.id)
               FROM agencies_collection_bookmarks cb
               JOIN agencies_collection c ON c.id = cb.collection_id
              WHERE cb.bookmark_id = b.id))
          ORDER BY b.created_at DESC, b.id)
     FROM agencies_bookmark b LEFT JOIN recommendations_searchentry e ON e.key = b.key
    WHERE b.user_id = %(person)s)
"""

# What each kind of saved item is called on its card and in the filter; the keys are the
# search index's types (and the filter's values), which stay the same in every language.
TYPE_NAMES = {
    "recommendation": pgettext_lazy("type of a saved item", "recommendation"),
    "action-item": pgettext_lazy("type of a saved item", "action-item"),
    "stakeholder-action": pgettext_lazy("type of a saved item", "stakeholder-action"),
    "program": pgettext_lazy("type of a saved item", "program"),
    "pillar": pgettext_lazy("type of a saved item", "pillar"),
    "topic": pgettext_lazy("type of a saved item", "topic"),
    "glossary": pgettext_lazy("type of a saved item", "glossary"),
    "search": pgettext_lazy("type of a saved item", "search"),
    "removed": pgettext_lazy("type of a saved item", "removed"),
}


def type_names(kinds):
    """{type: its name in the reader's language}, for the types on this page."""
    return {kind: str(TYPE_NAMES.get(kind, kind)) for kind in kinds}


# A pk no row has, reversed once and split: the address of any pk without reverse() each.
_ANY_PK = 2147483647


def address_of(name, pk):
    """reverse(name, args=[pk]), from the address of one pk reversed once per process."""
    head, _, tail = item_url(name, _ANY_PK).rpartition(str(_ANY_PK))
    return f"{head}{pk}{tail}"


def _rows(value):
    """A JSON list from PostgreSQL (decoded by psycopg, or text), or [] for none."""
    if isinstance(value, str):
        value = json.loads(value)
    return value or []


def _agency(name, slug=""):
    return Agency(name=name, slug=slug) if name is not None else None


def home_of(person):
    """Everything /me/ shows, in one query: the person's memberships, last ten requests to
    join and to add an agency and the collections they may read (unsaved model instances,
    for the template), and their bookmarks (``Kept``, for their cards)."""
    with connection.cursor() as cursor:
        cursor.execute(HOME, {"person": person.pk})
        memberships, joins, additions, collections, bookmarks = map(_rows, cursor.fetchone())
    return {
        "bookmarks": [
            Kept(pk, key, note, _item(key, title, kind, url), held or [])
            for pk, key, note, title, kind, url, held in bookmarks
        ],
        "memberships": [
            Membership(role=m["role"], agency=_agency(m["name"], m["slug"])) for m in memberships
        ],
        "join_requests": [
            JoinRequest(
                agency=_agency(j["name"]),
                created_at=datetime.fromisoformat(j["created_at"]),
                outcome=j["outcome"],
            )
            for j in joins
        ],
        "agency_requests": [
            AgencyRequest(
                name=r["name"],
                state=r["state"],
                created_at=datetime.fromisoformat(r["created_at"]),
                decision=r["decision"],
                reason=r["reason"],
                agency=_agency(r["agency_name"], r["agency_slug"]),
            )
            for r in additions
        ],
        "collections": [
            Collection(
                pk=c["id"],
                name=c["name"],
                owner=User(pk=c["owner_id"], username=c["owner"]),
                agency=_agency(c["agency"]),
            )
            for c in collections
        ],
    }


def search_item(key):
    """What a saved search is called and where it leads: "Search: q (filter: value)"."""
    query = key.removeprefix("search:")
    params = QueryDict(query)
    filters = ", ".join(f"{k}: {v}" for k, v in params.items() if k != "q")
    words = params.get("q", "")
    if filters:
        title = gettext("Search: %(words)s (%(filters)s)") % {"words": words, "filters": filters}
    else:
        title = gettext("Search: %(words)s") % {"words": words}
    return {"title": title, "type": "search", "url": f"/search/?{query}"}


@dataclass(slots=True)
class Kept:
    """A bookmark as its card shows it: a plain object, since a model instance cost more to
    make than the card (Model.__init__ and its signals, 30 times a page)."""

    pk: int
    key: str
    note: str
    item: dict
    in_collections: list  # [pk, name] of each collection it is in, by name

    def is_in(self, collection_pk):
        return any(pk == collection_pk for pk, _name in self.in_collections)


def _item(key, title, kind, url):
    if key.startswith("search:"):
        return search_item(key)
    if title is None:  # no longer in the search index: unpublished or removed
        return {"title": key, "type": "removed", "url": ""}
    return {"title": title, "type": kind, "url": url}


def bookmark_cards(bookmarks, names):
    """The bookmarks' cards, as the template's loop drew them: key, type (named as in
    ``names``), title and link, note, the link to edit the note and the collections the
    bookmark is in."""
    words = {
        "types": {kind: escape(name) for kind, name in names.items()},
        "edit": escape(gettext("Edit note")),
        "gone": escape(gettext("%(title)s (no longer published)")),
        "in": escape(gettext("in %(collection)s")),
    }
    return mark_safe("".join(_card(bookmark, words) for bookmark in bookmarks))


def _card(bookmark, words):
    item = bookmark.item
    key = bookmark.key if len(bookmark.key) <= 60 else Truncator(bookmark.key).chars(60)
    if item["url"]:
        title = f'<a href="{escape(item["url"])}">{escape(item["title"])}</a>'
    else:
        title = words["gone"] % {"title": escape(item["title"])}
    note = f'<p class="note">{escape(bookmark.note)}</p>' if bookmark.note else ""
    edit = address_of("agencies:edit_bookmark", bookmark.pk)
    collections = "".join(
        " · "
        + words["in"]
        % {"collection": f'<a href="{address_of("agencies:collection_detail", pk)}">'
           f"{escape(name)}</a>"}
        for pk, name in bookmark.in_collections
    )  # fmt: skip
    return (
        '\n        <li class="card">\n'
        f'          <p class="card-meta"><span class="key">{escape(key)}</span> · '
        f"{words['types'][item['type']]}</p>\n"
        f'          <h3 class="card-title">{title}</h3>\n'
        f"          {note}\n"
        f'          <p><a href="{edit}">{words["edit"]}</a>{collections}</p>\n'
        "        </li>\n        "
    )
