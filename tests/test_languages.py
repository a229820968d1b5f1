"""English at today's addresses, Spanish under /es/, and how a reader moves between them."""

import re

import pytest

pytestmark = pytest.mark.django_db

RECOMMENDATION = "/recommendations/ne-3-2/"


def test_english_addresses_are_unchanged_and_say_so(client):
    page = client.get(RECOMMENDATION)
    assert page.status_code == 200
    html = page.content.decode()
    assert '<html lang="en">' in html
    assert 'hreflang="es" href="http://testserver/es/recommendations/ne-3-2/"' in html
    assert 'hreflang="x-default" href="http://testserver/recommendations/ne-3-2/"' in html


def test_spanish_pages_live_under_es_in_spanish(client):
    page = client.get("/es" + RECOMMENDATION)
    assert page.status_code == 200
    html = page.content.decode()
    assert '<html lang="es">' in html
    assert page["Content-Language"] == "es"
    assert 'hreflang="en" href="http://testserver/recommendations/ne-3-2/"' in html
    # Links on a Spanish page stay in Spanish.
    assert 'href="/es/glossary/"' in html


def test_the_switcher_keeps_the_page_and_remembers_the_choice(client):
    html = client.get(RECOMMENDATION + "?from=x").content.decode()
    switch = re.search(r'<a href="(/language/es/[^"]+)" lang="es"', html)
    assert switch, "every page links to itself in Spanish"
    chosen = client.get(switch[1].replace("&amp;", "&"))
    assert chosen.status_code == 302
    assert chosen["Location"] == "/es" + RECOMMENDATION + "?from=x"
    assert chosen.cookies["language"].value == "es"


@pytest.mark.parametrize(
    "next_address", ["https://evil.example/", "//evil.example/", "/no-such-page/"]
)
def test_the_switcher_never_leaves_the_site(client, next_address):
    chosen = client.get("/language/es/", {"next": next_address})
    assert chosen.status_code == 302
    assert chosen["Location"].startswith("/")
    assert "evil" not in chosen["Location"]


def test_an_unknown_language_falls_back_to_english(client):
    chosen = client.get("/language/xx/", {"next": "/es/topics/"})
    assert chosen["Location"] == "/topics/"
    assert chosen.cookies["language"].value == "en"


def test_a_first_visit_follows_the_browser_language(client):
    first = client.get("/topics/?page=1", HTTP_ACCEPT_LANGUAGE="es-MX,es;q=0.9,en;q=0.5")
    assert first.status_code == 302
    assert first["Location"] == "/es/topics/?page=1"
    assert "Accept-Language" in first["Vary"]


def test_english_first_or_a_chosen_language_is_never_redirected(client):
    assert client.get("/topics/", HTTP_ACCEPT_LANGUAGE="en-US,es;q=0.8").status_code == 200
    client.cookies["language"] = "en"
    assert client.get("/topics/", HTTP_ACCEPT_LANGUAGE="es").status_code == 200


def test_addresses_without_a_spanish_version_are_not_redirected(client):
    for address in ["/api/", "/healthz/"]:
        assert client.get(address, HTTP_ACCEPT_LANGUAGE="es").status_code == 200


def test_cached_pages_never_cross_languages(client):
    english = client.get("/topics/")
    spanish = client.get("/es/topics/")
    again = client.get("/topics/")
    assert b'lang="en"' in english.content and b'lang="en"' in again.content
    assert b'lang="es"' in spanish.content
    assert again["X-Page-Cache"] == "hit"


def test_the_switcher_goes_back_to_english_too(client):
    html = client.get("/es" + RECOMMENDATION).content.decode()
    switch = re.search(r'<a href="(/language/en/[^"]+)" lang="en"', html)
    chosen = client.get(switch[1].replace("&amp;", "&"))
    assert chosen["Location"] == RECOMMENDATION
