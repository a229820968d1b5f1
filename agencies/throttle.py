"""Slow down, then lock, repeated failed sign-ins.

Failures are counted per client address and per account name, in the cache (shared
between processes in production). After a few failures each further attempt must
wait longer; after many, sign-in is locked for a while. A successful sign-in clears
the account's count.
"""

import hashlib
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse


def _keys(request, username):
    address = request.META.get("REMOTE_ADDR", "")
    name = hashlib.sha256(username.strip().lower().encode()).hexdigest()
    return [f"login-failures:ip:{address}", f"login-failures:user:{name}"]


def wait_seconds(request, username):
    """How long this client must wait before trying again (0 when it may try now)."""
    now = time.time()
    waits = [state["until"] - now for state in cache.get_many(_keys(request, username)).values()]
    return max([0, *(int(wait) + 1 for wait in waits if wait > 0)])


def record_failure(request, username):
    now = time.time()
    for key in _keys(request, username):
        state = cache.get(key) or {"count": 0, "until": 0}
        state["count"] += 1
        if state["count"] >= settings.LOGIN_FAILURES_BEFORE_LOCK:
            state["until"] = now + settings.LOGIN_LOCK_SECONDS
        elif state["count"] >= settings.LOGIN_FAILURES_BEFORE_DELAY:
            extra = state["count"] - settings.LOGIN_FAILURES_BEFORE_DELAY
            state["until"] = now + min(60, 2**extra)
        cache.set(key, state, settings.LOGIN_LOCK_SECONDS)


def clear(request, username):
    cache.delete(_keys(request, username)[1])


def throttled(login_view):
    """Apply the same slow-down and lock to another login view (the admin's)."""

    @wraps(login_view)
    def view(request, *args, **kwargs):
        username = request.POST.get("username", "") if request.method == "POST" else ""
        if request.method == "POST":
            wait = wait_seconds(request, username)
            if wait:
                record_failure(request, username)
                return HttpResponse(
                    f"Too many failed sign-in attempts. Please wait {wait} seconds and try again.",
                    status=429,
                    content_type="text/plain; charset=utf-8",
                )
        response = login_view(request, *args, **kwargs)
        if request.method == "POST":
            if request.user.is_authenticated:
                clear(request, username)
            else:
                record_failure(request, username)
        return response

    return view
