"""/me/, the signed-in home (agencies/shelf.py): read in three queries whatever the person
keeps, its cards made in Python with the HTML the template's loop made, and every change
shown at once, since nothing of it is kept."""

import re

import pytest
from django.template import Context, Template
from django.utils import timezone
from django.utils.dateformat import format as date_format

from agencies.joining import JoinRequest
from agencies.models import AgencyRequest, Bookmark, Collection, Membership
from agencies.shelf import bookmark_cards, home_of, type_names

from .factories import client_for, make_agency, make_user

pytestmark = pytest.mark.django_db

# The loop the cards were drawn with before they were made in Python, as it was.
TEMPLATE_LOOP = (
    "{% for bookmark in bookmarks %}\n"
    '        <li class="card">\n'
    '          <p class="card-meta"><span class="key">{{ bookmark.key|truncatechars:60 }}</span>'
    " · {{ bookmark.item.type }}</p>\n"
    '          <h3 class="card-title">{% if bookmark.item.url %}<a href="{{ bookmark.item.url }}">'
    "{{ bookmark.item.title }}</a>{% else %}{{ bookmark.item.title }} (no longer published)"
    "{% endif %}</h3>\n"
    '          {% if bookmark.note %}<p class="note">{{ bookmark.note }}</p>{% endif %}\n'
    "          <p><a href=\"{% url 'agencies:edit_bookmark' bookmark.pk %}\">Edit note</a>"
    '{% for c in bookmark.in_collections %} · in <a href="{{ c.get_absolute_url }}">{{ c.name }}'
    "</a>{% endfor %}</p>\n"
    "        </li>\n"
    "        {% endfor %}"
)
KEYS = [
    "NE-3.2",
    "TF-1.1",
    "program:cri-tac",
    "NE-99.99",  # no longer in the index: unpublished or removed
    "search:q=body+cams&pillar=2",
    "search:q=<script>&topic=a%26b",
    "search:q=" + "x" * 120,  # longer than the 60 characters a card shows
]


def test_the_cards_are_the_html_the_template_made():
    from agencies.views.bookmarks import describe  # the views, once Django's forms are ready

    alice = make_user("alice")
    kept = [
        Bookmark.objects.create(user=alice, key=key, note='Ask the <chief> & "team"' * (i % 2))
        for i, key in enumerate(KEYS)
    ]
    for name, held in [("Stops & <searches>", kept[:4]), ("Board", kept[2:]), ("Board", kept[:1])]:
        Collection.objects.create(owner=alice, name=name).bookmarks.add(*held)
    expected = list(Bookmark.objects.of(alice).order_by("-created_at", "pk"))
    described = describe([b.key for b in expected])
    for bookmark in expected:
        bookmark.item = described[bookmark.key]
        bookmark.in_collections = list(bookmark.collections.order_by("name", "pk"))
    template_made = Template(TEMPLATE_LOOP).render(Context({"bookmarks": expected}))

    found = home_of(alice)["bookmarks"]
    names = type_names({b.item["type"] for b in found})
    assert str(bookmark_cards(found, names)) == template_made
    assert [b.pk for b in found] == [b.pk for b in expected]
    assert "(no longer published)" in template_made and "&lt;script&gt;" in template_made


def test_the_collections_are_those_readable_by_the_person(alice, bob, outsider, agency):
    other = make_agency("Shelbyville Police Department", coordinator=outsider)
    Collection.objects.create(owner=alice, name="Alice private")
    Collection.objects.create(owner=alice, name="Alice shared", agency=agency)
    Collection.objects.create(owner=bob, name="Bob shared", agency=agency)
    Collection.objects.create(owner=outsider, name="Outsider shared", agency=other)
    Collection.objects.create(owner=outsider, name="Outsider private")

    def agree():
        for person in (alice, bob, outsider):
            listed = [c.pk for c in home_of(person)["collections"]]
            readable = Collection.objects.readable_by(person).order_by("name", "pk")
            assert listed == list(readable.values_list("pk", flat=True)), person

    agree()
    assert [c.name for c in home_of(bob)["collections"]] == ["Alice shared", "Bob shared"]
    Membership.objects.filter(user=bob).delete()  # leaving ends access on either side
    agree()
    assert [c.name for c in home_of(alice)["collections"]] == ["Alice private", "Alice shared"]


