import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client

from recommendations import content, search
from recommendations.models import Publication, Recommendation
from recommendations.templatetags.content_tags import markdown

from .factories import make_totp, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def curator():
    user = make_user("curator", is_staff=True)
    make_totp(user)  # the admin requires it of staff
    user.groups.add(Group.objects.get(name="Curator"))
    client = Client()
    client.force_login(user)
    client.user = user
    return client


def change_form_data(recommendation, **changes):
    return {
        "key": recommendation.key,
        "status": recommendation.status,
        "source": recommendation.source_id,
        "chapter": recommendation.chapter_id or "",
        "pillar": recommendation.pillar_id or "",
        "wording": recommendation.wording,
        "summary": recommendation.summary,
        # The Spanish version, as the form shows it (ADR 13).
        "summary_es": recommendation.summary_es or "",
        "wording_es": recommendation.wording_es,
        "keywords": "\n".join(recommendation.keywords),
        "checked_against": "\n".join(recommendation.checked_against),
        "note": recommendation.note,
        "addressed_to": recommendation.addressed_to,
        "pillars": [p.pk for p in recommendation.pillars.all()],
        "topics": [t.pk for t in recommendation.topics.all()],
        "action_items-TOTAL_FORMS": "0",
        "action_items-INITIAL_FORMS": "0",
        **changes,
    }


CONTENT_ADMIN = [
    "source",
    "topic",
    "pillar",
    "chapter",
    "recommendation",
    "actionitem",
    "stakeholderaction",
    "program",
    "glossaryterm",
    "crosswalklink",
    "topicquestion",
    "programtopic",
]


@pytest.mark.parametrize("model", CONTENT_ADMIN)
def test_curators_can_add_and_edit_content(curator, model):
    assert curator.get(f"/admin/recommendations/{model}/").status_code == 200
    assert curator.get(f"/admin/recommendations/{model}/add/").status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/admin/agencies/user/",
        "/admin/agencies/agency/",
        "/admin/agencies/trackerentry/",
        "/admin/agencies/bookmark/",
        "/admin/auth/group/",
        "/admin/recommendations/recommendation/1/delete/",
    ],
)
def test_curators_cannot_reach_anything_else(curator, url):
    assert curator.get(url).status_code == 403


def test_curators_cannot_grant_themselves_more(curator):
    user = curator.user
    response = curator.post(f"/admin/agencies/user/{user.pk}/change/", {"is_superuser": "on"})
    assert response.status_code == 403
    user.refresh_from_db()
    assert not user.is_superuser


@pytest.mark.parametrize(
    "text,forbidden",
    [
        ("<script>alert(1)</script>hello", "<script"),
        ('<img src=x onerror="alert(1)">', "onerror"),
        ("[click](javascript:alert(1))", "javascript:"),
        ('<a href="https://x.org" onclick="evil()">x</a>', "onclick"),
        ("<div><p>broken <b>html", "<div"),
        ('<iframe src="https://evil.example"></iframe>', "<iframe"),
    ],
)
def test_markdown_is_sanitised(text, forbidden):
    assert forbidden not in markdown(text)


def test_markdown_links_get_rel_and_lists_survive():
    html = markdown("- one\n- [two](https://example.org)")
    assert "<li>one</li>" in html
    assert 'rel="nofollow noopener"' in html


