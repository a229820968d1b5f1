"""Issue 19: every Spanish page type passes axe, and reads on a 320-pixel screen."""

import pytest

from recommendations.models import Chapter, Pillar, Recommendation, StakeholderAction

from .test_accessibility import agency, violations  # noqa: F401 (agency is a fixture)

SPANISH_PAGES = [
    "/es/",
    "/es/recommendations/",
    "/es/recommendations/?source=ne&pillar=2",
    "/es/recommendations/ne-3-2/",
    "/es/recommendations/tf-1-4/",
    "/es/implementation-guide/",
    "/es/implementation-guide/community-1/",
    "/es/chapters/3-stops-searches-and-arrests/",
    "/es/pillars/",
    "/es/pillars/1-building-trust-and-legitimacy/",
    "/es/topics/",
    "/es/topics/use-of-force/",
    "/es/programs/",
    "/es/programs/safe-policing-certification/",
    "/es/glossary/",
    "/es/glossary/chokehold/",
    "/es/search/?q=c%C3%A1maras+corporales",
    "/es/search/?q=uso+de+la+fuerza",
    "/es/search/?q=zzzzqqq",
    "/es/crosswalk/",
    "/es/sources/",
    "/es/whats-new/",
    "/es/about/",
    "/es/privacy/",
    "/es/accessibility/",
    "/es/accounts/login/",
    "/es/accounts/signup/",
    "/es/accounts/password/reset/",
    "/es/report/?item=NE-3.2",
    "/es/agencies/",
    "/es/agencies/national/",
    "/es/agencies/national/?state=IL&kind=municipal",
    "/es/agencies/springfield-pd/",
    "/es/no/such/page/",
    # The API guide has one address: in Spanish for whoever chose Spanish (the cookie).
    "/language/es/?next=/api/",
]

NARROW = {"width": 320, "height": 568}


# Text nodes that show one of the sources' English quotes or names (whole, or cut short
# with an ellipsis) without an element marked lang="en" around them.
UNLABELLED_QUOTES = """(quotes) => {
    const known = new Set(quotes);
    const found = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent.trim();
        const cut = text.endsWith('…') ? text.slice(0, -1) : null;
        const quoted = known.has(text) || (cut && cut.length > 30
            && quotes.some(q => q.startsWith(cut)));
        if (quoted && node.parentElement.closest('[lang]').lang !== 'en') found.push(text);
    }
    return found;
}"""


def english_quotes():
    """The sources' words that every page shows in English: New Era's recommendations, the
    Implementation Guide's actions, the chapters' titles and the pillars' names."""
    return [
        *Recommendation.objects.exclude(wording="").values_list("wording", flat=True),
        *StakeholderAction.objects.values_list("text", flat=True),
        *Chapter.objects.values_list("title", flat=True),
        *Pillar.objects.values_list("name", flat=True),
    ]


def test_spanish_pages_pass_axe_and_mark_english_quotes(site, agency, page):  # noqa: F811
    """WCAG 2.1 AA by axe, and language of parts (3.1.2), which axe cannot check: a quote
    left in English on a Spanish page is marked lang="en" so it is read as English."""
    quotes = english_quotes()
    problems, unlabelled = {}, {}
    for path in SPANISH_PAGES:
        response = page.goto(site + path)
        expected = (404, "es") if path.startswith("/es/no/") else (200, "es")
        assert (response.status, page.locator("html").get_attribute("lang")) == expected, path
        if found := violations(page):
            problems[path] = found
        if found := page.evaluate(UNLABELLED_QUOTES, quotes):
            unlabelled[path] = found[:3]
    assert problems == {}
    assert unlabelled == {}


@pytest.fixture
def narrow(browser):
    context = browser.new_context(viewport=NARROW, locale="es-US")
    yield context.new_page()
    context.close()


def test_spanish_pages_fit_a_320_pixel_screen(site, agency, narrow):  # noqa: F811
    """Spanish words are longer: no page scrolls sideways, and the header stays short."""
    overflow, tall_headers = {}, {}
    for path in SPANISH_PAGES:
        narrow.goto(site + path)
        width = narrow.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if width > 0:
            overflow[path] = width
        height = narrow.locator(".site-header").bounding_box()["height"]
        if height > 120:
            tall_headers[path] = height
    assert overflow == {}
    assert tall_headers == {}
    assert narrow.locator("#header-q").is_visible()
