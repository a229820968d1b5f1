"""The agency pages' rendered parts are kept, yet every change shows at once: a public record
under its tracker's version, the national figures under a token each tally change replaces."""

import re

import pytest
from django import forms
from django.test import Client
from django.utils import timezone

from agencies import national
from agencies.filters import NationalFilter
from agencies.models import TrackerEntry
from portal import middleware
from recommendations.models import Recommendation

from .factories import client_for

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def save(client, agency, slug, status, explanation=""):
    data = {"status": status, "reviewed_on": TODAY().isoformat(), "explanation": explanation}
    response = client.post(f"/agencies/{agency.slug}/tracker/{slug}/", data)
    assert response.status_code == 302


def record_of(agency):
    return Client().get(f"/agencies/{agency.slug}/")


def test_a_public_record_is_kept_yet_shows_every_change_at_once(
    agency, alice, django_assert_max_num_queries
):
    coordinator = client_for(alice)
    save(coordinator, agency, "ne-4-1", "implemented", "Policy 4.1 adopted.")
    coordinator.post(f"/agencies/{agency.slug}/tracker/publish/", {"publish": "1"})
    assert "Policy 4.1 adopted." in record_of(agency).text
    with django_assert_max_num_queries(1):  # the agency; the record itself is kept
        assert "Policy 4.1 adopted." in record_of(agency).text
    save(coordinator, agency, "ne-4-1", "planned", "Policy 4.1 under review.")
    page = record_of(agency).text
    assert "Policy 4.1 under review." in page and "Policy 4.1 adopted." not in page
    coordinator.post(f"/agencies/{agency.slug}/tracker/bulk/",
                     {"items": ["ne-4-2"], "new_status": "implemented",
                      "reviewed_on": TODAY().isoformat()})  # fmt: skip
    assert "Recorded 2 of" in record_of(agency).text
    TrackerEntry.objects.get(agency=agency, recommendation__key="NE-4.2").delete()  # the admin
    assert "Recorded 1 of" in record_of(agency).text
    coordinator.post(f"/agencies/{agency.slug}/tracker/publish/", {"publish": "0"})
    assert record_of(agency).status_code == 404


def test_a_public_record_shows_a_content_change_at_once(agency, alice):
    recommendation = Recommendation.objects.get(key="NE-4.1")
    TrackerEntry.objects.create(
        agency=agency, recommendation=recommendation, status="implemented", reviewed_on=TODAY()
    )
    agency.publish_tracker()
    assert "Stopped: outdated wording" not in record_of(agency).text
    recommendation.wording = "Stopped: outdated wording."
    recommendation.save()
    middleware.content_changed()  # as when the curator's transaction commits
    assert "Stopped: outdated wording" in record_of(agency).text


def test_national_figures_are_kept_yet_show_a_bulk_change_at_once(
    agency, alice, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    coordinator = client_for(alice)
    save(coordinator, agency, "ne-4-1", "planned")
    coordinator.post(f"/agencies/{agency.slug}/tracker/publish/", {"publish": "1"})

    def implemented(key):
        page = Client().get("/agencies/national/").text
        row = re.search(rf'<span class="key">{re.escape(key)}</span>.*?</th><td>(\d+)<', page)
        return int(row[1])

    assert implemented("NE-4.1") == 0
    with django_assert_max_num_queries(2):  # the token and the agency count: none of 27,000
        assert implemented("NE-4.1") == 0
    token = national.key("", "")
    with django_capture_on_commit_callbacks(execute=True) as replaced:
        coordinator.post(f"/agencies/{agency.slug}/tracker/bulk/",
                         {"items": ["ne-4-1", "ne-4-2"], "new_status": "implemented",
                          "reviewed_on": TODAY().isoformat()})  # fmt: skip
        assert implemented("NE-4.1") == 1 and implemented("NE-4.2") == 1
    assert replaced and national.key("", "") != token  # again, once the change committed


def test_quick_selects_write_what_django_writes():
    """The agency pages' selects are made in Python; the HTML must stay Django's."""

    class Django(forms.Form):
        state = forms.ChoiceField(choices=NationalFilter.base_fields["state"].choices)
        kind = forms.ChoiceField(choices=NationalFilter.base_fields["kind"].choices, label="Kind")
        state.required = kind.required = False

    def spaced(html):
        return re.sub(r"\s+", " ", str(html))

    for data in [None, {"state": "IL", "kind": "sheriff"}, {"state": "ZZ", "kind": "<b>"}]:
        quick, django = NationalFilter(data), Django(data)
        quick.is_valid(), django.is_valid()
        for name in ["state", "kind"]:
            assert spaced(quick[name]) == spaced(django[name])


def test_an_admin_edit_of_an_entry_shows_on_the_public_record_at_once(
    agency, admin_client, admin_user
):
    entry = TrackerEntry.objects.create(
        agency=agency,
        recommendation=Recommendation.objects.get(key="NE-4.1"),
        status="planned",
        reviewed_on=TODAY(),
        explanation="Draft policy.",
    )
    agency.publish_tracker()
    assert "Draft policy." in record_of(agency).text
    response = admin_client.post(
        f"/admin/agencies/trackerentry/{entry.pk}/change/",
        {"agency": agency.pk, "recommendation": entry.recommendation_id, "status": "implemented",
         "explanation": "Policy signed.", "evidence_links": "",
         "reviewed_on": TODAY().isoformat(), "updated_by": admin_user.pk},
    )  # fmt: skip
    assert response.status_code == 302
    page = record_of(agency).text
    assert "Policy signed." in page and "Draft policy." not in page
