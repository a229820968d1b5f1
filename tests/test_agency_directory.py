"""The agencies directory, the national page and finding an agency to join."""

import re

import pytest
from django.test import Client
from django.utils import timezone

from agencies import national
from agencies.models import Agency, NationalTally, TrackerEntry
from recommendations.models import Recommendation

from .factories import client_for, make_agency, make_user

pytestmark = pytest.mark.django_db


def publish(agency, statuses):
    """Record these statuses ({key: status}) and publish the tracker."""
    for key, status in statuses.items():
        TrackerEntry.objects.update_or_create(
            agency=agency,
            recommendation=Recommendation.objects.get(key=key),
            defaults={"status": status, "reviewed_on": timezone.localdate()},
        )
    agency.publish_tracker()
    return agency


def national_counts(query=""):
    """{key: (implemented, in progress, not recorded)} as the national page's table says."""
    page = Client().get(f"/agencies/national/{query}").text
    rows = re.findall(
        r'<span class="key">([^<]+)</span>[^<]*</a>[^<]*</th>((?:<td>\d+</td>)+)', page
    )
    counts = {key: [int(n) for n in re.findall(r"\d+", cells)] for key, cells in rows}
    # Columns: implemented, in progress, planned, not started, not applicable, not recorded.
    return {key: (c[0], c[1], c[5]) for key, c in counts.items()}


class TestDirectory:
    def test_searches_published_agencies_by_name_state_kind_and_size(self):
        publish(make_agency("Springfield Police Department"), {"NE-4.1": "planned"})
        publish(make_agency("Springfield Sheriff", kind="sheriff", state="MO",
                            size_band="25-99"), {"NE-4.1": "planned"})  # fmt: skip
        make_agency("Springfield Campus Police")  # not published: never listed
        client = Client()
        page = client.get("/agencies/?q=springfield+police").text
        assert "Springfield Police Department" in page and "Springfield Sheriff" not in page
        assert "Springfield Campus" not in client.get("/agencies/?q=campus").text
        assert "2 agencies" in client.get("/agencies/?q=springfield").text
        for query in ["state=MO", "kind=sheriff", "size=25-99"]:
            page = client.get(f"/agencies/?{query}").text
            assert "Springfield Sheriff" in page and "Springfield Police" not in page, query

    def test_pages_by_25_and_refuses_bad_filters_with_a_message(self):
        for number in range(30):
            publish(make_agency(f"Agency {number:02}"), {"NE-4.1": "planned"})
        first = Client().get("/agencies/").text
        assert "page 1 of 2" in first and "Agency 24" in first and "Agency 25" not in first
        assert "Agency 29" in Client().get("/agencies/?page=2").text
        bad = Client().get("/agencies/?state=ZZ")
        assert bad.status_code == 400 and "Those filters could not be used" in bad.text

    @pytest.mark.parametrize("size", [1, 40])
    def test_directory_queries_do_not_grow_with_agencies(self, size, django_assert_max_num_queries):
        for number in range(size):
            publish(make_agency(f"Agency {number:02}"), {"NE-4.1": "planned"})
        with django_assert_max_num_queries(3):
            assert Client().get("/agencies/?q=agency&state=IL").status_code == 200


