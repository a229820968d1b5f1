"""The /search/ page as a person uses it: every link on a results page keeps the search."""

from html.parser import HTMLParser
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
from django.core.cache import cache

from recommendations import search

pytestmark = pytest.mark.django_db

FILTERS = ("type", "source", "pillar", "chapter", "topic")


@pytest.fixture(autouse=True)
def fresh_index_data():
    cache.delete_many([search.CACHE_KEY, search.VERSION_KEY])


class Links(HTMLParser):
    """Every link of a page, with its text."""

    def __init__(self):
        super().__init__()
        self.links, self._open = [], None

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self._open = [dict(attrs).get("href", ""), ""]

    def handle_data(self, data):
        if self._open:
            self._open[1] += data

    def handle_endtag(self, tag):
        if tag == "a" and self._open:
            self.links.append((self._open[0], " ".join(self._open[1].split())))
            self._open = None


def search_links(url, html):
    """The links of a results page that lead to another search, as (text, query dict)."""
    parser = Links()
    parser.feed(html)
    found = []
    for href, text in parser.links:
        if href.startswith("#"):  # the skip link, on this same page
            continue
        target = urlsplit(urljoin(url, href))
        if target.path == "/search/":
            found.append((text, href, {k: v[0] for k, v in parse_qs(target.query).items()}))
    return found


def removes_a_filter(text):
    return text.startswith(("Remove filter", "Clear all filters", "Search again without"))


@pytest.mark.parametrize(
    "url",
    [
        "/search/?q=police&type=recommendation",
        "/search/?q=police&type=recommendation&page=2",
        "/search/?q=polcie+trainng&source=ne",
        "/search/?q=zzzzqqqq+police&topic=accountability",
    ],
)
def test_every_link_on_a_results_page_keeps_the_query_and_filters(client, url):
    asked = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
    response = client.get(url)
    assert response.status_code == 200
    links = search_links(url, response.text)
    assert links, "a results page links to more results"
    for text, href, query in links:
        assert "q" in query, f"{text!r} ({href}) loses the query"
        assert query["q"].split()[-1] in asked["q"] or query["q"] == "police training", href
        for name in FILTERS:
            # A facet link may choose another value of its facet instead; only the
            # links that say so remove a filter.
            if name in asked and not removes_a_filter(text):
                assert query.get(name), f"{text!r} ({href}) loses {name}"
        followed = client.get(urljoin(url, href))
        assert followed.status_code == 200, href
        assert f'value="{query["q"]}"' in followed.text, href


def test_next_page_reaches_page_two(client):
    html = client.get("/search/?q=police").text
    links = search_links("/search/?q=police", html)
    next_link = [href for text, href, _ in links if "Next" in text]
    assert next_link == ["?q=police&page=2"]
    page_two = client.get("/search/" + next_link[0]).text
    assert "page 2 of" in page_two


class TestNothingMatches:
    def test_no_empty_narrowing_heading(self, client):
        html = client.get("/search/?q=sobriety+checkpoints").text
        assert "Narrow the results" not in html
        assert "every recommendation" in html

    def test_the_nearest_terms_topics_and_programs_are_offered(self, client):
        html = client.get("/search/?q=chokehols&exact=1").text  # searched as typed
        assert "0 results" in html
        assert "Nearest to what you typed" in html
        link = '<a href="/glossary/chokehold/">Chokeholds and dangerous restraints</a>'
        assert f"Glossary: {link}" in html

    def test_nothing_near_is_not_made_up(self, client):
        html = client.get("/search/?q=zzzzqqqq").text
        assert "Nearest to what you typed" not in html
