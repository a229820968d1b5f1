"""Slow down, then lock, repeated failed sign-ins.

Failures are counted per client address and per account name, in the cache (shared
between processes in production). After a few failures each further attempt must
wait longer; after many, sign-in is locked for a while. A successful sign-in clears
the account's count.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache


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
