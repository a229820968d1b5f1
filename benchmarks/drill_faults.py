"""Fault drills against `make serve`: the database stopped under load, a worker killed.

Start the site with `make serve` (embedded database, 2 workers), then:

    .venv/bin/python benchmarks/drill_faults.py [--base http://127.0.0.1:8000]

Each drill runs a bounded load of 8 client threads on 127.0.0.1 for 20 seconds, on
pages that skip the page cache, and prints what it observed:

- database: stopped after 5 s, started again after 12 s. Expected: 200s, then quick
  friendly 503s (no hangs, no 500s), then 200s again with no restart of the site.
- worker: one gunicorn worker killed (SIGKILL) after 5 s. Expected: no errors beyond
  the requests that worker was serving; the master starts a replacement.
"""

import argparse
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from portal import embedded_db  # noqa: E402

PATHS = ["/recommendations/ne-3-2/", "/pillars/2-policy-and-oversight/", "/api/items/?type=program"]
SECONDS, THREADS = 20, 8


def load(base, results, stop_at):
    n = 0
    while time.monotonic() < stop_at:
        path = PATHS[n % len(PATHS)]
        n += 1
        request = urllib.request.Request(base + path, headers={"Cookie": "drill=1"})
        started = time.monotonic()
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                status = response.status
        except urllib.error.HTTPError as error:
            status = error.code
        except Exception as error:  # connection reset by a killed worker, timeouts
            status = type(error).__name__
        results.append((started, status, time.monotonic() - started))


def run_load(base, action):
    results, stop_at = [], time.monotonic() + SECONDS
    threads = [threading.Thread(target=load, args=(base, results, stop_at)) for _ in range(THREADS)]
    begin = time.monotonic()
    for thread in threads:
        thread.start()
    action(begin)
    for thread in threads:
        thread.join()
    return begin, results


def phases(begin, results, marks):
    for label, start, end in marks:
        window = [(s, st, d) for s, st, d in results if start <= s - begin < end]
        statuses = Counter(st for _s, st, _d in window)
        slowest = max((d for _s, _st, d in window), default=0)
        print(f"  {label:<28} {len(window):5d} requests  {dict(statuses)}", end="")
        print(f"  slowest {slowest * 1000:.0f} ms")


def drill_database(base):
    print("Drill: database stopped under load")

    def action(begin):
        time.sleep(5)
        print("  stopping the database:", embedded_db.stop())
        time.sleep(7)
        print("  starting the database:", embedded_db.start())

    begin, results = run_load(base, action)
    phases(
        begin,
        results,
        [
            ("before (0-5 s)", 0, 5),
            ("database down (5-12 s)", 5, 12),
            ("after restart (12-20 s)", 12, 99),
        ],
    )
    recovered = [s - begin for s, st, _d in results if s - begin > 12 and st == 200]
    if recovered:
        print(f"  first success after the restart at {min(recovered):.1f} s (restart at 12 s)")
    errors = [st for _s, st, _d in results if st not in (200, 503)]
    print(f"  responses other than 200 or 503: {len(errors)} {Counter(errors)}")


def drill_worker(base, master):
    print("Drill: a gunicorn worker killed under load")

    def action(begin):
        time.sleep(5)
        workers = subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True)
        victim = int(workers.stdout.split()[0])
        os.kill(victim, signal.SIGKILL)
        print(f"  killed worker {victim} at 5 s")

    begin, results = run_load(base, action)
    phases(begin, results, [("before (0-5 s)", 0, 5), ("after the kill (5-20 s)", 5, 99)])
    errors = [st for _s, st, _d in results if st != 200]
    print(f"  failed requests: {len(errors)} of {len(results)} {Counter(errors)}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default=f"http://127.0.0.1:{os.environ.get('PORT', '8000')}")
    args = parser.parse_args()
    if not args.base.startswith(("http://127.0.0.1", "http://localhost")):
        sys.exit("Drills target 127.0.0.1 only.")
    master = gunicorn_master()
    if master is None:
        sys.exit("Start the site with `make serve` first.")
    drill_database(args.base)
    drill_worker(args.base, master)


def gunicorn_master():
    """The gunicorn process whose parent is not gunicorn."""
    import psutil

    def is_gunicorn(process):
        command = process.cmdline()
        return len(command) > 1 and command[1].endswith("gunicorn") and "portal.wsgi" in command

    for process in psutil.process_iter():
        try:
            if is_gunicorn(process) and not is_gunicorn(process.parent()):
                return process.pid
        except (psutil.Error, AttributeError):
            continue
    return None


if __name__ == "__main__":
    main()
