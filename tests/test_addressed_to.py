"""Who a recommendation asks to act: loaded from the fixtures, curated, shown and used."""

import importlib

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import IntegrityError
from django.test import Client
from django.utils import timezone

from agencies.models import TrackerEntry
from recommendations import content
from recommendations.models import Actor, Recommendation

from .factories import make_agency, make_totp, make_user
from .test_curation import change_form_data

pytestmark = pytest.mark.django_db


def test_the_fixtures_say_who_is_asked():
    addressed = dict(Recommendation.objects.values_list("key", "addressed_to"))
    assert addressed["TF-0.1"] == [Actor.FEDERAL]
    assert addressed["TF-6.7"] == [Actor.FEDERAL]
    assert addressed["TF-5.6"] == [Actor.STATE]
    assert addressed["TF-4.6"] == [Actor.COMMUNITIES]
    assert addressed["TF-2.9"] == [Actor.AGENCIES, Actor.LOCAL]
    assert addressed["TF-2.15"] == []  # the wording we hold names nobody
    assert addressed["NE-4.1"] == [Actor.AGENCIES]


def test_the_page_and_the_api_show_it():
    page = Client().get("/recommendations/tf-0-1/").text
    assert "<strong>Addressed to:</strong> Federal government." in page
    page = Client().get("/recommendations/tf-2-15/").text
    assert "<strong>Addressed to:</strong> nobody named in the wording." in page
    items = Client().get("/api/recommendations/?source=tf").json()["results"]
    assert next(i for i in items if i["key"] == "TF-0.1")["addressed_to"] == ["federal-government"]


def test_the_database_refuses_an_unknown_actor():
    with pytest.raises(IntegrityError):
        Recommendation.objects.filter(key="NE-4.1").update(addressed_to=["the moon"])


def test_a_curators_choice_survives_reloading():
    curator = make_user("curator", is_staff=True)
    make_totp(curator)
    curator.groups.add(Group.objects.get(name="Curator"))
    client = Client()
    client.force_login(curator)
    recommendation = Recommendation.objects.get(key="NE-1.5")
    url = f"/admin/recommendations/recommendation/{recommendation.pk}/change/"
    data = change_form_data(recommendation, addressed_to=["agencies", "communities"])
    assert client.post(url, data).status_code == 302
    call_command("load_content", verbosity=0)
    recommendation.refresh_from_db()
    assert recommendation.addressed_to == ["agencies", "communities"]
    assert 'type="checkbox" name="addressed_to" value="communities"' in client.get(url).text


def test_the_migration_keeps_unedited_rows_loadable():
    migration = importlib.import_module(
        "recommendations.migrations.0008_recommendation_addressed_to"
    )
    Recommendation.objects.update(addressed_to=[])
    unedited, edited = Recommendation.objects.filter(key__in=["NE-4.1", "NE-4.2"])
    for row in (unedited, edited):
        before = {k: v for k, v in content.row_fields(row).items() if k != "addressed_to"}
        Recommendation.objects.filter(pk=row.pk).update(loaded_hash=content.fingerprint(before))
    Recommendation.objects.filter(pk=edited.pk).update(summary="A curator's summary.")
    from django.apps import apps

    migration.keep_unedited_rows_loadable(apps, None)
    report = content.load(dry_run=True)  # no search-index rebuild: the test stays fast
    assert ("updated", "recommendation", "NE-4.1") in report.items
    assert ("skipped", "recommendation", "NE-4.2") in report.items


def test_the_tracker_puts_other_actors_apart():
    agency = make_agency(coordinator=make_user("alice"))
    for key in ["TF-0.1", "NE-4.1"]:
        TrackerEntry.objects.create(
            agency=agency,
            recommendation=Recommendation.objects.get(key=key),
            status="implemented",
            reviewed_on=timezone.localdate(),
        )
    client = Client()
    client.force_login(agency.memberships.get().user)
    response = client.get(f"/agencies/{agency.slug}/tracker/")
    overall, others = response.context["overall"], response.context["others"]
    assert overall.total == Recommendation.objects.published().addressed_to_agencies().count()
    assert overall.implemented == 1  # NE-4.1; TF-0.1 asks the President
    assert "TF-0.1" in [r.key for r in others.recommendations]
    assert "For other actors: record it if your agency took part" in response.text
    text = response.text
    assert text.index("/recommendations/tf-0-1/") > text.index("For other actors")
    agency.publish_tracker()
    public = Client().get(f"/agencies/{agency.slug}/").text
    assert (
        f"Recorded 1 of {overall.total} recommendations addressed to agencies; "
        "1 implemented, 0 in progress." in public
    )
    assert public.index("/recommendations/tf-0-1/") > public.index("<h3>For other actors</h3>")
