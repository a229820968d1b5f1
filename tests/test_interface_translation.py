"""Text made in Python follows the reader's language, kept parts are kept per language, and
the search index stays in English whatever language changed the content.

The Spanish catalogue is not part of the code base (the translators' .po files are merged
apart), so a pseudo-language stands in for it: every message comes back in brackets, and
text that did not go through gettext shows up without them.
"""

import gettext

import pytest
from django.utils import timezone, translation
from django.utils.translation import trans_real

from agencies import national, rendered
from agencies.models import TrackerEntry
from agencies.progress import tracker_of
from agencies.views.public import _record
from recommendations import search
from recommendations.models import Recommendation, SearchEntry, StakeholderAction
from recommendations.search.entries import stakeholder_action_entries

from .factories import make_agency, make_user

pytestmark = pytest.mark.django_db


class Bracketed(gettext.NullTranslations):
    def gettext(self, message):
        return f"[{message}]"

    def ngettext(self, singular, plural, n):
        return f"[{singular if n == 1 else plural}]"

    def to_language(self):
        return "es"


@pytest.fixture
def bracketed(monkeypatch):
    """Run the test's `with bracketed:` blocks in the pseudo-language, registered as "es"."""
    monkeypatch.setitem(trans_real._translations, "es", Bracketed())
    return translation.override("es")


@pytest.fixture
def agency():
    agency = make_agency(coordinator=make_user("alice"))
    TrackerEntry.objects.create(
        agency=agency,
        recommendation=Recommendation.objects.get(key="NE-4.1"),
        status="implemented",
        evidence_links="https://example.org/policy",
        reviewed_on=timezone.localdate(),
    )
    agency.publish_tracker()
    return agency


def test_tracker_rows_are_made_in_the_readers_language(agency, bracketed):
    with bracketed:
        group = next(g for g in tracker_of(agency)["groups"] if g.anchor == "chapter-4")
        rows = rendered.tracker_rows(group.recommendations, coordinator=True)
        items = rendered.record_items(group.recommendations)
    assert group.label == "[New Era chapter 4: The Use of Force]"
    assert "<td>[Implemented]</td>" in rows and "<td>[Not recorded]</td>" in rows
    assert ">[Check NE-4.1]</label>" in rows and ">[Update]<span" in rows
    assert "<p>[Evidence: " in items and "[(reviewed " in items


def test_the_public_record_is_kept_once_per_language(agency, bracketed):
    english = _record(agency)
    with bracketed:
        spanish = _record(agency)
        keys = rendered.record_key(agency), national.key("", "")
    assert "[Pillar 1: " in spanish and "[Pillar 1: " not in english
    assert _record(agency) == english  # the Spanish record did not replace the English one
    assert keys != (rendered.record_key(agency), national.key("", ""))


def test_the_english_index_stays_english_whatever_language_changed_the_content(bracketed):
    action = StakeholderAction.objects.filter(stakeholder="community").first()
    with bracketed:
        assert search.update_items([action])
        [spanish] = stakeholder_action_entries(StakeholderAction.objects.filter(pk=action.pk))
    english = SearchEntry.objects.get(key=action.key)
    assert english.context.startswith("Implementation Guide: Communities")
    assert spanish.context.startswith("[Implementation Guide: ")
