import markdown as markdown_lib
import nh3
from django import template
from django.utils.safestring import mark_safe

register = template.Library()

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "em", "h3", "h4",
    "li", "ol", "p", "pre", "strong", "ul",
}  # fmt: skip


@register.filter
def markdown(text):
    """Render curator-written Markdown, sanitised so no markup beyond the allow-list survives."""
    html = markdown_lib.markdown(text or "")
    return mark_safe(
        nh3.clean(
            html,
            tags=ALLOWED_TAGS,
            attributes={"a": {"href", "title"}, "abbr": {"title"}},
            url_schemes={"http", "https", "mailto"},
            link_rel="nofollow noopener",
        )
    )


@register.filter
def highlight(snippet):
    """Search snippets are built from escaped text; keep their <mark> tags and nothing else."""
    return mark_safe(nh3.clean(snippet or "", tags={"mark"}, attributes={}))
