"""The admin as curators read it: lists as lines, one pillar field, publication buttons and
actions, whole values in history, and an index that says what needs attention."""

import pytest
from django import forms

from recommendations import search
from recommendations.fields import LinesField
from recommendations.models import ActionItem, GlossaryTerm, Program, Recommendation

from .test_curation import change_form_data, curator  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "text,expected",
    [
        ("body cam\n\n  BWC  \r\nbodycam\n", ["body cam", "BWC", "bodycam"]),
        ("", []),
    ],
)
def test_lines_round_trip(text, expected):
    field = LinesField(required=False)
    assert field.clean(text) == expected
    assert field.clean(field.prepare_value(expected)) == expected


@pytest.mark.parametrize(
    "text,urls,message",
    [
        ("https://a.org\nnot an address", True, "Line 2 is not a web address"),
        ("javascript:alert(1)", True, "Line 1 is not a web address"),
        ("cam\nCAM", False, "Line 2 repeats an earlier line: CAM"),
        ("x" * 501, False, "Line 1 is longer than 500 characters"),
        ("a\x00b", False, "Line 1 holds a NUL character"),
    ],
)
def test_bad_lines_are_refused_by_line(text, urls, message):
    with pytest.raises(forms.ValidationError, match=message):
        LinesField(required=False, urls=urls).clean(text)


def test_lists_are_edited_as_lines_and_saved_as_lists(curator):  # noqa: F811
    term = GlossaryTerm.objects.get(slug="body-worn-camera")
    page = curator.get(f"/admin/recommendations/glossaryterm/{term.pk}/change/").text
    assert "\n".join(term.aliases) in page  # lines, not a JSON array
    assert '["' not in page.split('name="aliases"')[1][:200]
    item = ActionItem.objects.order_by("pk").first()
    url = f"/admin/recommendations/actionitem/{item.pk}/change/"
    lines = "https://a.example/1\n\nhttps://b.example/2"
    data = {"key": item.key, "recommendation": item.recommendation_id, "number": item.number,
            "summary": item.summary, "checked_against": lines}  # fmt: skip
    response = curator.post(url, data)
    assert response.status_code == 302, response.text[response.text.find("errorlist") :][:300]
    item.refresh_from_db()
    assert item.checked_against == ["https://a.example/1", "https://b.example/2"]


def test_each_recommendation_shows_the_one_pillar_field_that_applies(curator):  # noqa: F811
    new_era = Recommendation.objects.get(key="NE-3.2")
    task_force = Recommendation.objects.get(key="TF-1.1")
    page = curator.get(f"/admin/recommendations/recommendation/{new_era.pk}/change/").text
    assert "Task Force pillars it builds on (New Era recommendations)" in page
    assert 'name="pillar"' not in page
    page = curator.get(f"/admin/recommendations/recommendation/{task_force.pk}/change/").text
    assert "Task Force pillar (Task Force recommendations)" in page
    assert 'name="pillars"' not in page and 'name="chapter"' not in page


def test_publish_and_unpublish_buttons_and_actions(
    curator,  # noqa: F811
    client,
    django_capture_on_commit_callbacks,
):
    program = Program.objects.get(slug="cri-tac")
    base = "/admin/recommendations/program/"
    with django_capture_on_commit_callbacks(execute=True):
        response = curator.post(f"{base}{program.pk}/publication/draft/", follow=True)
    assert "Unpublished: only curators see it now." in response.text
    assert client.get("/programs/cri-tac/").status_code == 404
    assert "program:cri-tac" not in [r["key"] for r in search.search("cri-tac").results]
    assert program.history.first().history_change_reason == "Unpublished"
    assert curator.get(f"{base}{program.pk}/publication/draft/").status_code == 405

    with django_capture_on_commit_callbacks(execute=True):
        curator.post(base, {"action": "make_published", "_selected_action": [program.pk]})
    program.refresh_from_db()
    assert (program.status, program.published_by) == ("published", curator.user)
    assert program.history.first().history_change_reason == "Published"
    assert client.get("/programs/cri-tac/").status_code == 200


def test_history_shows_whole_values(curator):  # noqa: F811
    recommendation = Recommendation.objects.get(key="NE-3.2")
    long_summary = "Quotas push officers to stop people without cause. " * 6
    url = f"/admin/recommendations/recommendation/{recommendation.pk}/"
    curator.post(f"{url}change/", change_form_data(recommendation, summary=long_summary))
    history = curator.get(f"{url}history/").text
    assert long_summary.strip() in history
    assert "chars]" not in history


def test_the_admin_index_says_what_needs_attention(curator, django_assert_max_num_queries):  # noqa: F811
    recommendation = Recommendation.objects.get(key="NE-3.2")
    curator.post(
        f"/admin/recommendations/recommendation/{recommendation.pk}/change/",
        change_form_data(recommendation, wording="Ban quotas.", _save_draft="1"),
    )
    with django_assert_max_num_queries(25):
        index = curator.get("/admin/").text
    unverified = Recommendation.objects.filter(uncertain=True).count()
    stale = Recommendation.objects.filter(reviewed_at__isnull=True).count()
    assert (
        '<a href="/admin/recommendations/draftrevision/?state__exact=waiting">'
        "Drafts waiting to be published or discarded: 1</a>"
    ) in index
    assert f"Recommendations not yet verified: {unverified}</a>" in index
    assert f"Recommendations not reviewed in a year: {stale}</a>" in index
    listed = curator.get("/admin/recommendations/recommendation/?reviewed=stale").text
    assert f"{stale} recommendations" in listed
    drafts = curator.get("/admin/recommendations/draftrevision/?state__exact=waiting").text
    assert "NE-3.2" in drafts and "wording" in drafts
