import markdown as markdown_lib
import nh3
from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from .. import glossary_links as glossary_links_module

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


@register.simple_tag(takes_context=True)
def glossary_links(context, value, skip=""):
    """The value (plain text, escaped here, or safe HTML) with the first mention on this
    page of each glossary term linked to the term's page. The page's record of linked
    terms lives in the outermost context, which included templates share."""
    linked = context.dicts[0].setdefault("_glossary_linked", set())
    return mark_safe(glossary_links_module.linker().link(conditional_escape(value), linked, skip))