def test_requests_and_agencies_read_as_before(alice, agency):
    other = make_agency("Shelbyville Police Department")
    asked = timezone.now()
    JoinRequest.objects.create(user=alice, agency=other, title="Chief")
    requests = {
        "pending": {},
        "rejected": {"reason": "Not a <police> agency.", "decided_at": asked},
        "merged": {"agency": other, "decided_at": asked},
        "approved": {"agency": agency, "decided_at": asked},
    }
    for decision, fields in requests.items():
        AgencyRequest.objects.create(
            requested_by=alice, name=f"{decision} PD", kind="municipal", state="IL",
            title="Chief", decision=decision, **fields,
        )  # fmt: skip
    page = client_for(alice).get("/me/").text
    day = date_format(timezone.localtime(asked), "F j, Y")
    assert (
        '<li><a href="/agencies/springfield-police-department/">Springfield Police Department</a>'
        ' (Coordinator) · <a href="/agencies/springfield-police-department/tracker/">'
        'Implementation tracker</a> · <a href="/agencies/springfield-police-department/members/">'
        "Members and invitations</a></li>"
    ) in page
    assert (
        f"<li>pending PD (IL), asked on {day}: Waiting for review (we email you the decision)</li>"
        in page
    )
    assert (
        f"<li>rejected PD (IL), asked on {day}: Rejected. Reason: Not a &lt;police&gt; agency.</li>"
        in page
    )
    assert (
        f"<li>merged PD (IL), asked on {day}: Merged into an existing agency; your request to join "
        "Shelbyville Police Department went to its coordinators</li>"
    ) in page
    assert (
        f'<li>approved PD (IL), asked on {day}: Approved: <a href="/agencies/'
        'springfield-police-department/tracker/">Springfield Police Department</a></li>'
    ) in page
    assert (
        f"<li>Shelbyville Police Department, asked on {day}: Waiting for a coordinator"
        " (we email you when a coordinator answers)</li>"
    ) in page


def test_the_page_costs_three_queries_however_much_is_kept(django_assert_num_queries, agency):
    alice = agency.memberships.get(role="coordinator").user
    reader = client_for(alice)
    with django_assert_num_queries(3):  # the session, the user, everything the page shows
        reader.get("/me/")
    kept = [Bookmark.objects.create(user=alice, key=key) for key in KEYS]
    for n in range(5):
        Collection.objects.create(owner=alice, name=f"C{n}", agency=agency).bookmarks.add(*kept)
        AgencyRequest.objects.create(
            requested_by=alice, name=f"A{n}", kind="municipal", state="IL", title="Chief"
        )
        JoinRequest.objects.create(user=alice, agency=make_agency(f"Agency {n}"), title="Chief")
    with django_assert_num_queries(3):
        page = reader.get("/me/").text
    assert page.count('<li class="card">') == len(KEYS)
    assert page.count(" · in <a ") == len(KEYS) * 5
    collection = Collection.objects.get(name="C3")
    with django_assert_num_queries(3):
        assert reader.get(f"/me/?collection={collection.pk}&type=search").status_code == 200


def test_every_change_shows_at_once(alice, bob, agency):
    reader = client_for(bob)
    cards = lambda: re.findall(r'<li class="card">.*?</li>', reader.get("/me/").text, re.S)  # noqa: E731
    reader.post("/me/bookmarks/toggle/", {"key": "NE-3.2", "note": "First"})
    assert len(cards()) == 1 and "First" in cards()[0]
    bookmark = Bookmark.objects.get(user=bob)
    reader.post(f"/me/bookmarks/{bookmark.pk}/", {"note": "Second"})
    assert "Second" in cards()[0] and "First" not in cards()[0]
    collection = Collection.objects.create(owner=bob, name="Briefing", agency=agency)
    reader.post(f"/collections/{collection.pk}/", {"bookmark": [bookmark.pk]})
    assert f'in <a href="/collections/{collection.pk}/">Briefing</a>' in cards()[0]
    coordinator = client_for(alice)  # may change what a colleague shares with the agency
    coordinator.post(f"/collections/{collection.pk}/edit/", {"name": "Board briefing"})
    assert "Board briefing</a>" in cards()[0]
    assert "Board briefing</a> <span" in coordinator.get("/me/").text
    Membership.objects.filter(user=bob).delete()
    assert "You do not belong to an agency yet." in reader.get("/me/").text
    assert "Board briefing" not in coordinator.get("/me/").text
    reader.post("/me/bookmarks/toggle/", {"key": "NE-3.2", "action": "remove"})
    assert cards() == []
