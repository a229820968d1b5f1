"""Fast public pages, and a graceful answer when the database is down.

Public pages are cached on the server and revalidated by browsers.

A request with no cookies at all (an anonymous visitor who has never signed in)
for a public page is answered from Django's cache when it can be. Each cached page
carries the content version it was rendered at, which every content change bumps
(``search.replace_index``), so a curator's edit shows at once on every server
sharing the cache. Everyone else, and every private page, is never cached, and
signed-in responses say so (``Cache-Control: private``).
"""

import hashlib
import logging
import re
import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language
from redis.exceptions import RedisError

from portal.i18n import unprefixed

from .http import allowed_methods

logger = logging.getLogger(__name__)

CONTENT_VERSION_KEY = "content-version"
CONTENT_CHANGED_AT_KEY = "content-changed-at"
PAGE_SECONDS = 10 * 60
BROWSER_SECONDS = 60


def _release() -> str:
    """A fingerprint of the code this process serves (templates, static files, Python): a
    shared cache outlives a deploy, and a page rendered by the previous release must not be
    served by the new one."""
    digest = hashlib.sha256()
    for folder in ("templates", "static", "portal", "recommendations", "agencies"):
        for path in sorted((settings.BASE_DIR / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                stat = path.stat()
                digest.update(f"{path}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:12]


RELEASE = _release()
# What a shared cache raises when it cannot be reached (the PostgreSQL table, or Redis).
CACHE_ERRORS = (DatabaseError, RedisError)
# As Django's GZipMiddleware decides whether to compress.
ACCEPTS_GZIP = re.compile(r"\bgzip\b")
PRIVATE_PREFIXES = ("/me/", "/accounts/", "/collections/", "/invitations/", "/agencies/",
                    "/healthz/", "/.well-known/")  # fmt: skip


# The version is a random token, not a counter: if the shared cache loses it (a restart,
# an eviction), the new token matches no page cached before, in any process. Each process
# reads it at most every PAGE_VERSION_CHECK_SECONDS: a change made elsewhere shows within
# that time, and a cached page costs no query at all in between.
_version = {"token": None, "read_at": float("-inf")}


def content_version():
    now = time.monotonic()
    if now - _version["read_at"] >= settings.PAGE_VERSION_CHECK_SECONDS:
        token = cache.get_or_set(CONTENT_VERSION_KEY, lambda: uuid.uuid4().hex, None)
        _version.update(token=token, read_at=now)
    return _version["token"]


def content_changed_at() -> float:
    """When content last changed, as a timestamp (the API's Last-Modified). If the shared
    cache has lost it, now: later than the truth, so a client only ever refetches."""
    return cache.get_or_set(CONTENT_CHANGED_AT_KEY, time.time, None)


def content_changed():
    """Forget every cached public page (called whenever content changes)."""
    token = uuid.uuid4().hex
    cache.set_many({CONTENT_VERSION_KEY: token, CONTENT_CHANGED_AT_KEY: time.time()}, None)
    _version.update(token=token, read_at=time.monotonic())  # this process sees it at once


# Each process also keeps the pages it has served, each with the content version it was
# rendered at: a hit then costs one small read of the shared version and no page transfer.
local_pages = LocMemCache("public-pages", {"OPTIONS": {"MAX_ENTRIES": 500}})


def _cached_page(key, version):
    """The cached page for this key if it was rendered at this content version, or None."""
    for tier in (local_pages, cache):
        found = tier.get(key)
        if found is not None and found[0] == version:
            if tier is cache:
                local_pages.set(key, found, PAGE_SECONDS)
            return found[1]
    return None


def _store(key, value):
    try:
        cache.set(key, value, PAGE_SECONDS)
    except CACHE_ERRORS as exc:
        logger.warning("Page cache unavailable: %s", exc)
    local_pages.set(key, value, PAGE_SECONDS)


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # The language cookie changes nothing once LocaleMiddleware has read the address.
        cookies = set(request.COOKIES) - {settings.LANGUAGE_COOKIE_NAME}
        cacheable = (
            request.method == "GET"
            and not cookies
            and not unprefixed(request.path).startswith(PRIVATE_PREFIXES)
            and not request.path.startswith("/" + settings.ADMIN_PATH)
        )
        if not cacheable:
            response = self.get_response(request)
            if getattr(request, "user", None) is not None and request.user.is_authenticated:
                patch_cache_control(response, private=True, no_cache=True)
            patch_vary_headers(response, ["Cookie"])
            return response
        # Compressed and plain copies are kept apart, so a hit is never compressed again
        # (these pages hold no secrets for BREACH to find).
        encoding = "gzip" if ACCEPTS_GZIP.search(request.headers.get("accept-encoding", "")) else ""
        # The API answers in the language of ?lang= or Accept-Language at one address.
        path = f"{RELEASE}:{encoding}:{get_language()}:{request.get_full_path()}"
        key = "page:" + hashlib.sha256(path.encode()).hexdigest()
        try:
            cached = _cached_page(key, version := content_version())
        except CACHE_ERRORS as exc:
            # The shared cache may live in the database that is down: answer as a miss,
            # and the view's own query gets the friendly 503 (DatabaseUnavailableMiddleware).
            logger.warning("Page cache unavailable: %s", exc)
            cached = version = None
        if cached is not None:
            cached["X-Page-Cache"] = "hit"
            return cached
        response = self.get_response(request)
        # A shared cache (a proxy, a CDN) must not give this page to someone with a session.
        patch_vary_headers(response, ["Cookie"])
        if response.status_code == 200 and not response.cookies and not response.streaming:
            patch_cache_control(response, public=True, max_age=BROWSER_SECONDS)
            response["X-Page-Cache"] = "miss"
            if version is not None:
                _store(key, (version, response))
        return response


class DatabaseUnavailableMiddleware:
    """When the database cannot be reached, answer quickly with a friendly 503 page.

    Django reconnects by itself on a later request once the database is back
    (``CONN_HEALTH_CHECKS``), so service recovers without a restart.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.warning("Database unavailable: %s", exception)
        if request.path.startswith("/api/") or request.path == "/healthz/":
            response = JsonResponse({"error": "The service is briefly unavailable."}, status=503)
        else:
            response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = "30"
        return response


class RequestCheckMiddleware:
    """Turn away requests that no view can serve, before any view or database sees them.

    A NUL character in the path or in a parameter gets a 400: PostgreSQL cannot store
    or compare text that holds one, so it would otherwise fail deep in a query. A method
    a view does not answer gets a 405 with ``Allow``, and OPTIONS a 200 with ``Allow``
    (see ``portal.http``).
    Placed before CsrfViewMiddleware, so a POST to a read-only page is a 405, not a 403.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _holds_nul(request):
            return _refuse(request, "Addresses and parameters cannot contain NUL characters.")
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        allowed = allowed_methods(view_func)
        if request.method == "OPTIONS":
            response = HttpResponse()
        elif request.method not in allowed:
            response = _refuse(request, f"{request.method} is not allowed here.", status=405)
        else:
            return None
        response["Allow"] = ", ".join([*allowed, "OPTIONS"])
        return response


def _holds_nul(request):
    if "\x00" in request.path:
        return True
    # request.POST is empty unless the body is a form; CSRF checks read it anyway.
    data = [request.GET, request.POST] if request.method == "POST" else [request.GET]
    return any(
        "\x00" in key or any("\x00" in value for value in values)
        for query in data
        for key, values in query.lists()
    )


def _refuse(request, message, status=400):
    if request.path.startswith("/api/"):
        return JsonResponse({"error": message}, status=status)
    if status == 400:
        return HttpResponse(loader.get_template("400.html").render(request=request), status=400)
    return HttpResponse(message, content_type="text/plain; charset=utf-8", status=status)
