"""The journeys people make, each run by mouse and by keyboard alone."""

import csv
import io
import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from playwright.sync_api import expect

from agencies.models import Agency, Membership, Role, User
from recommendations.models import Recommendation

from ..factories import make_totp, make_user
from .driver import DRIVERS

PASSWORD = "correct horse battery staple"

pytestmark = pytest.mark.parametrize("how", ["mouse", "keyboard"])


def sign_up(page, d, site, username):
    """Sign up and confirm the address by the link in the email."""
    page.goto(f"{site}/accounts/signup/")
    d.fill(page.locator("#id_username"), username)
    d.fill(page.locator("#id_email"), f"{username}@example.org")
    d.fill(page.locator("#id_password1"), PASSWORD)
    d.fill(page.locator("#id_password2"), PASSWORD)
    d.click(page.locator("main button[type=submit]"))
    expect(page).to_have_url(f"{site}/accounts/confirm-email/")
    page.goto(site + re.search(r"(/accounts/confirm-email/\S+)", mail.outbox[-1].body)[1])
    d.click(page.locator("main button[type=submit]"))
    expect(page).to_have_url(f"{site}/me/")


def sign_in(page, d, site, username):
    page.goto(f"{site}/accounts/login/")
    d.fill(page.locator("#id_login"), username)
    d.fill(page.locator("#id_password"), PASSWORD)
    d.click(page.locator("main button[type=submit]"))
    expect(page).to_have_url(f"{site}/me/")


def test_community_member_reads_and_cites_a_recommendation(site, context, how):
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    d = DRIVERS[how](page)
    page.goto(site)
    d.click(page.get_by_role("link", name="Policy and Oversight", exact=True))
    expect(page.get_by_role("heading", level=1)).to_have_text("Pillar 2: Policy and Oversight")
    d.click(page.locator("main a[href='/recommendations/ne-3-2/']").first)
    expect(page.get_by_role("heading", level=1)).to_have_text("Ban formal and informal quotas.")
    d.click(page.get_by_role("button", name="Copy citation"))
    expect(page.locator(".copy-status")).to_have_text("Citation copied.")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert 'Recommendation 3.2: "Ban formal and informal quotas."' in copied
    assert copied.endswith("/recommendations/ne-3-2/")


def test_search_with_a_typo_narrow_and_share(site, context, how):
    page = context.new_page()
    d = DRIVERS[how](page)
    page.goto(site)
    d.fill(page.locator("#home-q"), "implict bias traning")
    d.click(page.locator(".big-search button"))
    expect(page.locator(".correction")).to_contain_text(
        "Showing results for implicit bias training"
    )
    d.click(page.locator(".facet a", has_text="Recommendation").first)
    expect(page).to_have_url(re.compile("type=recommendation"))
    keys = page.locator(".card .item-key").all_text_contents()
    assert keys
    shared = context.new_page()
    shared.goto(page.url)
    assert shared.locator(".card .item-key").all_text_contents() == keys


def test_staff_collect_export_and_share_within_their_agency(site, context, browser, how):
    agency = Agency.objects.create(
        name="Springfield PD", slug="springfield-pd", kind="municipal", state="IL"
    )
    colleague = make_user("colleague", PASSWORD)
    Membership.objects.create(user=colleague, agency=agency, role=Role.MEMBER)
    make_user("stranger", PASSWORD)

    page = context.new_page()
    d = DRIVERS[how](page)
    # The address is confirmed by the link in the email before the account can be used.
    sign_up(page, d, site, "newstaff")
    Membership.objects.create(user=User.objects.get(username="newstaff"), agency=agency)

    for path in ["/recommendations/ne-4-1/", "/recommendations/ne-4-3/", "/programs/cri-tac/"]:
        page.goto(site + path)
        d.click(page.locator("main .bookmark-form button"))
        expect(page.locator(".messages")).to_contain_text("Bookmarked.")

    page.goto(f"{site}/me/collections/new/")
    d.fill(page.locator("#id_name"), "Use of force reading")
    d.select(page.locator("#id_agency"), "Springfield PD")
    d.click(page.locator("main button[type=submit]"))
    expect(page.locator("input[id^=add-]")).to_have_count(3)
    for box in page.locator("input[id^=add-]").all():
        d.check(box)
    d.click(page.get_by_role("button", name="Add the checked bookmarks"))
    expect(page.locator("input[id^=in-]")).to_have_count(3)

    with page.expect_download() as download:
        d.click(page.get_by_role("link", name="Export as CSV"))
    rows = list(csv.reader(io.StringIO(open(download.value.path()).read())))
    assert {row[0] for row in rows[1:]} == {"NE-4.1", "NE-4.3", "program:cri-tac"}
    collection_url = page.url

    for username, can_see in [("colleague", True), ("stranger", False)]:
        other = browser.new_context()
        other_page = other.new_page()
        sign_in(other_page, DRIVERS[how](other_page), site, username)
        response = other_page.goto(collection_url)
        assert (response.status == 200) is can_see
        other.close()


