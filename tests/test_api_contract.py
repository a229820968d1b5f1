"""The API keeps its contract: schemathesis, with every check it has, over the whole
OpenAPI document, against a live server holding the real content.

Schemathesis runs as its CLI in a subprocess (its pytest plugin and Django's test
client do not mix with a live server), with deterministic generation, so a run
sends the same requests every time (coverage phase: every case the document defines;
fuzzing: at most 10 an operation). It talks only to the live server: a
proxy that does not exist stands in for every other address.
"""

import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from agencies.models import TrackerEntry
from recommendations.models import Recommendation

from .factories import make_agency, make_user

SCHEMATHESIS = Path(sys.executable).parent / "schemathesis"
OFFLINE = {"HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9",
           "ALL_PROXY": "http://127.0.0.1:9", "NO_PROXY": "127.0.0.1,localhost"}  # fmt: skip


@pytest.fixture
def published_tracker(live_server, transactional_db):
    """The content (Django empties every table after a live-server test) and the agency
    whose slug is the document's example, with a published tracker to check."""
    if not Recommendation.objects.exists():
        call_command("load_content", verbosity=0)
    agency = make_agency(coordinator=make_user("alice"), tracker_published_at=timezone.now())
    TrackerEntry.objects.create(
        agency=agency,
        recommendation=Recommendation.objects.get(key="NE-4.1"),
        status="implemented",
        reviewed_on=timezone.localdate(),
        explanation="Adopted in policy 1.01.",
    )
    return agency


def test_api_keeps_its_openapi_contract(live_server, published_tracker, tmp_path):
    command = [
        str(SCHEMATHESIS),
        "run",
        f"{live_server.url}/api/openapi.json",
        "--checks=all",
        "--max-examples=6",
        "--generation-deterministic",
        "--workers=2",
        "--no-color",
        "--request-timeout=10",
    ]
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), **OFFLINE}
    run = subprocess.run(command, capture_output=True, text=True, env=env, cwd=tmp_path)
    assert run.returncode == 0, run.stdout[-20000:] + run.stderr[-5000:]
