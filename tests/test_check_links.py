"""manage.py check_links against a local HTTP server started here, never the internet."""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import CommandError, call_command

from recommendations.models import (
    ActionItem,
    LinkCheck,
    Program,
    ProgramTopic,
    Recommendation,
    Source,
)

pytestmark = pytest.mark.django_db


class Handler(BaseHTTPRequestHandler):
    def _answer(self):
        if self.path == "/slow":
            time.sleep(1.5)
        if self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/ok")
        elif self.path == "/no-head" and self.command == "HEAD":
            self.send_response(405)
        elif self.path in ("/ok", "/no-head", "/slow"):
            self.send_response(200)
        else:
            self.send_response(404)
        self.send_header("Content-Length", "0")
        self.end_headers()
        self.server.seen.append((self.command, self.path))

    do_HEAD = do_GET = _answer

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.seen = []
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def test_reports_broken_links_with_the_items_that_use_them(server, capsys):
    base = f"http://127.0.0.1:{server.server_address[1]}"
    # Only these addresses: the real content's point at the internet.
    Source.objects.update(url="")
    Program.objects.update(official_url="", request_url="", fact_sources=[])
    for model in (ProgramTopic, Recommendation, ActionItem):
        model.objects.update(status="draft")
    cri_tac = Program.objects.get(slug="cri-tac")
    cri_tac.official_url, cri_tac.request_url = f"{base}/ok", f"{base}/gone"
    cri_tac.fact_sources = [f"{base}/moved", f"{base}/no-head", f"{base}/slow"]
    cri_tac.save()

    with pytest.raises(CommandError, match="3 of 5 addresses answer. 2 broken."):
        call_command("check_links", timeout=0.5, delay=0.01, workers=2)
    out = capsys.readouterr().out
    assert f"404  {base}/gone (Not Found)  used by program:cri-tac" in out
    assert f"-  {base}/slow (no answer within 0.5 s)  used by program:cri-tac" in out
    assert "/moved" not in out and "/no-head" not in out
    assert ("GET", "/no-head") in server.seen  # HEAD refused, GET tried
    assert ("GET", "/gone") in server.seen
    assert ("GET", "/slow") not in server.seen  # no second wait for a silent server
    assert dict(LinkCheck.objects.values_list("url", "status")) == {
        f"{base}/ok": 200,
        f"{base}/gone": 404,
        f"{base}/moved": 200,
        f"{base}/no-head": 200,
        f"{base}/slow": None,
    }
    assert LinkCheck.objects.broken().count() == 2

    cri_tac.request_url, cri_tac.fact_sources = "", []
    cri_tac.save()
    call_command("check_links", timeout=0.5, delay=0.01)
    assert list(LinkCheck.objects.values_list("url", "ok")) == [(f"{base}/ok", True)]