def test_coordinator_updates_and_publishes_the_tracker(site, context, how):
    agency = Agency.objects.create(
        name="Shelbyville PD", slug="shelbyville-pd", kind="municipal", state="IL"
    )
    coordinator = make_user("chief", PASSWORD)
    Membership.objects.create(user=coordinator, agency=agency, role=Role.COORDINATOR)
    page = context.new_page()
    d = DRIVERS[how](page)
    sign_in(page, d, site, "chief")
    page.goto(f"{site}/agencies/shelbyville-pd/tracker/ne-4-1/")
    d.select(page.locator("#id_status"), "Implemented")
    d.fill(page.locator("#id_explanation"), "Adopted in policy 1.01.")
    d.fill(page.locator("#id_evidence_links"), "https://example.org/policy")
    d.click(page.get_by_role("button", name="Save status"))
    expect(page.locator(".messages")).to_contain_text("Saved the status of NE-4.1")
    d.click(page.get_by_role("button", name="Publish the tracker"))
    expect(page.locator(".messages")).to_contain_text("The tracker is now public.")
    public = context.browser.new_context().new_page()
    public.goto(f"{site}/agencies/shelbyville-pd/")
    expect(public.locator("main")).to_contain_text("The agency reports its own status.")
    expect(public.locator("main")).to_contain_text("1 implemented, 0 in progress")
    expect(public.locator("main")).to_contain_text(
        "New Era chapter 4: The Use of Force: 1 of 10 recorded, 1 implemented"
    )


def test_curator_edits_previews_publishes_and_reverts(site, context, how):
    curator = make_user("curator", PASSWORD, is_staff=True)
    code = make_totp(curator)
    curator.groups.add(Group.objects.get(name="Curator"))
    recommendation = Recommendation.objects.get(key="NE-3.2")
    page = context.new_page()
    d = DRIVERS[how](page)
    # The admin sends people to the site's sign-in, which asks staff for their second factor.
    page.goto(f"{site}/admin/login/?next=/admin/")
    d.fill(page.locator("#id_login"), "curator")
    d.fill(page.locator("#id_password"), PASSWORD)
    d.click(page.locator("main button[type=submit]"))
    expect(page).to_have_url(f"{site}/accounts/2fa/authenticate/")
    d.fill(page.locator("#id_code"), code())
    d.click(page.locator("main").get_by_role("button", name="Sign In", exact=True))
    expect(page).to_have_url(f"{site}/admin/")
    change = f"{site}/admin/recommendations/recommendation/{recommendation.pk}/change/"
    page.goto(change)
    d.fill(page.locator("#id_wording"), "Ban formal and informal quotas!")
    d.click(page.locator("input[name=_save_draft]"))
    expect(page.locator(".draft-panel")).to_contain_text("it changes: wording")
    d.click(page.get_by_role("link", name="Preview", exact=True))
    expect(page.locator(".draft-banner")).to_contain_text("Preview of a draft.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ban formal and informal quotas!")
    page.goto(change)
    d.click(page.get_by_role("button", name="Publish draft"))
    expect(page.locator(".messagelist")).to_contain_text("The draft is published")
    page.goto(f"{site}/search/?q=quotas")
    expect(page.locator("main")).to_contain_text("Ban formal and informal quotas!")
    page.goto(change.replace("/change/", "/history/"))
    d.click(page.locator("table a[href*='/history/']").last)
    d.click(page.locator("input[type=submit][name=_save]"))
    expect(page.locator(".messagelist")).to_contain_text(
        "Ban formal and informal quotas.” was changed"
    )
    recommendation.refresh_from_db()
    assert recommendation.wording == "Ban formal and informal quotas."
