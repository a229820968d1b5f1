"""A change of one item replaces only that item's entries in the search index, and
leaves the index as a full rebuild would have made it."""

import pytest
from django.core.cache import cache

from recommendations import search
from recommendations.models import (
    ActionItem,
    GlossaryTerm,
    Publication,
    Recommendation,
    SearchEntry,
    SearchWord,
    SpanishSearchEntry,
)

pytestmark = pytest.mark.django_db

COMPARED = ["key", "type", "title", "keywords", "body", "context", "url", "title_terms"]


@pytest.fixture(autouse=True)
def fresh_index_data():
    cache.delete_many([search.CACHE_KEY, search.VERSION_KEY])


def snapshot():
    """The index as a search sees it: each entry's text, facets and vector, and the
    vocabulary, without row ids or the order among equals."""
    entries = {
        e["key"]: e
        for e in SearchEntry.objects.values(*COMPARED, "pillars", "topics", "vector", "prior")
    }
    return entries, dict(SearchWord.objects.values_list("word", "frequency"))


def ids_of_others(excluded_keys):
    return set(SearchEntry.objects.exclude(key__in=excluded_keys).values_list("id", flat=True))


def test_saving_a_recommendation_replaces_only_its_entries(django_assert_max_num_queries):
    recommendation = Recommendation.objects.get(key="TF-2.2")
    own = [recommendation.key, *recommendation.action_items.values_list("key", flat=True)]
    others = ids_of_others(own)
    recommendation.summary = "Departments should publish a zebracrossing policy on use of force."
    spanish = SpanishSearchEntry.objects.exclude(key__in=own)
    spanish_others = set(spanish.values_list("id", flat=True))
    # Both languages' entries, about 24 queries each (ADR 13).
    with django_assert_max_num_queries(50):
        recommendation.save()
    assert ids_of_others(own) == others  # untouched: no rebuild
    assert set(spanish.values_list("id", flat=True)) == spanish_others
    found = [r["key"] for r in search.search("zebracrossing").results]
    assert sorted(found) == sorted(own)  # its action items name it too
    assert SearchWord.objects.get(word="zebracrossing").frequency == len(own)


def test_an_update_leaves_the_index_as_a_rebuild_would():
    recommendation = Recommendation.objects.get(key="NE-4.7")
    recommendation.wording = recommendation.wording + " Body-worn cameras help."
    recommendation.keywords = [*recommendation.keywords, "bystander"]
    recommendation.save()
    updated = snapshot()
    search.rebuild_index()
    assert updated == snapshot()


def test_a_new_key_replaces_the_old_entry():
    action = ActionItem.objects.get(key="TF-1.2.1")
    action.key = "TF-1.2.9"
    action.save()
    assert not SearchEntry.objects.filter(key="TF-1.2.1").exists()
    assert SearchEntry.objects.filter(key="TF-1.2.9", origin=f"actionitem:{action.pk}").exists()


def test_a_recommendation_made_draft_leaves_search_with_its_action_items():
    recommendation = Recommendation.objects.get(key="TF-1.2")
    recommendation.status = Publication.DRAFT
    recommendation.save()
    assert not SearchEntry.objects.filter(key__startswith="TF-1.2").exists()
    recommendation.status = Publication.PUBLISHED
    recommendation.save()
    assert SearchEntry.objects.filter(key__startswith="TF-1.2.").count() > 0


def test_words_no_entry_holds_any_more_leave_the_vocabulary():
    recommendation = Recommendation.objects.get(key="TF-2.2")
    recommendation.summary += " Quixotically."
    recommendation.save()
    assert SearchWord.objects.filter(word="quixotically").exists()
    recommendation.summary = recommendation.summary.replace(" Quixotically.", "")
    recommendation.save()
    assert not SearchWord.objects.filter(word="quixotically").exists()


def test_a_glossary_term_change_rebuilds_everything():
    before = set(SearchEntry.objects.values_list("id", flat=True))
    term = GlossaryTerm.objects.get(slug="body-worn-camera")
    term.aliases = [*term.aliases, "lapel camera"]
    term.save()
    assert not before & set(SearchEntry.objects.values_list("id", flat=True))
    assert "NE-8.5" in [r["key"] for r in search.search("lapel camera").results]


def test_an_index_from_before_origins_is_rebuilt_once():
    SearchEntry.objects.update(origin="")
    recommendation = Recommendation.objects.get(key="TF-2.2")
    recommendation.save()
    assert not SearchEntry.objects.filter(origin="").exists()


def test_a_crosswalk_link_leaves_the_index_alone_and_a_program_topic_updates_its_program():
    from recommendations.models import CrosswalkLink, ProgramTopic

    before = set(SearchEntry.objects.values_list("id", flat=True))
    CrosswalkLink.objects.first().save()
    assert set(SearchEntry.objects.values_list("id", flat=True)) == before
    link = ProgramTopic.objects.select_related("program").first()
    link.save()
    after = set(SearchEntry.objects.values_list("id", flat=True))
    assert len(before - after) == 1  # the program's entry, replaced
    assert SearchEntry.objects.filter(key=link.program.key).exists()
