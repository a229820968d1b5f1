"""The connections a reader follows: the crosswalk, the topic guides' questions and the
programs that help, with the coverage figures issue 15 asks for."""

import re

import pytest
from django.core.management import call_command

from recommendations import guides
from recommendations.models import (
    CrosswalkLink,
    Program,
    ProgramTopic,
    Recommendation,
    Topic,
    TopicQuestion,
)

pytestmark = pytest.mark.django_db


def test_the_crosswalk_covers_new_era_and_every_task_force_item_for_agencies():
    links = list(CrosswalkLink.objects.select_related("new_era", "task_force"))
    assert all(link.new_era.is_new_era and not link.task_force.is_new_era for link in links)
    assert all(link.reason.strip() for link in links)
    new_era = set(Recommendation.objects.from_source("ne").values_list("key", flat=True))
    linked = {link.new_era.key for link in links}
    assert len(new_era) == 106
    assert len(linked) / len(new_era) >= 0.90  # 97 of 106 today
    for_agencies = Recommendation.objects.from_source("tf").addressed_to_agencies()
    linked_task_force = {link.task_force.key for link in links}
    assert set(for_agencies.values_list("key", flat=True)) <= linked_task_force


def test_every_topic_has_three_to_six_questions_each_from_recommendations():
    for topic in Topic.objects.all():
        questions = list(topic.questions.all())
        assert 3 <= len(questions) <= 6, topic.slug
        assert all(question.recommendations.exists() for question in questions), topic.slug
    assert TopicQuestion.objects.count() == 75


def test_nine_in_ten_recommendation_pages_name_a_program_and_each_with_its_source(client):
    recommendations = list(Recommendation.objects.prefetch_related("topics"))
    named = [r for r in recommendations if guides.program_links([t.pk for t in r.topics.all()])]
    assert len(named) / len(recommendations) >= 0.90  # 160 of 167 today
    assert all(
        link.source_url.startswith("http") and link.reason for link in ProgramTopic.objects.all()
    )
    # On the page, every program named in the aside comes with a source link for each reason.
    html = client.get("/recommendations/ne-4-2/").text
    aside = html[html.index('id="programs-heading"') :]
    aside = aside[: aside.index("</aside>")]
    programs = re.findall(r'<a href="/programs/([-a-z]+)/">', aside)
    assert programs and len(re.findall(r">Source<", aside)) >= len(programs)
    assert set(programs) <= set(
        ProgramTopic.objects.filter(topic__recommendations__key="NE-4.2").values_list(
            "program__slug", flat=True
        )
    )


def test_a_recommendation_page_shows_the_other_framework_with_reasons(client):
    html = client.get("/recommendations/ne-3-2/").text
    assert "The Task Force on the same practice" in html
    assert 'href="/recommendations/tf-2-9/"' in html
    assert "Both ban quotas for tickets, stops or arrests." in html
    assert 'href="/recommendations/ne-3-2/"' in client.get("/recommendations/tf-2-9/").text


def test_each_crosswalk_count_is_the_length_of_the_list_it_links_to(client):
    html = client.get("/crosswalk/").text
    assert "<caption" in html and 'scope="row"' in html and 'scope="col"' in html
    assert 'role="region"' in html and 'tabindex="0"' in html
    cells = re.findall(
        r'<a href="(/recommendations/\?chapter=\d+&amp;linked_pillar=\d)"[^>]*>(\d+)</a>', html
    )
    assert len(cells) > 20
    for href, count in cells[:6]:
        listed = client.get(href.replace("&amp;", "&")).text
        assert f"{count} recommendation" in listed


def test_bad_crosswalk_filter_values_get_a_clear_message(client):
    page = client.get("/recommendations/?linked_pillar=9")
    assert page.status_code == 400 and "Linked in the crosswalk" in page.text
    api = client.get("/api/recommendations/?linked_pillar=x")
    assert api.status_code == 400 and "linked_pillar" in api.json()["error"]


def test_the_topic_guide_sets_frameworks_side_by_side_with_questions_and_feeds(client):
    html = client.get("/topics/use-of-force/").text
    for heading in ["Questions to ask your department", "Task Force report, 2015",
                    "New Era of Public Safety, 2019", "Implementation Guide, 2015",
                    "Programs that help", "Terms that matter"]:  # fmt: skip
        assert heading in html
    assert 'href="/topics/use-of-force/feed/"' in html
    assert html.count('type="application/atom+xml"') == 2  # the site's and the topic's


def test_the_api_gives_related_keys_and_sourced_programs(client):
    results = client.get("/api/recommendations/?source=ne&chapter=3").json()["results"]
    quotas = next(r for r in results if r["key"] == "NE-3.2")
    assert quotas["related"] == ["TF-2.9"]
    assert "program:knowledge-lab" in quotas["programs"]


def test_program_pages_answer_the_practical_questions_as_of_a_date(client):
    for program in Program.objects.all():
        assert program.facts_as_of and program.fact_sources and program.cost, program.slug
    html = client.get("/programs/cri-tac/").text
    for heading in ["What it costs", "How intensive it is", "Are the results published?",
                    "How to ask", "As of November 30, 2026", "800-421-6770"]:  # fmt: skip
        assert heading in html


def test_pages_show_the_source_date_and_never_the_load_date(client):
    html = client.get("/recommendations/ne-3-2/").text
    assert "Source published 2019" in html
    assert "Last updated" not in html and "Last reviewed" not in html


def test_a_curators_crosswalk_edit_survives_a_load():
    link = CrosswalkLink.objects.get(key="NE-3.2/TF-2.9")
    link.reason = "A curator's better reason."
    link.save()
    call_command("load_content", verbosity=0)
    link.refresh_from_db()
    assert link.reason == "A curator's better reason."


def test_a_link_between_two_new_era_items_is_refused():
    link = CrosswalkLink.objects.get(key="NE-3.2/TF-2.9")
    link.task_force = Recommendation.objects.get(key="NE-3.3")
    with pytest.raises(ValueError, match="Task Force"):
        link.save()
