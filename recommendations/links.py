"""Checking that the external addresses the content links to still answer.

Each address is asked for with HEAD (cheap for both sides), and with GET when HEAD fails,
since some servers refuse HEAD. Hosts are checked a few at a time, and one host's
addresses one after another with a pause between them, so no site sees more than one
request from us at a time.
"""

import time
import urllib.error
import urllib.request
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import urlsplit

USER_AGENT = "CommonGroundLinkChecker/1.0 (+https://github.com/common-ground)"


@dataclass(frozen=True)
class Result:
    url: str
    status: int | None  # the last HTTP status, after redirects; None when nothing answered
    problem: str = ""

    @property
    def ok(self):
        return self.status is not None and 200 <= self.status < 400


def linked_addresses():
    """{address: sorted keys of the published items (and published trackers) that use it}."""
    from agencies.models import TrackerEntry

    from .models import ActionItem, Program, ProgramTopic, Recommendation, Source

    used = defaultdict(set)

    def add(url, key):
        if url and url.startswith(("http://", "https://")):
            used[url].add(key)

    for source in Source.objects.published():
        add(source.url, source.key)
    for program in Program.objects.published():
        for url in [program.official_url, program.request_url, *program.fact_sources]:
            add(url, program.key)
    for link in ProgramTopic.objects.published():
        add(link.source_url, f"program:{link.key}")  # the program, for one topic
    for item in Recommendation.objects.published():
        for url in [item.explained_at, *item.checked_against]:
            add(url, item.key)
    for item in ActionItem.objects.published():
        for url in item.checked_against:
            add(url, item.key)
    entries = TrackerEntry.objects.filter(agency__tracker_published_at__isnull=False)
    for entry in entries.select_related("agency", "recommendation"):
        for url in entry.evidence_list:
            add(url, f"tracker:{entry.agency.slug}/{entry.recommendation.key}")
    return {url: sorted(keys) for url, keys in sorted(used.items())}


def _ask(url, method, timeout):
    request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return Result(url, response.status)
    except urllib.error.HTTPError as error:
        return Result(url, error.code, error.reason if isinstance(error.reason, str) else "")
    except TimeoutError:
        return Result(url, None, f"no answer within {timeout:g} s")
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        if isinstance(reason, TimeoutError):
            return Result(url, None, f"no answer within {timeout:g} s")
        return Result(url, None, str(reason)[:200])


def check_one(url, timeout):
    result = _ask(url, "HEAD", timeout)
    if result.ok or (result.status is None and "no answer" in result.problem):
        return result  # a server that does not answer HEAD in time will not answer GET
    return _ask(url, "GET", timeout)


def check(urls, timeout=10.0, workers=4, delay=1.0):
    """Check every address; return their Results in the order given."""
    by_host = defaultdict(list)
    for url in urls:
        by_host[urlsplit(url).netloc.lower()].append(url)

    def check_host(host_urls):
        results = []
        for position, url in enumerate(host_urls):
            if position:
                time.sleep(delay)  # politeness: one request at a time per host
            results.append(check_one(url, timeout))
        return results

    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        found = {r.url: r for results in pool.map(check_host, by_host.values()) for r in results}
    return [found[url] for url in urls]
