"""A reader reports an error; a curator stages the fix, previews it, publishes it and
closes the report, and the reader hears back: in a real browser."""

from pathlib import Path

from django.contrib.auth.models import Group, Permission
from django.core import mail
from playwright.sync_api import expect

from feedback.models import ReaderReport
from recommendations.models import Recommendation

from ..factories import make_totp, make_user

PASSWORD = "correct horse battery staple"
SHOTS = Path("/tmp/shots-curator")
WORDING = "Ban formal and informal quotas."
FIXED = "Ban formal and informal arrest and ticket quotas."


def shoot(page, name):
    """Screenshots at a desktop and a phone width; the page must never scroll sideways."""
    SHOTS.mkdir(exist_ok=True)
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
        overflow = page.evaluate("document.documentElement.scrollWidth")
        assert overflow <= width, f"{name} is {overflow}px wide at {width}px"
    page.set_viewport_size({"width": 1280, "height": 900})


def report_a_problem(page, site):
    page.goto(f"{site}/recommendations/ne-3-2/")
    page.get_by_role("link", name="Report a problem or suggest a correction").click()
    page.get_by_label("What is wrong, or what should we add?").fill("It means arrest quotas.")
    page.get_by_label("Your email (optional)").fill("reader@example.org")
    page.get_by_role("button", name="Send the report").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for your report")


def sign_in_to_the_admin(page, site):
    curator = make_user("curator", PASSWORD, is_staff=True)
    code = make_totp(curator)
    group = Group.objects.get(name="Curator")
    # As feedback's migration grants it (the site fixture restores only the content's).
    group.permissions.add(
        *Permission.objects.filter(codename__in=["view_readerreport", "change_readerreport"])
    )
    curator.groups.add(group)
    page.goto(f"{site}/admin/login/?next=/admin/")
    page.locator("#id_login").fill("curator")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    page.locator("#id_code").fill(code())
    page.locator("main").get_by_role("button", name="Sign In", exact=True).click()
    expect(page).to_have_url(f"{site}/admin/")


def test_reader_reports_curator_stages_previews_publishes_and_replies(site, context, browser):
    reader = browser.new_context().new_page()
    report_a_problem(reader, site)

    page = context.new_page()
    sign_in_to_the_admin(page, site)
    attention = page.locator(".attention")
    expect(attention).to_contain_text("New readers' reports: 1")
    expect(attention).to_contain_text("Drafts waiting to be published or discarded: 0")
    shoot(page, "admin-index")

    recommendation = Recommendation.objects.get(key="NE-3.2")
    page.goto(f"{site}/admin/recommendations/recommendation/{recommendation.pk}/change/")
    page.locator("#id_wording").fill(FIXED)
    page.get_by_role("button", name="Save as draft (public keeps the published version)").click()
    expect(page.locator(".messagelist")).to_contain_text("Saved as a draft.")
    expect(page.locator(".draft-panel")).to_contain_text("it changes: wording")
    shoot(page, "change-form-with-draft")

    reader.goto(f"{site}/recommendations/ne-3-2/")
    expect(reader.get_by_role("heading", level=1)).to_have_text(WORDING)

    page.get_by_role("link", name="Preview").click()
    expect(page.locator(".draft-banner")).to_contain_text("Preview of a draft.")
    expect(page.get_by_role("heading", level=1)).to_have_text(FIXED)
    shoot(page, "draft-preview")
    page.get_by_role("link", name="Back to the item in the admin").click()
    page.get_by_role("button", name="Publish draft").click()
    expect(page.locator(".messagelist")).to_contain_text("The draft is published")

    reader.goto(f"{site}/recommendations/ne-3-2/")
    expect(reader.get_by_role("heading", level=1)).to_have_text(FIXED)

    page.goto(f"{site}/admin/")
    page.get_by_role("link", name="New readers' reports: 1").click()
    page.locator("#result_list tbody tr th a").first.click()
    page.locator("#id_status").select_option(label="Done")
    page.locator("#id_note").fill("Wording corrected; published.")
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    assert ReaderReport.objects.get().status == "done"
    assert [message.to for message in mail.outbox if "Your report" in message.subject] == [
        ["reader@example.org"]
    ]
