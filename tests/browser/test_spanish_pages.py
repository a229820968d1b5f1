"""Issue 19: every Spanish page type passes axe, and reads on a 320-pixel screen."""

import pytest

from .test_accessibility import agency, audit  # noqa: F401 (agency is a fixture)

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
    # The API guide has one address; a Spanish reader's choice is remembered by the cookie.
    "/language/es/?next=/api/",
]

NARROW = {"width": 320, "height": 568}


def test_no_wcag_violations_in_spanish(site, agency, page):  # noqa: F811
    assert audit(page, site, SPANISH_PAGES) == {}


@pytest.fixture
def narrow(browser):
    context = browser.new_context(viewport=NARROW, locale="es-US")
    yield context.new_page()
    context.close()


def test_spanish_pages_fit_a_320_pixel_screen(site, agency, narrow):  # noqa: F811
    """Spanish words are longer: no page scrolls sideways, and the header stays short."""
    overflow, tall_headers = {}, {}
    for path in SPANISH_PAGES[:-1]:
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
