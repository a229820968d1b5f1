"""A researcher finds the open data and a reader reports a problem, in a real browser."""

import csv
import io
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from feedback.models import ReaderReport

from .driver import DRIVERS

SHOTS = Path("/tmp/shots-opendata")


def shoot(page, name):
    """Screenshots at a desktop and a phone width; the page must never scroll sideways."""
    SHOTS.mkdir(exist_ok=True)
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"))
        overflow = page.evaluate("document.documentElement.scrollWidth")
        assert overflow <= width, f"{name} is {overflow}px wide at {width}px"
    page.set_viewport_size({"width": 1280, "height": 900})


def test_researcher_finds_the_api_page_and_downloads_the_data(site, page):
    page.goto(site)
    page.locator("footer").get_by_role("link", name="Open data API").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Open data API")
    expect(page.get_by_role("heading", name="GET /api/items.csv")).to_be_visible()
    shoot(page, "api-page")
    page.locator("#api-recommendations").scroll_into_view_if_needed()
    shoot(page, "api-page-endpoint")
    with page.expect_download() as download:
        page.get_by_role("link", name="Everything at once (ZIP)").click()
    archive = zipfile.ZipFile(download.value.path())
    programs = archive.read("common-ground/csv/program.csv").decode()
    rows = list(csv.DictReader(io.StringIO(programs)))
    assert "program:cri-tac" in {row["key"] for row in rows}
    assert all(row["url"].startswith("http") for row in rows)
    with page.expect_download() as download:
        page.get_by_role("link", name="program", exact=True).click()
    opened = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text())))
    assert [row["key"] for row in opened] == [row["key"] for row in rows]


@pytest.mark.parametrize("how", ["mouse", "keyboard"])
def test_reader_reports_a_problem_on_a_recommendation(site, page, how):
    d = DRIVERS[how](page)
    page.goto(f"{site}/recommendations/ne-3-2/")
    d.click(page.get_by_role("link", name="Report a problem or suggest a correction"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Report a problem or suggest a correction"
    )
    if how == "mouse":
        shoot(page, "report-form")
    d.click(page.get_by_role("button", name="Send the report"))  # empty: a clear message
    expect(page.locator(".error-summary")).to_contain_text("Please write what is wrong")
    d.fill(page.get_by_label("What is wrong, or what should we add?"), "Page 41 says more.")
    d.fill(page.get_by_label("Your email (optional)"), "reader@example.org")
    d.click(page.get_by_role("button", name="Send the report"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for your report")
    report = ReaderReport.objects.get()
    assert (report.item_key, report.email, report.status) == ("NE-3.2", "reader@example.org", "new")
