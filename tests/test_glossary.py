"""The glossary: a page per term, a short A–Z index, and terms linked where items mention them."""

import json
import re

import pytest
from django.conf import settings

from recommendations.glossary_links import Linker
from recommendations.glossary_views import _alphabetical
from recommendations.models import GlossaryTerm, Publication, SearchEntry

pytestmark = pytest.mark.django_db

TERM_LINK = re.compile(r'<a class="term-link" href="([^"]+)">([^<]+)</a>')


def test_a_term_page_gives_definition_synonyms_topics_mentions_and_source(
    client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(5):
        response = client.get("/glossary/chokehold/")
    html = response.text
    assert response.status_code == 200
    assert "<h1>Chokeholds and dangerous restraints</h1>" in html
    assert "cut off breathing" in html  # the definition
    assert "Also called:</strong> neck restraint, carotid restraint, stranglehold</p>" in html
    assert "hog-tie" not in html  # a spelling search knows, not another name
    assert 'href="/topics/use-of-force/"' in html
    mentions = [entry.key for entry in response.context["groups"][0][1]]
    assert "NE-4.3" in mentions
    assert "a definition in our own plain words, not quoted" in html
    assert "<cite>New Era of Public Safety" in html


def test_a_spanish_term_page_lists_its_mentions_in_spanish(client, django_assert_max_num_queries):
    """Mentions link to the Spanish pages, under their Spanish titles (one more query)."""
    with django_assert_max_num_queries(6):
        html = client.get("/es/glossary/chokehold/").text
    assert 'href="/es/recommendations/ne-4-3/"><span class="key">NE-4.3</span> Prohibir' in html
    assert 'href="/recommendations/ne-4-3/"' not in html


def test_a_term_page_lists_every_item_indexed_under_the_term():
    from django.test import Client

    response = Client().get("/glossary/body-worn-camera/")
    listed = {e.key for _, entries in response.context["groups"] for e in entries}
    mentioning = {
        e.key
        for e in SearchEntry.objects.filter(keywords__contains="glossarytermbodyworncamera")
        if e.type != "glossary" and not e.type.startswith(("pillar", "topic"))
    }
    assert listed == mentioning and len(listed) >= 5


def test_unknown_and_draft_terms_are_not_found(client):
    assert client.get("/glossary/no-such-term/").status_code == 404
    GlossaryTerm.objects.filter(slug="chokehold").update(status=Publication.DRAFT)
    assert client.get("/glossary/chokehold/").status_code == 404


def test_the_index_keeps_anchors_links_each_term_and_is_short(
    client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(2):
        html = client.get("/glossary/").text
    terms = GlossaryTerm.objects.published()
    for term in terms:
        assert f'<dt id="{term.slug}"><a href="/glossary/{term.slug}/">' in html
    assert '<nav aria-label="Glossary A to Z"' in html and 'href="#letter-Z"' in html
    assert "Also called" not in html and "credentialing bodies" not in html
    assert len(html) < 45_000  # it was 112 KB with every alias and full definition


def test_the_spanish_index_is_in_the_order_of_the_spanish_names(client):
    """Each initial once, in order, each with the terms whose Spanish names start with it."""
    html = client.get("/es/glossary/").text
    letters = re.findall(r'<li><a href="#letter-([^"]+)">', html)
    assert letters == sorted(set(letters), key=_alphabetical) and "A" in letters
    sections = re.findall(r'<h2 id="letter-(.)">.*?</dl>', html, re.S)
    assert sections == letters
    for letter, terms in re.findall(r'<h2 id="letter-(.)">(.*?)</dl>', html, re.S):
        names = re.findall(r'<dt id="[^"]+"><a href="/es/glossary/[^"]+">([^<]+)</a>', terms)
        assert names and all(_alphabetical(name[0]).upper() == letter for name in names), letter


def test_search_points_at_term_pages():
    entry = SearchEntry.objects.get(key="glossary:chokehold")
    assert entry.url == "/glossary/chokehold/"


def test_synonyms_are_among_the_search_aliases_so_search_is_unchanged():
    records = json.loads((settings.BASE_DIR / "fixtures" / "glossary.json").read_text())
    with_synonyms = [r for r in records if r["fields"]["synonyms"]]
    assert len(with_synonyms) >= 90
    for record in with_synonyms:
        aliases = {a.casefold() for a in record["fields"]["aliases"]}
        assert {s.casefold() for s in record["fields"]["synonyms"]} <= aliases, record


class TestItemPagesLinkTheFirstMention:
    def test_a_recommendation_links_each_term_once_and_keeps_the_wording(self, client):
        html = client.get("/recommendations/tf-2-2/").text
        links = TERM_LINK.findall(html)
        assert ("/glossary/officer-involved-shooting/", "police shooting") in links
        assert len({url for url, _ in links}) == len(links)  # each term once

    def test_the_quoted_wording_reads_the_same(self, client):
        from recommendations.models import Recommendation

        recommendation = Recommendation.objects.get(key="NE-3.4")
        html = client.get("/recommendations/ne-3-4/").text
        h1 = re.search(r"<h1>(.*?)</h1>", html, re.S).group(1)
        assert 'class="term-link"' in h1
        from html import unescape

        assert unescape(re.sub(r"<[^>]+>", "", h1)) == recommendation.wording

    def test_programs_and_guide_actions_link_terms(self, client):
        assert (
            "/glossary/post-commission/"
            in client.get("/implementation-guide/law-enforcement-3/").text
        )
        assert "/glossary/technical-assistance/" in client.get("/programs/cri-tac/").text


class TestLinker:
    linker = Linker(
        [
            ("body-worn-camera", "Body-worn camera", ["BWC", "body camera"]),
            ("use-of-force", "Use of force", []),
            ("use-of-force-continuum", "Use-of-force continuum", ["force continuum"]),
        ]
    )

    def test_first_mention_only_across_calls(self):
        linked = set()
        first = self.linker.link("Body cameras? A body camera. Another body camera.", linked)
        assert first.count("term-link") == 1 and first.startswith("<a ")
        assert '">Body cameras</a>?' in first
        assert "term-link" not in self.linker.link("Body-worn camera again", linked)

    def test_text_is_escaped_and_never_linked_inside_links_or_tags(self):
        html = '&lt;b&gt; &amp; <a href="/x">use of force</a> <em title="use of force">BWC</em>'
        out = self.linker.link(html, set())
        assert out.startswith("&lt;b&gt; &amp; ")
        assert '<a href="/x">use of force</a>' in out
        assert 'title="use of force"' in out
        assert '<a class="term-link" href="/glossary/body-worn-camera/">BWC</a>' in out

    def test_acronyms_match_in_capitals_only_and_longest_form_wins(self):
        assert "term-link" not in self.linker.link("a bwc", set())
        out = self.linker.link("the force continuum and use of force", set())
        assert ">force continuum</a>" in out and ">use of force</a>" in out

    def test_a_term_page_does_not_link_its_own_term(self):
        out = self.linker.link("use of force", set(), skip="use-of-force")
        assert "term-link" not in out
