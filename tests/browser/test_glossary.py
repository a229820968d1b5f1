"""The glossary in a real browser: a short A–Z index at 320 px, term pages, and the links
from item pages to terms, which work without JavaScript."""

import pytest

NARROW = {"width": 320, "height": 568}


@pytest.fixture
def narrow(browser):
    context = browser.new_context(viewport=NARROW)
    yield context.new_page()
    context.close()


def test_the_index_is_short_and_its_a_to_z_works_at_320_pixels(site, narrow):
    narrow.goto(site + "/glossary/")
    # Every alias and full definition made it about 75,000 px tall at 320 px.
    assert narrow.evaluate("document.documentElement.scrollHeight") < 20_000
    assert narrow.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    a_to_z = narrow.get_by_role("navigation", name="Glossary A to Z")
    a_to_z.get_by_role("link", name="S", exact=True).click()
    assert narrow.url.endswith("#letter-S")
    assert narrow.locator("#letter-S").bounding_box()["y"] < NARROW["height"]
    narrow.get_by_role("link", name="Stop and frisk", exact=True).click()
    assert narrow.url.endswith("/glossary/stop-and-frisk/")
    assert narrow.get_by_role("heading", level=1).inner_text() == "Stop and frisk"
    # The old addresses, anchors in the index, still lead to the term.
    narrow.goto(site + "/glossary/#chokehold")
    assert narrow.locator("#chokehold").bounding_box()["y"] < NARROW["height"]
    narrow.locator("#chokehold a").click()
    assert narrow.url.endswith("/glossary/chokehold/")
    narrow.goto(site + "/glossary/body-worn-camera/")
    assert narrow.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    assert "Also called: BWC, body camera, bodycam" in narrow.locator("main").inner_text()
    bwc = narrow.get_by_role("link", name="NE-8.5 Develop clear BWC policies with community input.")
    assert bwc.is_visible()


def test_a_term_link_on_an_item_page_works_without_javascript(site, browser):
    context = browser.new_context(java_script_enabled=False, viewport=NARROW)
    page = context.new_page()
    page.goto(site + "/recommendations/ne-3-4/")
    heading = page.get_by_role("heading", level=1)
    assert heading.inner_text() == "Limit the use of pretextual stops."  # the wording, intact
    heading.get_by_role("link", name="pretextual stops").click()
    assert page.url == site + "/glossary/pretextual-stop/"
    assert page.get_by_role("heading", level=1).inner_text() == "Pretextual stop"
    assert page.get_by_role("link", name="NE-3.4 Limit the use of pretextual stops.").is_visible()
    context.close()
