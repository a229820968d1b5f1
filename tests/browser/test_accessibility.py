"""axe-core on every page type, signed out and signed in, and layouts on small screens."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone

from agencies.models import Agency, Bookmark, Collection, Membership, Role, TrackerEntry
from recommendations.models import Recommendation

from ..factories import make_user

PASSWORD = "correct horse battery staple"
WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}

PUBLIC_PAGES = [
    "/",
    "/about/",
    "/accessibility/",
    "/pillars/",
    "/pillars/1-building-trust-and-legitimacy/",
    "/chapters/3-stops-searches-and-arrests/",
    "/recommendations/",
    "/recommendations/?source=ne&pillar=2",
    "/recommendations/?pillar=99",
    "/recommendations/ne-3-2/",
    "/recommendations/tf-1-4/",
    "/implementation-guide/",
    "/implementation-guide/community-1/",
    "/programs/",
    "/programs/safe-policing-certification/",
    "/topics/",
    "/topics/use-of-force/",
    "/crosswalk/",
    "/sources/",
    "/glossary/",
    "/glossary/chokehold/",
    "/api/",
    "/report/?item=NE-3.2",
    "/search/?q=body+camras",
    "/search/?q=zzzzqqq",
    "/whats-new/",
    "/agencies/",
    "/agencies/?q=spring&state=IL",
    "/agencies/?q=nowhere",
    "/agencies/?state=ZZ",
    "/agencies/national/",
    "/agencies/national/?state=IL&kind=municipal",
    "/agencies/national/?state=TX",
    "/agencies/national/?state=ZZ",
    "/agencies/springfield-pd/",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
    "/no/such/page/",
]

SIGNED_IN_PAGES = [
    "/me/",
    "/me/join/",
    "/me/join/?q=spring",
    "/me/join/?q=nowhere",
    "/me/join/?agency=springfield-pd",
    "/me/register-agency/",
    "/me/profile/",
    "/accounts/email/",
    "/accounts/password/change/",
    "/accounts/2fa/",
    "/accounts/2fa/totp/activate/",
    "/me/collections/new/",
    "/agencies/springfield-pd/tracker/",
    "/agencies/springfield-pd/tracker/?status=implemented&pillar=2",
    "/agencies/springfield-pd/preview/",
    "/agencies/springfield-pd/tracker/ne-4-1/",
    "/agencies/springfield-pd/members/",
    "/recommendations/ne-3-2/",
    "/search/?q=quotas",
]


@pytest.fixture
def agency(site):
    agency = Agency.objects.create(
        name="Springfield PD",
        slug="springfield-pd",
        kind="municipal",
        state="IL",
        tracker_published_at=timezone.now(),
    )
    user = make_user("chief", PASSWORD)
    Membership.objects.create(user=user, agency=agency, role=Role.COORDINATOR)
    TrackerEntry.objects.create(
        agency=agency,
        recommendation=Recommendation.objects.get(key="NE-4.1"),
        status="implemented",
        explanation="Adopted.",
        reviewed_on=timezone.localdate(),
    )
    bookmark = Bookmark.objects.create(user=user, key="NE-4.1", note="Ask about this")
    collection = Collection.objects.create(owner=user, name="Reading", agency=agency)
    collection.bookmarks.add(bookmark)
    return agency, collection


def violations(page):
    results = Axe().run(page, options=WCAG)
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])}× e.g. {v['nodes'][0]['target']})"
        for v in results.response["violations"]
    ]


def audit(page, site, paths):
    found = {}
    for path in paths:
        page.goto(site + path)
        problems = violations(page)
        if problems:
            found[path] = problems
    return found


def test_no_wcag_violations_signed_out(site, agency, page):
    assert audit(page, site, PUBLIC_PAGES) == {}


def test_no_wcag_violations_signed_in(site, agency, page):
    _agency, collection = agency
    page.goto(f"{site}/accounts/login/")
    page.fill("#id_login", "chief")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{site}/me/")
    paths = [
        *SIGNED_IN_PAGES,
        collection.get_absolute_url(),
        f"/collections/{collection.pk}/print/",
    ]
    assert audit(page, site, paths) == {}


SMALL_SCREEN_PAGES = [
    "/",
    "/pillars/1-building-trust-and-legitimacy/",
    "/recommendations/",
    "/recommendations/ne-3-2/",
    "/programs/cri-tac/",
    "/topics/use-of-force/",
    "/crosswalk/",
    "/search/?q=use+of+force",
    "/glossary/",
    "/agencies/",
    "/agencies/national/",
    "/agencies/springfield-pd/",
]

OVERLAPS = """() => {
    // Compare line boxes, not bounding boxes: a link that wraps is two boxes.
    const controls = [...document.querySelectorAll('a, button, input, select, textarea')]
        // checkVisibility() leaves out what a closed <details> (the menu) hides.
        .filter(el => el.offsetParent !== null && el.checkVisibility()
            && !el.closest('.visually-hidden, .skip-link'))
        .map(el => [el, [...el.getClientRects()].filter(r => r.width > 0 && r.height > 0)]);
    const overlap = (r, s) =>
        Math.min(r.right, s.right) - Math.max(r.left, s.left) > 2 &&
        Math.min(r.bottom, s.bottom) - Math.max(r.top, s.top) > 2;
    const clash = [];
    for (let i = 0; i < controls.length; i++) {
        for (let j = i + 1; j < controls.length; j++) {
            const [a, ra] = controls[i], [b, rb] = controls[j];
            if (a.contains(b) || b.contains(a)) continue;
            if (ra.some(r => rb.some(s => overlap(r, s)))) {
                clash.push(a.outerHTML.slice(0, 60) + ' / ' + b.outerHTML.slice(0, 60));
            }
        }
    }
    return clash;
}"""


@pytest.mark.parametrize("width", [320, 768])
def test_small_screens_do_not_scroll_sideways_or_overlap(site, agency, browser, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    problems = {}
    for path in SMALL_SCREEN_PAGES:
        page.goto(site + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        clashes = page.evaluate(OVERLAPS)
        if overflow > 0 or clashes:
            problems[path] = {"overflow": overflow, "overlapping": clashes[:3]}
    context.close()
    assert problems == {}
