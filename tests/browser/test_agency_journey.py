"""From sign-up to the national page: the whole life of an agency on Common Ground, once by
mouse and once by keyboard alone."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from agencies.models import Agency, AgencyRequest

from ..factories import make_totp, make_user
from .driver import DRIVERS
from .test_journeys import PASSWORD, sign_in, sign_up

pytestmark = pytest.mark.parametrize("how", ["mouse", "keyboard"])


def request_agency(page, d):
    d.click(page.get_by_role("link", name="Register your agency"))
    d.fill(page.locator("#id_name"), "Capital City Police")
    d.select(page.locator("#id_kind"), "Municipal police")
    d.select(page.locator("#id_state"), "OR")
    d.select(page.locator("#id_size_band"), "25 to 99 sworn officers")
    d.fill(page.locator("#id_title"), "Chief of police")
    d.click(page.locator("main button[type=submit]"))
    expect(page.locator(".messages")).to_contain_text("A site administrator reviews")


def approve_in_the_admin(browser, site, how):
    admin = make_user("admin", PASSWORD, is_staff=True, is_superuser=True)
    code = make_totp(admin)
    context = browser.new_context()
    page = context.new_page()
    d = DRIVERS[how](page)
    page.goto(f"{site}/admin/login/?next=/admin/")
    d.fill(page.locator("#id_login"), "admin")
    d.fill(page.locator("#id_password"), PASSWORD)
    d.click(page.locator("main button[type=submit]"))
    d.fill(page.locator("#id_code"), code())
    d.click(page.locator("main").get_by_role("button", name="Sign In", exact=True))
    expect(page).to_have_url(f"{site}/admin/")
    pk = AgencyRequest.objects.get(name="Capital City Police").pk
    page.goto(f"{site}/admin/agencies/agencyrequest/{pk}/change/")
    d.select(page.locator("#id_review"),
             "Approve: create the agency, with the requester as its coordinator")  # fmt: skip
    d.click(page.locator("input[name=_save]"))
    expect(page.locator(".messagelist")).to_contain_text("Capital City Police")
    context.close()
    return Agency.objects.get(name="Capital City Police")


def invite_a_colleague(page, d, browser, site, agency, how):
    make_user("colleague", PASSWORD)
    page.goto(f"{site}/agencies/{agency.slug}/members/")
    d.fill(page.locator("#id_email"), "colleague@example.org")
    d.click(page.get_by_role("button", name="Send invitation"))
    expect(page.locator(".messages")).to_contain_text("Invitation sent to colleague@example.org")
    link = re.search(r"(/invitations/\S+)", mail.outbox[-1].body)[1]
    context = browser.new_context()
    other = context.new_page()
    sign_in(other, DRIVERS[how](other), site, "colleague")
    other.goto(site + link)
    DRIVERS[how](other).click(other.get_by_role("button", name="Accept and join"))
    expect(other.locator(".messages")).to_contain_text("You joined Capital City Police")
    context.close()


def record_ten_items(page, d, site, agency):
    """Nine at once with the bulk form (chapter 4, filtered), the tenth on its own page."""
    page.goto(f"{site}/agencies/{agency.slug}/tracker/")
    d.select(page.locator("#id_chapter"), "4: The Use of Force")
    d.click(page.get_by_role("button", name="Show", exact=True))
    boxes = page.locator("input[name=items]")
    expect(boxes).to_have_count(10)
    for box in boxes.all()[:9]:
        d.check(box)
    d.select(page.locator("#id_new_status"), "In progress")
    d.click(page.get_by_role("button", name="Set the status of the checked recommendations"))
    expect(page.locator(".messages")).to_contain_text("Set 9 recommendations to In progress.")
    d.click(page.get_by_role("link", name="Update NE-4.10"))
    d.select(page.locator("#id_status"), "Implemented")
    d.fill(page.locator("#id_explanation"), "Adopted in general order 12.")
    d.click(page.get_by_role("button", name="Save status"))
    expect(page.locator(".messages")).to_contain_text("Saved the status of NE-4.10")
    assert agency.tracker_entries.count() == 10


def test_from_sign_up_to_the_national_page(site, context, browser, how):
    page = context.new_page()
    d = DRIVERS[how](page)
    sign_up(page, d, site, "newchief")
    request_agency(page, d)
    agency = approve_in_the_admin(browser, site, how)
    invite_a_colleague(page, d, browser, site, agency, how)
    record_ten_items(page, d, site, agency)

    d.click(page.get_by_role("link", name="Preview the public page"))
    expect(page.locator("main")).to_contain_text("Preview: not yet public")
    expect(page.locator("main")).to_contain_text("Recorded 10 of")
    d.click(page.get_by_role("link", name="Back to the tracker"))
    d.click(page.get_by_role("button", name="Publish the tracker"))
    expect(page.locator(".messages")).to_contain_text("The tracker is now public.")

    public = browser.new_context().new_page()
    public.goto(f"{site}/agencies/")
    DRIVERS[how](public).click(public.get_by_role("link", name="Capital City Police"))
    expect(public.locator("main")).to_contain_text("1 implemented, 9 in progress")
    DRIVERS[how](public).click(public.get_by_role("link", name="See how all agencies compare"))
    expect(public.locator("main")).to_contain_text("1 agency publishes its tracker")
    row = public.locator("tr", has=public.locator(".key", has_text=re.compile(r"^NE-4\.10$")))
    expect(row.locator("td").first).to_have_text("1")
