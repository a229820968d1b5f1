"""{% content_fragment %} ... {% endcontent_fragment %}: see portal/fragments.py."""

from django import template

from .. import fragments

register = template.Library()


class ContentFragmentNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        request = context.get("request")
        if request is None or not fragments.enabled():
            if (prepare := context.get("prepare_content")) is not None:
                prepare()
            return self.nodelist.render(context)
        key = fragments.fragment_key(request, self.origin.template_name)
        html = None if key is None else fragments.kept(key)
        if html is None:
            # A view may leave reads that only this part needs until it is rendered.
            prepare = context.get("prepare_content")
            if prepare is not None:
                prepare()
            with context.push({fragments.RENDERING_SHARED: True}):
                html = self.nodelist.render(context)
            if key is not None:
                fragments.keep(key, html)
        return fragments.fill(html, context)


@register.tag
def content_fragment(parser, token):
    """The part of a page that is the same for every reader, kept per content version."""
    nodelist = parser.parse(("endcontent_fragment",))
    parser.delete_first_token()
    return ContentFragmentNode(nodelist)
