"""The readers' report form: no account, no JavaScript, no third-party CAPTCHA.

Spam defences: a honeypot field (robots fill it, people never see it), a limit per client
address on the shared cache (so it holds across every app server), and a size limit.
"""

import time

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.core.cache import cache
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext, override

from recommendations.models import SearchEntry

from .forms import ReaderReportForm
from .models import MISSING_FROM, Kind

HONEYPOT = "website"


def _subject(request):
    """(kind, key, title, url) of what the report is about, or None if it names nothing."""
    params = request.POST if request.method == "POST" else request.GET
    if missing := params.get("missing"):
        if missing not in MISSING_FROM:
            return None
        title, url_name = MISSING_FROM[missing]
        return Kind.MISSING, missing, title, reverse(url_name)
    key = params.get("item", "")
    entry = SearchEntry.objects.filter(key=key).values("title", "url").first() if key else None
    if entry is None:
        return None
    return Kind.PROBLEM, key, entry["title"], entry["url"]


def _over_limit(request):
    """Count this report against the client's address; True once it is over the limit."""
    window = settings.READER_REPORT_WINDOW_SECONDS
    address = get_adapter(request).get_client_ip(request)
    key = f"reader-report:{address}:{int(time.time() // window)}"
    cache.add(key, 0, window)
    try:
        return cache.incr(key) > settings.READER_REPORTS_PER_WINDOW
    except ValueError:  # the key was evicted between add and incr: count this one afresh
        cache.set(key, 1, window)
        return False


def report(request):
    subject = _subject(request)
    if subject is None:
        problem = gettext(
            "We could not tell which item this report is about. Please use the “Report a "
            "problem” link on the item's own page."
        )
        context = {"problem": problem}
        return render(request, "feedback/report_unknown.html", context, status=404)
    kind, key, title, url = subject
    form = ReaderReportForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if request.POST.get(HONEYPOT):
            return redirect("feedback:thanks")  # a robot: tell it nothing, keep nothing
        if _over_limit(request):
            return render(request, "429.html", {"reader_report": True}, status=429)
        if form.is_valid():
            form.instance.kind, form.instance.item_key = kind, key
            # Kept in English, as curators read it: a list's name is translated for readers.
            with override("en"):
                form.instance.item_title, form.instance.item_url = str(title)[:300], url
            form.save()
            return redirect("feedback:thanks")
        status = 400
    context = {"form": form, "kind": kind, "key": key, "title": title, "url": url,
               "honeypot": HONEYPOT}  # fmt: skip
    return render(request, "feedback/report_form.html", context, status=status)


def thanks(request):
    return render(request, "feedback/report_thanks.html")
