from django import template

from agencies.models import Bookmark

register = template.Library()


@register.inclusion_tag("includes/bookmark_toggle.html", takes_context=True)
def bookmark_toggle(context, key, label="Bookmark"):
    """A bookmark button: a plain POST form, or a sign-in link for visitors."""
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