class TestNational:
    def test_counts_published_trackers_only_and_never_names_an_agency(self):
        publish(make_agency("Alpha PD"), {"NE-4.1": "implemented", "NE-4.2": "in-progress"})
        publish(make_agency("Beta PD", state="TX"), {"NE-4.1": "implemented"})
        hidden = make_agency("Gamma Secret PD")
        TrackerEntry.objects.create(
            agency=hidden,
            status="implemented",
            reviewed_on=timezone.localdate(),
            recommendation=Recommendation.objects.get(key="NE-4.3"),
        )
        counts = national_counts()
        assert counts["NE-4.1"] == (2, 0, 0)
        assert counts["NE-4.2"] == (0, 1, 1)
        assert counts["NE-4.3"] == (0, 0, 2)  # the unpublished tracker is not counted
        page = Client().get("/agencies/national/").text
        assert "2 agencies</strong> publish" in page
        assert "Gamma" not in page and "Alpha" not in page  # counts only, no names
        assert national_counts("?state=TX")["NE-4.1"] == (1, 0, 0)
        assert national_counts("?state=TX&kind=sheriff") == {}
        assert "TF-0.1" not in counts  # addressed to the federal government, not agencies

    def test_stays_true_through_every_change_and_matches_a_full_recount(self):
        alpha = publish(make_agency("Alpha PD"), {"NE-4.1": "implemented"})
        beta = publish(make_agency("Beta PD"), {"NE-4.1": "planned"})
        assert national_counts()["NE-4.1"] == (1, 0, 0)
        entry = beta.tracker_entries.get()
        entry.status = "implemented"
        entry.save()
        assert national_counts()["NE-4.1"] == (2, 0, 0)
        beta.state = "TX"  # moved: counted in Texas, no longer in Illinois
        beta.save()
        assert national_counts("?state=TX")["NE-4.1"] == (1, 0, 0)
        assert national_counts("?state=IL")["NE-4.1"] == (1, 0, 0)
        alpha.tracker_published_at = None
        alpha.save()
        assert national_counts()["NE-4.1"] == (1, 0, 0)
        entry.delete()
        assert national_counts()["NE-4.1"] == (0, 0, 1)
        columns = ("state", "kind", "recommendation", "implemented", "planned", "in_progress")
        kept = sorted(NationalTally.objects.values_list(*columns))
        national.refresh_all()
        assert kept == sorted(NationalTally.objects.values_list(*columns))

    def test_bad_filter_is_refused_with_a_message(self):
        response = Client().get("/agencies/national/?kind=navy")
        assert response.status_code == 400 and "There is a problem" in response.text

    @pytest.mark.parametrize("size", [1, 30])
    def test_queries_do_not_grow_with_agencies(self, size, django_assert_max_num_queries):
        for number in range(size):
            publish(make_agency(f"Agency {number:02}", state=["IL", "TX"][number % 2]),
                    {"NE-4.1": "implemented", "TF-1.1": "planned"})  # fmt: skip
        with django_assert_max_num_queries(3):
            assert Client().get("/agencies/national/?state=IL").status_code == 200

    def test_no_agency_can_take_the_national_pages_address(self):
        from agencies.registration import _free_slug

        assert _free_slug("National", "IL") == "national-il"
        with pytest.raises(Exception, match="address of another page"):
            Agency(name="N", slug="national", kind="other", state="IL").full_clean()


class TestFindingTheAgencyToJoin:
    def test_search_finds_unpublished_agencies_and_the_link_asks_to_join(self):
        agency = make_agency("Shelbyville Police Department", coordinator=make_user("carl"))
        make_agency("Shelbyville Sheriff", state="TN")
        client = client_for(make_user("dora"))
        page = client.get("/me/join/?q=shelbyville+police").text
        assert f'href="/me/join/?agency={agency.slug}"' in page and "Sheriff" not in page
        assert "Sheriff" in client.get("/me/join/?q=shelbyville&state=TN").text
        form = client.get(f"/me/join/?agency={agency.slug}").text
        assert f'name="agency" value="{agency.pk}"' in form
        client.post(f"/me/join/?agency={agency.slug}", {"agency": agency.pk, "title": "Sergeant"})
        assert agency.join_requests.pending().get().title == "Sergeant"

    def test_public_page_offers_to_join(self):
        agency = publish(make_agency("Ogdenville PD"), {"NE-4.1": "planned"})
        page = Client().get(f"/agencies/{agency.slug}/").text
        assert f"/me/join/?agency={agency.slug}" in page and "/agencies/national/" in page