class TestDrafts:
    @pytest.fixture
    def draft(self):
        recommendation = Recommendation.objects.get(key="NE-3.2")
        recommendation.status = Publication.DRAFT
        recommendation.save()  # out of search at once, in the same transaction
        return recommendation

    def test_drafts_are_hidden_from_every_public_surface(self, client, draft, tmp_path):
        assert client.get("/recommendations/ne-3-2/").status_code == 404
        assert "NE-3.2" not in client.get("/recommendations/?source=ne&chapter=3").text
        assert "NE-3.2" not in client.get("/chapters/3-stops-searches-and-arrests/").text
        assert "NE-3.2" not in client.get("/pillars/2-policy-and-oversight/").text
        assert "NE-3.2" not in client.get("/topics/stops-searches-arrests/").text
        api = client.get("/api/recommendations/?source=ne&chapter=3").json()
        assert "NE-3.2" not in [r["key"] for r in api["results"]]
        assert "NE-3.2" not in client.get("/api/items/?type=recommendation").text
        assert "NE-3.2" not in client.get("/api/recommendations.csv").text
        assert "NE-3.2" not in [r["key"] for r in search.search("ban quotas").results]
        assert "NE-3.2" not in client.get("/whats-new/").text
        assert "NE-3.2" not in client.get("/whats-new/feed/").text
        content.export(tmp_path)
        assert '"NE-3.2"' not in (tmp_path / "recommendations.json").read_text()
        assert client.get("/recommendations/ne-3-1/").context["next"].key == "NE-3.3"

    def test_curators_see_drafts_with_a_banner(self, curator, draft):
        response = curator.get("/recommendations/ne-3-2/")
        assert response.status_code == 200
        assert "Only curators can see this page" in response.text

    def test_reloading_keeps_a_draft_a_draft(self, draft):
        call_command("load_content", verbosity=0)
        draft.refresh_from_db()
        assert draft.status == Publication.DRAFT


def test_curator_fixes_a_typo_end_to_end(curator, client, django_capture_on_commit_callbacks):
    recommendation = Recommendation.objects.get(key="NE-3.2")
    url = f"/admin/recommendations/recommendation/{recommendation.pk}/change/"
    original = recommendation.wording

    # Unpublish, edit and preview: the public cannot see it, the curator can.
    with django_capture_on_commit_callbacks(execute=True):
        curator.post(f"{url.removesuffix('change/')}publication/draft/")
        response = curator.post(
            url, change_form_data(recommendation, wording="Ban formal and informal quotass.",
                                  _preview="1"),
        )  # fmt: skip
    assert response["Location"] == "/recommendations/ne-3-2/"
    assert client.get("/recommendations/ne-3-2/").status_code == 404

    # Fix the typo and publish: who and when are recorded; page and search show it.
    with django_capture_on_commit_callbacks(execute=True):
        curator.post(url, change_form_data(recommendation, wording="Ban all quotas."))
        curator.post(f"{url.removesuffix('change/')}publication/published/")
    recommendation.refresh_from_db()
    assert recommendation.published_by == curator.user
    assert recommendation.published_at is not None
    page = client.get("/recommendations/ne-3-2/").text
    assert "Ban all quotas." in page
    assert "Last reviewed by a curator" in page
    assert search.search("ban all quotas").results[0]["key"] == "NE-3.2"
    assert "NE-3.2: Ban all quotas." in client.get("/whats-new/feed/").text

    # The history shows the change field by field.
    history = curator.get(f"{url.removesuffix('change/')}history/")
    assert history.status_code == 200
    assert "Ban all quotas." in history.text
    assert "quotass" in history.text

    # Revert to the loaded version: saved as a new revision, nothing lost.
    first = recommendation.history.earliest()
    revert_url = f"{url.removesuffix('change/')}history/{first.history_id}/"
    assert curator.get(revert_url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        curator.post(
            revert_url, change_form_data(recommendation, wording=original, status="published")
        )
    recommendation.refresh_from_db()
    assert recommendation.wording == original
    assert recommendation.history.count() == 6
    assert search.search("ban formal and informal quotas").results[0]["key"] == "NE-3.2"


def test_summaries_render_markdown_safely(client):
    recommendation = Recommendation.objects.get(key="NE-3.2")
    recommendation.summary = "Quotas **push** arrests. <script>alert(1)</script>"
    recommendation.save()
    html = client.get("/recommendations/ne-3-2/").text
    assert "<strong>push</strong>" in html
    assert "<script>alert(1)" not in html
