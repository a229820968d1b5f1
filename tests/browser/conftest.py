"""Real-browser tests: Playwright driving Debian's Chromium against a live server.

Run apart from the main suite (``make test`` does both), because every test here
commits to the database, which Django then empties; each test starts by loading
the content again.
"""

import os
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

from recommendations.models import Recommendation

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parent.parent.parent / "test-artifacts"


@pytest.fixture(scope="session")
def browser_type_launch_args():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make browser` (apt-get install chromium).")
    return {
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-dev-shm-usage",
        ],
    }


@pytest.fixture
def site(live_server, transactional_db):
    """The live server's address, with the content and the Curator group in place
    (Django empties every table after each of these tests, migrations' data too)."""
    if not Recommendation.objects.exists():
        call_command("load_content", verbosity=0)
    group, _ = Group.objects.get_or_create(name="Curator")
    group.permissions.set(
        Permission.objects.filter(
            content_type__app_label="recommendations",
            codename__regex=r"^(add|change|view)_(?!historical|searchentry|searchword)",
        )
    )
    return live_server.url


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def context(context, request):
    """pytest-playwright's browser context; on failure, save a screenshot and the HTML of
    every page it opened under test-artifacts/ (CI keeps them)."""
    yield context
    report = getattr(request.node, "report_call", None)
    if report is None or not report.failed:
        return
    ARTIFACTS.mkdir(exist_ok=True)
    name = re.sub(r"[^\w.-]+", "_", request.node.nodeid)
    for n, page in enumerate(context.pages):
        page.screenshot(path=ARTIFACTS / f"{name}-{n}.png", full_page=True)
        (ARTIFACTS / f"{name}-{n}.html").write_text(page.content())
