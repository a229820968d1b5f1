"""Issue 18 on paper: printing a page gives its content, citation and full addresses on the
site's canonical host, and none of the controls."""

from django.conf import settings

from ..factories import make_user

PASSWORD = "correct horse battery staple"

VISIBLE_CONTROLS = """() => [...document.querySelectorAll(
        'button, nav, form, input, select, .breadcrumbs, .skip-link, .site-footer, .bookmark-form')]
    .filter(el => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden')
    .map(el => el.outerHTML.slice(0, 80))"""


def test_printed_recommendation_has_content_and_no_controls(site, page):
    make_user("reader", PASSWORD)
    page.goto(f"{site}/accounts/login/")
    page.fill("#id_login", "reader")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{site}/me/")
    page.goto(f"{site}/recommendations/tf-2-2/")
    assert page.locator(".bookmark-form button").count() > 1
    page.emulate_media(media="print")
    assert page.evaluate(VISIBLE_CONTROLS) == []
    assert page.locator("h1").is_visible()
    assert page.locator("textarea.citation").is_visible()
    link = page.locator("main aside a").first
    after = link.evaluate("(el) => getComputedStyle(el, '::after').content")
    assert after.startswith(f'" ({settings.SITE_URL}/')
    # A glossary term in the text prints as its words, without an address in the sentence.
    term = page.locator("main a.term-link").first
    assert term.evaluate("(el) => getComputedStyle(el, '::after').content") == "none"
