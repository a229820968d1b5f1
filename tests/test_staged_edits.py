"""Staged edits (ADR 10): a curator changes a published item as a draft, previews it,
publishes or discards it; the public, search, history and the loader each see the right
version."""

import pytest
from django.core.management import call_command

from recommendations import search
from recommendations.models import DraftRevision, Recommendation

from .test_curation import change_form_data, curator  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

WORDING = "Ban formal and informal quotas."
FIXED = "Ban every formal and informal quota."


@pytest.fixture
def quotas():
    return Recommendation.objects.get(key="NE-3.2")


def admin_url(item, view="change"):
    return f"/admin/recommendations/recommendation/{item.pk}/{view}/"


def save_draft(curator, item, **changes):  # noqa: F811
    return curator.post(
        admin_url(item), change_form_data(item, _save_draft="1", **changes), follow=True
    )


def test_a_draft_waits_unseen_then_is_published(
    curator,  # noqa: F811
    client,
    quotas,
    django_capture_on_commit_callbacks,
    django_assert_max_num_queries,
):
    response = save_draft(curator, quotas, wording=FIXED)
    assert "Saved as a draft" in response.text
    assert "A draft is waiting" in response.text
    assert FIXED in response.text  # the form shows the draft
    quotas.refresh_from_db()
    assert quotas.wording == WORDING
    assert WORDING in client.get("/recommendations/ne-3-2/").text
    assert search.search("ban quotas").results[0]["title"] == WORDING

    with django_assert_max_num_queries(40):
        preview = curator.get(admin_url(quotas, "draft/preview"))
    assert preview["Cache-Control"].startswith("max-age=0")
    assert "Preview of a draft." in preview.text
    assert f"<h1>{FIXED}</h1>" in preview.text  # the real public template
    quotas.refresh_from_db()
    assert quotas.wording == WORDING  # the preview wrote nothing
    assert WORDING in client.get("/recommendations/ne-3-2/").text

    history_before = quotas.history.count()
    with django_capture_on_commit_callbacks(execute=True):
        response = curator.post(admin_url(quotas, "draft/publish"), follow=True)
    assert "The draft is published" in response.text
    quotas.refresh_from_db()
    assert quotas.wording == FIXED
    assert quotas.history.count() == history_before + 1
    latest = quotas.history.first()
    assert (latest.history_user, latest.history_change_reason) == (
        curator.user,
        "Published a draft: wording",
    )
    assert FIXED in client.get("/recommendations/ne-3-2/").text
    assert search.search("ban every formal quota").results[0]["title"] == FIXED
    draft = DraftRevision.objects.get()
    assert (draft.state, draft.closed_by, draft.base) == (
        "published",
        curator.user,
        {"wording": WORDING},
    )
    history = curator.get(admin_url(quotas, "history")).text
    assert "Published: saved by curator" in history
    assert f"{WORDING} &rarr; {FIXED}" in history


def test_a_discarded_draft_changes_nothing_and_stays_in_the_record(curator, quotas):  # noqa: F811
    save_draft(curator, quotas, summary="A new summary.")
    response = curator.post(admin_url(quotas, "draft/discard"), follow=True)
    assert "The draft is discarded" in response.text
    quotas.refresh_from_db()
    assert quotas.summary != "A new summary."
    assert DraftRevision.objects.get().state == "discarded"
    assert curator.get(admin_url(quotas, "draft/preview")).status_code == 404
    assert "Discarded: saved by curator" in curator.get(admin_url(quotas, "history")).text


def test_a_bad_draft_gets_a_message_and_changes_nothing(curator, quotas):  # noqa: F811
    # A field the form accepts but the item cannot hold (both a pillar and a chapter).
    save_draft(curator, quotas, note="Checked.")
    draft = DraftRevision.objects.get()
    draft.changes["pillar"] = 1
    draft.base["pillar"] = None
    draft.save()
    response = curator.post(admin_url(quotas, "draft/publish"), follow=True)
    assert "The draft was not published" in response.text
    quotas.refresh_from_db()
    assert (quotas.note, quotas.pillar_id) != ("Checked.", 1)
    assert DraftRevision.objects.waiting().count() == 1


def test_publishing_refuses_to_overwrite_a_change_made_meanwhile(curator, quotas):  # noqa: F811
    save_draft(curator, quotas, wording=FIXED)
    Recommendation.objects.filter(pk=quotas.pk).update(wording="Changed in a shell.")
    response = curator.post(admin_url(quotas, "draft/publish"), follow=True)
    assert "changed since this draft was made (wording)" in response.text
    quotas.refresh_from_db()
    assert quotas.wording == "Changed in a shell."


@pytest.mark.parametrize(
    "changes,message",
    [
        ({"topics": []}, "A draft holds the item&#x27;s own fields, not Topics"),
        ({"keywords": "ok\nok"}, "Line 2 repeats an earlier line: ok"),
    ],
)
def test_a_draft_the_form_refuses_saves_nothing(curator, quotas, changes, message):  # noqa: F811
    response = save_draft(curator, quotas, wording=FIXED, **changes)
    assert message in response.text
    assert not DraftRevision.objects.exists()


def test_while_a_draft_waits_the_form_cannot_save_directly(curator, quotas):  # noqa: F811
    save_draft(curator, quotas, wording=FIXED)
    response = curator.post(admin_url(quotas), change_form_data(quotas, wording="Direct."))
    assert "A draft of this item is waiting" in response.text
    quotas.refresh_from_db()
    assert quotas.wording == WORDING


def test_the_loader_neither_clobbers_a_draft_nor_is_clobbered(curator, quotas):  # noqa: F811
    save_draft(curator, quotas, wording=FIXED)
    Recommendation.objects.filter(pk=quotas.pk).update(summary="Outdated.", loaded_hash="")
    call_command("load_content", verbosity=0)
    quotas.refresh_from_db()
    assert quotas.summary == "Outdated."  # held: not reloaded under the draft
    assert DraftRevision.objects.waiting().get().changes == {"wording": FIXED}


def test_a_draft_says_so_when_action_item_changes_in_its_form_were_left_unsaved(
    curator,  # noqa: F811
    quotas,
):
    added = {
        "action_items-TOTAL_FORMS": "1",
        "action_items-0-key": "NE-3.2.9",
        "action_items-0-number": "9",
        "action_items-0-summary": "An action item typed into a draft's form.",
    }
    response = save_draft(curator, quotas, wording=FIXED, **added)
    assert "Saved as a draft" in response.text
    assert "Your changes to the action items below were not saved" in response.text
    assert not quotas.action_items.exists()
    untouched = save_draft(curator, quotas, wording=WORDING)
    assert "were not saved" not in untouched.text
