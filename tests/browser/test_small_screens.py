"""Issue 18 on a 320-pixel screen: a short header with a menu that opens without JavaScript,
results before filters, in-page navigation on long pages, and no sideways scrolling."""

import pytest

NARROW = {"width": 320, "height": 568}

# One page of every type, the account pages included.
EVERY_PAGE_TYPE = [
    "/",
    "/pillars/",
    "/pillars/1-building-trust-and-legitimacy/",
    "/chapters/3-stops-searches-and-arrests/",
    "/recommendations/",
    "/recommendations/tf-2-2/",
    "/topics/",
    "/topics/use-of-force/",
    "/crosswalk/",
    "/programs/",
    "/programs/cri-tac/",
    "/glossary/",
    "/glossary/body-worn-camera/",
    "/sources/",
    "/search/?q=body+cams",
    "/about/",
    "/accessibility/",
    "/accounts/login/",
    "/accounts/signup/",
    "/agencies/",
]


@pytest.fixture
def narrow(browser):
    context = browser.new_context(viewport=NARROW)
    yield context.new_page()
    context.close()


def test_header_is_at_most_120_pixels_tall(site, narrow):
    heights = {}
    for path in ["/", "/recommendations/tf-2-2/", "/search/?q=body+cams", "/glossary/"]:
        narrow.goto(site + path)
        heights[path] = narrow.locator(".site-header").bounding_box()["height"]
    assert {path: h for path, h in heights.items() if h > 120} == {}
    assert narrow.locator("#header-q").is_visible()


def test_no_page_scrolls_sideways(site, narrow):
    overflow = {}
    for path in EVERY_PAGE_TYPE:
        narrow.goto(site + path)
        width = narrow.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if width > 0:
            overflow[path] = width
    assert overflow == {}


@pytest.mark.parametrize("path", ["/search/?q=body+cams", "/recommendations/"])
def test_results_come_before_filters(site, narrow, path):
    narrow.goto(site + path)
    order = narrow.evaluate(
        """() => {
            const results = document.querySelector('#results-heading');
            const filters = document.querySelector('.filter-panel');
            return results.compareDocumentPosition(filters) & Node.DOCUMENT_POSITION_FOLLOWING;
        }"""
    )
    assert order
    assert narrow.locator(".filter-panel > summary").inner_text() == "Filter results"
    assert narrow.locator(".filters").is_hidden()
    assert narrow.locator("#results-heading").bounding_box()["y"] < NARROW["height"]


def test_menu_opens_and_closes_by_keyboard(site, narrow):
    narrow.goto(site + "/")
    pillars = narrow.get_by_role("navigation", name="Main").get_by_role("link", name="Pillars")
    assert pillars.is_hidden()
    narrow.keyboard.press("Tab")  # the skip link
    narrow.keyboard.press("Tab")  # the brand
    narrow.keyboard.press("Tab")
    assert narrow.evaluate("document.activeElement.textContent.trim()") == "Menu"
    narrow.keyboard.press("Enter")
    assert pillars.is_visible()
    narrow.keyboard.press("Tab")
    assert narrow.evaluate("document.activeElement.textContent.trim()") == "Pillars"
    narrow.keyboard.press("Shift+Tab")
    narrow.keyboard.press("Space")
    assert pillars.is_hidden()


def test_wide_screens_show_the_navigation_without_a_menu_button(site, page):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(site + "/")
    assert page.locator(".menu > summary").is_hidden()
    main_nav = page.get_by_role("navigation", name="Main")
    assert main_nav.get_by_role("link", name="Pillars").is_visible()
    page.goto(site + "/search/?q=body+cams")
    assert page.locator(".filters").is_visible()


def test_long_pages_have_in_page_navigation(site, narrow):
    narrow.goto(site + "/glossary/")
    index = narrow.get_by_role("navigation", name="Glossary A to Z")
    assert index.get_by_role("link", name="A", exact=True).is_visible()
    narrow.goto(site + "/pillars/1-building-trust-and-legitimacy/")
    contents = narrow.get_by_role("navigation", name="On this page")
    contents.get_by_role("link", name="Related DOJ programs").click()
    assert narrow.url.endswith("#programs-heading")
