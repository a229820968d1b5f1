from django import template
from django.template.loader import render_to_string
from django.utils.translation import gettext

from agencies.models import Bookmark
from portal import fragments

register = template.Library()


def bookmark_context(context, key, label):
    """What a bookmark button shows this reader: a plain POST form, or a sign-in link."""
    request = context["request"]
    bookmarked = False
    if request.user.is_authenticated:
        # One query per page, however many buttons it shows.
        if not hasattr(request, "bookmark_keys"):
            request.bookmark_keys = set(
                Bookmark.objects.of(request.user).values_list("key", flat=True)
            )
        bookmarked = key in request.bookmark_keys
    return {
        "key": key,
        "label": label,
        "bookmarked": bookmarked,
        "user": request.user,
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }


@register.simple_tag(takes_context=True)
def bookmark_toggle(context, key, label=None):
    """A bookmark button. Inside a shared content fragment only a marker is kept, and each
    reader's own button is drawn in its place (portal/fragments.py)."""
    if label is None:
        label = gettext("Bookmark")
    if context.get(fragments.RENDERING_SHARED):
        return fragments.bookmark_marker(key, label)
    return render_to_string("includes/bookmark_toggle.html", bookmark_context(context, key, label))
