"""Issue 19: a community member who reads Spanish walks the portal, by mouse and by
keyboard alone, from the first visit to switching languages and back."""

import re

import pytest
from playwright.sync_api import expect

from recommendations.models import GlossaryTerm, Recommendation

from .driver import DRIVERS

pytestmark = pytest.mark.parametrize("how", ["mouse", "keyboard"])


@pytest.fixture
def spanish_browser(browser):
    """A browser set to Spanish, as a person's own would be: it sends Accept-Language es."""
    context = browser.new_context(locale="es-US", viewport={"width": 1280, "height": 900})
    yield context
    context.close()


def test_community_member_reads_searches_and_switches_in_spanish(site, spanish_browser, how):
    page = spanish_browser.new_page()
    d = DRIVERS[how](page)
    arrives_in_spanish(page, site)
    recommendation = reads_a_topic_guide(page, d, site)
    reads_the_recommendation(page, d, site, recommendation)
    searches_in_spanish(page, d)
    term = reads_the_glossary(page, d, site)
    switches_language_and_back(page, d, site, term)


def arrives_in_spanish(page, site):
    """The first visit follows the browser's language."""
    page.goto(site + "/")
    expect(page).to_have_url(f"{site}/es/")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Orientaciones para la reforma policial, en un solo lugar"
    )
    expect(page.get_by_role("navigation", name="Principal")).to_contain_text("Recomendaciones")


def reads_a_topic_guide(page, d, site):
    """A topic guide, in Spanish, with its questions to ask; returns a quoted item on it."""
    main = page.locator("main")
    d.click(main.get_by_role("link", name="Uso de la fuerza", exact=True))
    expect(page).to_have_url(f"{site}/es/topics/use-of-force/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Uso de la fuerza")
    expect(main).to_contain_text("Preguntas para hacerle a su departamento")
    recommendation = Recommendation.objects.get(key="NE-4.1")
    quoted = main.locator("a[href='/es/recommendations/ne-4-1/']", has_text=recommendation.wording)
    expect(quoted).to_have_attribute("lang", "en")
    expect(main).to_contain_text(recommendation.wording_es)
    d.click(quoted)
    return recommendation


def reads_the_recommendation(page, d, site, recommendation):
    """The report's words in English, our rendering beside them, and a note that says whose
    translation this is and that nobody has reviewed it yet."""
    main = page.locator("main")
    expect(page).to_have_url(f"{site}/es/recommendations/ne-4-1/")
    note = page.get_by_role("note").filter(has_text="Traducción al español de Common Ground")
    expect(note).to_contain_text("hecha con ayuda de una máquina y aún no revisada")
    original = note.get_by_role("link", name="Leer el original en inglés")
    expect(original).to_have_attribute("href", "/recommendations/ne-4-1/")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text(recommendation.wording)
    expect(heading).to_have_attribute("lang", "en")
    rendering = main.locator(".rendering")
    expect(rendering).to_contain_text("Nuestra traducción no oficial al español:")
    expect(rendering).to_contain_text(recommendation.wording_es)
    assert recommendation.wording_es and recommendation.wording_es != recommendation.wording
    expect(main.get_by_role("heading", name="En palabras sencillas")).to_be_visible()


def searches_in_spanish(page, d):
    """A search typed in Spanish from the header finds Spanish pages."""
    main = page.locator("main")
    d.fill(page.locator("#header-q"), "cámaras corporales")
    d.click(page.locator(".header-search button"))
    expect(page).to_have_url(re.compile(r"/es/search/\?q=c%C3%A1maras\+corporales"))
    expect(page.locator("#results-heading")).to_have_text(
        re.compile(r"^\d+ resultados para “cámaras corporales”")
    )
    results = main.locator(".card-title a")
    expect(results.first).to_be_visible()
    assert_spanish_addresses(results)
    expect(main.locator(".card-meta").first).to_contain_text(
        re.compile("Recomendación|Término del glosario|Punto de acción")
    )
    expect(main.locator(".glossary-match")).to_contain_text("Cámara corporal")


def reads_the_glossary(page, d, site):
    """The glossary, and a term in it whose mentions lead to Spanish pages."""
    main = page.locator("main")
    d.click(page.get_by_role("navigation", name="Principal").get_by_role("link", name="Glosario"))
    expect(page).to_have_url(f"{site}/es/glossary/")
    term = GlossaryTerm.objects.get(slug="body-worn-camera")
    d.click(main.get_by_role("link", name=term.term_es, exact=True))
    expect(page).to_have_url(f"{site}/es/glossary/body-worn-camera/")
    expect(page.get_by_role("heading", level=1)).to_have_text(term.term_es)
    expect(main.locator(".lead")).to_contain_text(term.definition_es[:60])
    mentions = main.locator(".mentions a")
    expect(mentions.first).to_be_visible()
    assert_spanish_addresses(mentions)
    return term


def switches_language_and_back(page, d, site, term):
    """The switcher shows the same page in English and brings the reader back; the choice
    is remembered: an English address no longer sends this reader to Spanish."""
    d.click(page.get_by_role("link", name="English", exact=True))
    expect(page).to_have_url(f"{site}/glossary/body-worn-camera/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text(term.term_en)
    expect(page.get_by_role("note").filter(has_text="Traducción")).to_have_count(0)
    d.click(page.get_by_role("link", name="Español", exact=True))
    expect(page).to_have_url(f"{site}/es/glossary/body-worn-camera/")
    expect(page.get_by_role("heading", level=1)).to_have_text(term.term_es)
    d.click(page.get_by_role("link", name="English", exact=True))
    expect(page).to_have_url(f"{site}/glossary/body-worn-camera/")
    page.goto(site + "/topics/")
    expect(page).to_have_url(f"{site}/topics/")
    expect(page.locator("html")).to_have_attribute("lang", "en")


def assert_spanish_addresses(links):
    hrefs = links.evaluate_all("(links) => links.map(a => a.getAttribute('href'))")
    assert hrefs and all(href.startswith("/es/") for href in hrefs), hrefs
