"""Two stateless app servers sharing one database and one Redis: prove it works.

Starts a throwaway redis-server and two gunicorn instances (production settings,
REDIS_URL set) on 127.0.0.1, then checks that a session started on one continues
on the other, and that a content change published through one process invalidates
the cached pages of both. Stops everything it started. Needs redis-server
(apt-get install redis-server). Run:

    .venv/bin/python benchmarks/scale_out.py
"""

import http.cookiejar
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PASSWORD = "scale out pass phrase 2026"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url):
    for _ in range(100):
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except Exception:
            time.sleep(0.2)
    sys.exit(f"{url} did not come up")


def get(url, cookie=None):
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    opener = urllib.request.build_opener(NoRedirect)
    try:
        response = opener.open(request)
    except urllib.error.HTTPError as error:
        response = error
    return response.status, response.headers, response.read().decode()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def start_redis(port, workdir):
    command = ["redis-server", "--port", str(port), "--bind", "127.0.0.1"]
    command += ["--save", "", "--appendonly", "no", "--dir", workdir]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL)


def start_app_server(port, env):
    command = [str(Path(PYTHON).parent / "gunicorn"), "portal.wsgi"]
    command += ["--bind", f"127.0.0.1:{port}", "--workers", "1"]
    return subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.DEVNULL)


def manage(env, *args, script=None):
    subprocess.run(
        [PYTHON, "manage.py", *args], input=script, text=True, cwd=ROOT, env=env, check=True
    )


def check_session_moves(a, b):
    """1. A session started on A continues on B."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(a + "/accounts/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
    form = {"login": "scaleout", "password": PASSWORD, "csrfmiddlewaretoken": token}
    data = urllib.parse.urlencode(form).encode()
    opener.open(urllib.request.Request(a + "/accounts/login/", data=data))
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
    status, _headers, body = get(b + "/me/", cookie)
    ok = status == 200 and "Signed in as scaleout" in body
    print(f"session from A used on B: /me/ answered {status}: {'OK' if ok else 'FAILED'}")
    return ok


def check_change_shows_everywhere(a, b, env):
    """2. A change published through one process shows at once on both servers,
    although both had the page cached."""
    path = "/recommendations/ne-3-2/"
    for server in (a, b):
        get(server + path)
    before = [get(server + path)[1]["X-Page-Cache"] for server in (a, b)]
    edit = (
        "from recommendations.models import Recommendation\n"
        "from recommendations import search\n"
        "Recommendation.objects.filter(key='NE-3.2').update(wording={wording!r})\n"
        "search.rebuild_index()\n"
    )
    marker = "Ban formal and informal quotas (scale-out check)."
    manage(env, "shell", script=edit.format(wording=marker))
    fresh = [marker in get(server + path)[2] for server in (b, a)]
    ok = before == ["hit", "hit"] and fresh == [True, True]
    print(
        f"page cached on A and B: {before}; after the change both show it: {fresh}: "
        f"{'OK' if ok else 'FAILED'}"
    )
    manage(env, "shell", script=edit.format(wording="Ban formal and informal quotas."))
    return ok


def main():
    if not shutil.which("redis-server"):
        sys.exit("redis-server is missing: apt-get install redis-server")
    redis_port, port_a, port_b = free_port(), free_port(), free_port()
    workdir = tempfile.mkdtemp()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.prod",
        "EMBEDDED_DATABASE": "true",  # the site's own embedded server, as `make serve`
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
    }
    processes = [start_redis(redis_port, workdir)]
    try:
        manage(env, "collectstatic", "--noinput", "-v0")
        setup = (
            "from agencies.models import User\n"
            "User.objects.filter(username='scaleout').delete()\n"
            f"user = User.objects.create_user('scaleout', 's@example.org', {PASSWORD!r})\n"
            # Sign-in needs a verified address (ACCOUNT_EMAIL_VERIFICATION = "mandatory").
            "user.emailaddress_set.create(email=user.email, primary=True, verified=True)\n"
        )
        manage(env, "shell", script=setup)
        processes += [start_app_server(port, env) for port in (port_a, port_b)]
        a, b = f"http://127.0.0.1:{port_a}", f"http://127.0.0.1:{port_b}"
        wait_for(a + "/healthz/")
        wait_for(b + "/healthz/")
        print(f"redis on {redis_port}; app servers A on {port_a}, B on {port_b}")
        ok = check_session_moves(a, b)
        ok = check_change_shows_everywhere(a, b, env) and ok
        sys.exit(0 if ok else 1)
    finally:
        for process in reversed(processes):
            process.terminate()
            process.wait(timeout=15)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
