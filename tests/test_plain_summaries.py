"""Our plain-language summaries of the New Era recommendations and the Implementation Guide
actions, the report's own chapter titles, and how both reach databases loaded before them."""

import re
import statistics

import pytest
import textstat

from recommendations import content
from recommendations.models import Chapter, Recommendation, StakeholderAction

pytestmark = pytest.mark.django_db

REPORT_SITE = "https://civilrightspolicing.org/"


def summaries():
    new_era = Recommendation.objects.published().from_source("ne")
    return [(r.key, r.wording, r.summary) for r in new_era] + [
        (a.key, a.text, a.summary) for a in StakeholderAction.objects.published()
    ]


def test_every_new_era_recommendation_and_guide_action_is_summed_up_in_plain_words():
    written = summaries()
    assert len(written) == 106 + 15
    for key, quoted, summary in written:
        assert 1 <= textstat.sentence_count(summary) <= 3, key
        assert summary.strip() == summary and summary != quoted, key
    grades = [textstat.flesch_kincaid_grade(summary) for _key, _quoted, summary in written]
    # The median Flesch-Kincaid grade, reported in README.md; the aim is about grade 8.
    assert statistics.median(grades) <= 9


def test_summaries_cite_the_reports_explanation_only_where_one_was_found():
    new_era = Recommendation.objects.from_source("ne")
    explained = {r.key: r for r in new_era.exclude(explained_at="")}
    assert len(explained) == 11
    assert {"NE-1.6", "NE-2.2", "NE-7.8", "NE-10.3"} <= set(explained)
    for recommendation in new_era:
        says_more = "The report explains" in recommendation.summary
        assert says_more == (recommendation.key in explained), recommendation.key
    assert all(r.explained_at.startswith(REPORT_SITE) for r in explained.values())
    assert not Recommendation.objects.from_source("tf").exclude(explained_at="").exists()


def test_recommendation_page_shows_our_summary_beside_the_quoted_wording(
    client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        html = client.get("/recommendations/ne-2-2/").text
    recommendation = Recommendation.objects.get(key="NE-2.2")
    text = re.sub(r"<(?!/?h1)[^>]+>", "", html)  # glossary terms are links; the words stay
    assert f"<h1>{recommendation.wording}</h1>" in text
    assert "In plain words" in html and "Our summary, in our own words" in html
    assert "Train every officer in bias-free policing." in text
    assert f'The report\'s explanation: <a href="{recommendation.explained_at}">' in html
    unexplained = client.get("/recommendations/ne-3-2/").text
    assert "Ban quotas, both written and unwritten" in unexplained
    assert "The report's explanation" not in unexplained


def test_guide_action_page_shows_our_summary(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        html = client.get("/implementation-guide/law-enforcement-3/").text
    assert "Call on the POST Commission to implement all levels of training." in html
    assert "In plain words" in html
    assert "which sets police training standards" in html


def test_the_api_carries_the_summaries(client):
    items = client.get("/api/items/?type=stakeholder-action").json()["results"]
    assert len(items) == 15 and all(item["summary"] for item in items)
    topics = client.get("/api/items/?type=topic").json()["results"]
    assert not any("summary" in topic for topic in topics)
    page = client.get("/api/recommendations/?source=ne&chapter=2").json()["results"]
    assert all(r["summary"] for r in page)
    explained = {r["key"]: r["explained_at"] for r in page}
    assert explained["NE-2.2"].startswith(REPORT_SITE) and explained["NE-2.3"] is None


REPORT_TITLES = {
    6: ("The First Amendment and Free Speech", "the-first-amendment"),
    8: ("Data, Information, and Video Footage", "data-collection-and-transparency"),
    9: ("Leadership and Culture", "police-culture"),
    10: ("Recruitment", "recruitment-hiring-promotion-and-retention"),
    12: ("Officer Health, Wellbeing, and Safety", "officer-well-being-and-safety"),
}


@pytest.mark.parametrize("number", sorted(REPORT_TITLES))
def test_chapters_carry_the_reports_own_titles_and_old_addresses_redirect(client, number):
    title, old_slug = REPORT_TITLES[number]
    chapter = Chapter.objects.get(number=number)
    assert chapter.title == title
    assert "civilrightspolicing.org" in chapter.note
    response = client.get(f"/chapters/{number}-{old_slug}/")
    assert response.status_code == 301
    assert response["Location"] == chapter.get_absolute_url()
    assert client.get(response["Location"]).status_code == 200


def test_sources_page_records_the_title_corrections(client):
    html = client.get("/sources/").text
    assert "For chapters 6, 8, 9, 10 and 12 we use the titles the report" in html


def as_loaded_before(row, *, missing=(), **old_values):
    """Make a row look as the previous fixtures left it: old values, fingerprinted by the
    loader of the day, which knew none of the fields in `missing`."""
    type(row).objects.filter(pk=row.pk).update(**old_values)
    row.refresh_from_db()
    fields = content.row_fields(row)
    old = {name: value for name, value in fields.items() if name not in missing}
    type(row).objects.filter(pk=row.pk).update(loaded_hash=content.fingerprint(old))


def test_corrections_reach_a_database_loaded_before_them_but_not_a_curators_edit():
    as_loaded_before(Chapter.objects.get(number=9), title="Police Culture", slug="police-culture")
    curated = Chapter.objects.get(number=10)
    as_loaded_before(curated, title="Recruitment, Hiring, Promotion, and Retention")
    Chapter.objects.filter(pk=curated.pk).update(title="A curator's title")
    action = StakeholderAction.objects.get(key="IG-community-1")
    as_loaded_before(action, missing={"summary"}, summary="")
    edited_action = StakeholderAction.objects.get(key="IG-community-2")
    as_loaded_before(edited_action, missing={"summary"}, summary="")
    StakeholderAction.objects.filter(pk=edited_action.pk).update(summary="Curated.")
    recommendation = Recommendation.objects.get(key="NE-2.2")
    as_loaded_before(recommendation, missing={"explained_at"}, summary="", explained_at="")

    report = content.load()

    assert report.count(content.UPDATED) == 3 and report.count(content.SKIPPED) == 2
    assert Chapter.objects.get(number=9).get_absolute_url() == "/chapters/9-leadership-and-culture/"
    assert Chapter.objects.get(number=10).title == "A curator's title"
    assert StakeholderAction.objects.get(key="IG-community-1").summary.startswith("Take part")
    assert StakeholderAction.objects.get(key="IG-community-2").summary == "Curated."
    recommendation.refresh_from_db()
    assert recommendation.summary.startswith("Train every officer")
    assert recommendation.explained_at.startswith(REPORT_SITE)
