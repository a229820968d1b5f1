"""Fast public pages, and a graceful answer when the database is down.

Public pages are cached on the server and revalidated by browsers.

A request with no cookies at all (an anonymous visitor who has never signed in)
for a public page is answered from Django's cache when it can be. The cache keys
include the content version, which every content change bumps
(``search.rebuild_index``), so a curator's edit shows at once on every server
sharing the cache. Everyone else, and every private page, is never cached, and
signed-in responses say so (``Cache-Control: private``).
"""

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.cache import patch_cache_control

from .http import allowed_methods

logger = logging.getLogger(__name__)

CONTENT_VERSION_KEY = "content-version"
PAGE_SECONDS = 10 * 60
BROWSER_SECONDS = 60
PRIVATE_PREFIXES = ("/me/", "/accounts/", "/collections/", "/invitations/", "/agencies/",
                    "/healthz/", "/.well-known/")  # fmt: skip


def content_version():
    return cache.get_or_set(CONTENT_VERSION_KEY, 1, None)


def content_changed():
    """Forget every cached public page (called whenever content changes)."""
    try:
        cache.incr(CONTENT_VERSION_KEY)
    except ValueError:
        cache.set(CONTENT_VERSION_KEY, 2, None)


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        cacheable = (
            request.method == "GET"
            and not request.COOKIES
            and not request.path.startswith(PRIVATE_PREFIXES)
            and not request.path.startswith("/" + settings.ADMIN_PATH)
        )
        if not cacheable:
            response = self.get_response(request)
            if getattr(request, "user", None) is not None and request.user.is_authenticated:
                patch_cache_control(response, private=True, no_cache=True)
            return response
        path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        key = f"page:{content_version()}:{path}"
        cached = cache.get(key)
        if cached is not None:
            cached["X-Page-Cache"] = "hit"
            return cached
        response = self.get_response(request)
        if response.status_code == 200 and not response.cookies and not response.streaming:
            patch_cache_control(response, public=True, max_age=BROWSER_SECONDS)
            cache.set(key, response, PAGE_SECONDS)
            response["X-Page-Cache"] = "miss"
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
