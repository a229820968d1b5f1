"""Fast public pages: cached on the server, revalidated by browsers.

A request with no cookies at all (an anonymous visitor who has never signed in)
for a public page is answered from Django's cache when it can be. The cache keys
include the content version, which every content change bumps
(``search.rebuild_index``), so a curator's edit shows at once on every server
sharing the cache. Everyone else, and every private page, is never cached, and
signed-in responses say so (``Cache-Control: private``).
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.utils.cache import patch_cache_control

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
