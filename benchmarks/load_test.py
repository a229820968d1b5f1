"""Load test of `make serve` with wrk: throughput, latency and errors per page type.

Start the site as in production first (`make serve`, 2 gunicorn workers), then:

    .venv/bin/python benchmarks/load_test.py [--base http://127.0.0.1:8000] [--seconds 10]

For each page type, and for a static file served by the same gunicorn and whitenoise
(the practical upper bound), wrk runs for a fixed time with 50 connections and
prints requests per second, p50/p95/p99 latency and errors; each page also gets
its ratio to the static file's throughput and its weight (HTML + CSS + JS,
uncompressed). Targets only 127.0.0.1. Needs `wrk` (apt-get install wrk).
"""

import argparse
import http.cookiejar
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
USERNAME, PASSWORD = "loadtest", "load test pass phrase 2026"

PAGES = [
    ("home", "/"),
    ("pillar", "/pillars/1-building-trust-and-legitimacy/"),
    ("recommendation", "/recommendations/ne-3-2/"),
    ("filtered list", "/recommendations/?source=ne&pillar=2&topic=use-of-force"),
    ("search", "/search/?q=body+cams"),
    ("API", "/api/recommendations/?source=ne&pillar=2"),
    ("dashboard (signed in)", "/agencies/load-test-pd/tracker/"),
]

LUA = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %d %d %.2f %.2f %.2f\\n",
    summary.requests, summary.duration,
    e.connect + e.read + e.write + e.status + e.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000))
end
"""


def signed_in_cookie(base):
    """A session for a coordinator of a test agency, made through the sign-in form."""
    setup = (
        "from agencies.models import Agency, Membership, User\n"
        f"user = User.objects.filter(username={USERNAME!r}).first() or "
        f"User.objects.create_user({USERNAME!r}, 'load@example.org', {PASSWORD!r})\n"
        "agency, _ = Agency.objects.get_or_create(slug='load-test-pd', defaults=dict("
        "name='Load Test PD', kind='municipal', state='OH'))\n"
        "Membership.objects.get_or_create(\n"
        "    user=user, agency=agency, defaults={'role': 'coordinator'})\n"
        # Sign-in needs a verified address (ACCOUNT_EMAIL_VERIFICATION = "mandatory").
        "from allauth.account.models import EmailAddress\n"
        "EmailAddress.objects.update_or_create(user=user, email=user.email,\n"
        "    defaults={'primary': True, 'verified': True})\n"
    )
    subprocess.run(
        [sys.executable, "manage.py", "shell"],
        input=setup,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/accounts/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
    data = urllib.parse.urlencode(
        {"login": USERNAME, "password": PASSWORD, "csrfmiddlewaretoken": token}
    ).encode()
    opener.open(urllib.request.Request(f"{base}/accounts/login/", data=data))
    cookies = {c.name: c.value for c in jar}
    if "sessionid" not in cookies:
        sys.exit("Could not sign in for the dashboard test.")
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


def weight(base, path, cookie=None):
    """Bytes of the page's HTML plus the CSS and JS it links, uncompressed."""
    headers = {"Cookie": cookie} if cookie else {}
    html = urllib.request.urlopen(urllib.request.Request(base + path, headers=headers)).read()
    assets = re.findall(rb'(?:href|src)="(/static/[^"]+\.(?:css|js))"', html)
    return len(html) + sum(len(urllib.request.urlopen(base + a.decode()).read()) for a in assets)


def wrk(url, seconds, connections, script, cookie=None):
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "5s", "-s", script]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    requests, micros, errors, p50, p95, p99 = re.search(r"RESULT (.+)", output)[1].split()
    return {
        "rps": int(requests) / (int(micros) / 1e6),
        "errors": int(errors),
        "p50": float(p50),
        "p95": float(p95),
        "p99": float(p99),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default=f"http://127.0.0.1:{os.environ.get('PORT', '8000')}")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=50)
    args = parser.parse_args()
    if urllib.parse.urlparse(args.base).hostname not in ("127.0.0.1", "localhost"):
        sys.exit("Load tests target 127.0.0.1 only.")
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk")

    cookie = signed_in_cookie(args.base)
    home = urllib.request.urlopen(args.base + "/").read().decode()
    static = re.search(r'href="(/static/css/site[^"]+)"', home)[1]
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        lua.write(LUA)
    # Any cookie makes a request skip the public page cache: the "uncached" rows measure
    # rendering from the database, as for a first visitor after content changes.
    targets = [("static file (upper bound)", static, None)]
    for name, path in PAGES:
        if "signed in" in name:
            targets.append((name, path, cookie))
        else:
            targets.append((name, path, None))
            targets.append((f"{name}, uncached", path, "benchmark=uncached"))
    results = {}
    for name, path, session in targets:
        wrk(args.base + path, 2, args.connections, lua.name, session)  # warm up
        results[name] = wrk(args.base + path, args.seconds, args.connections, lua.name, session)
        results[name]["weight"] = weight(args.base, path, session if session == cookie else None)
        results[name]["weight"] /= 1024
    bound = results["static file (upper bound)"]["rps"]
    print(f"\n{args.connections} connections, {args.seconds} s per page, against {args.base}\n")
    print("| page | req/s | p50 ms | p95 ms | p99 ms | errors | ratio to static | weight KB |")
    print("|---|---|---|---|---|---|---|---|")
    for name, r in results.items():
        print(
            f"| {name} | {r['rps']:.0f} | {r['p50']:.1f} | {r['p95']:.1f} | {r['p99']:.1f} "
            f"| {r['errors']} | {r['rps'] / bound:.2f} | {r['weight']:.1f} |"
        )


if __name__ == "__main__":
    main()
