"""The content part of a page, rendered once per content version and shared by everyone.

Most of an uncached page's time was Django's template engine rendering content that is the
same for every reader (benchmarks/profile_pages.py). A template wraps that part in
``{% content_fragment %}``; its HTML is kept in this process and in the shared cache, keyed
by the release, the content version (replaced on every content change, so a curator's save
shows at once, as for the page cache) and the address with its query string. A cookie, a
session or a signed-in reader no longer means rendering it again.

What differs per reader inside such a part (a bookmark button: the reader's own state, the
CSRF token, the sign-in link) is left in the kept HTML as a marker and drawn for each
request (``fill``). The markers are delimited by NUL characters, which no content, address
or query string can hold (PostgreSQL text cannot, and RequestCheckMiddleware refuses them),
so content can never forge one.
"""

import hashlib
import logging
import re

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from .middleware import CACHE_ERRORS, PAGE_SECONDS, RELEASE, content_version

logger = logging.getLogger(__name__)

# Set while a fragment is rendered to be kept: per-reader parts leave a marker instead.
RENDERING_SHARED = "_content_fragment_shared"
BOOKMARK_MARKER = re.compile("\x00bookmark\x1f([^\x00\x1f]*)\x1f([^\x00]*)\x00")

local_fragments = LocMemCache("content-fragments", {"OPTIONS": {"MAX_ENTRIES": 300}})


def enabled():
    return settings.CONTENT_FRAGMENT_CACHE


def fragment_key(request, name):
    version = content_version()
    if version is None:
        return None
    address = f"{RELEASE}:{version}:{get_language()}:{name}:{request.get_full_path()}"
    return "fragment:" + hashlib.sha256(address.encode()).hexdigest()


def kept(key):
    html = local_fragments.get(key)
    if html is None:
        try:
            html = cache.get(key)
        except CACHE_ERRORS as exc:
            logger.warning("Fragment cache unavailable: %s", exc)
            return None
        if html is not None:
            local_fragments.set(key, html, PAGE_SECONDS)
    return html


def keep(key, html):
    local_fragments.set(key, html, PAGE_SECONDS)
    try:
        cache.set(key, html, PAGE_SECONDS)
    except CACHE_ERRORS as exc:
        logger.warning("Fragment cache unavailable: %s", exc)


def bookmark_marker(key, label):
    """What a bookmark button leaves in a shared fragment, drawn per reader by fill()."""
    clean = [str(part).replace("\x00", "").replace("\x1f", "") for part in (key, label)]
    return mark_safe("\x00bookmark\x1f{}\x1f{}\x00".format(*clean))


def fill(html, context):
    """The kept HTML with this reader's bookmark buttons drawn in place of the markers."""
    if "\x00" not in html:
        return html
    from agencies.templatetags.bookmarks import bookmark_context

    def button(match):
        data = bookmark_context(context, match[1], match[2])
        return render_to_string("includes/bookmark_toggle.html", data, request=None)

    return mark_safe(BOOKMARK_MARKER.sub(button, html))
