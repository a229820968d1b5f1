"""{% address 'name' %}: the {% url %} of a page whose address never changes, reversed once
per process. The header and footer link about twenty such pages on every page, and
reverse() was a tenth of the time left once the content part is kept (portal/fragments.py)."""

from django import template

from recommendations.urls_cache import item_url

register = template.Library()


@register.simple_tag
def address(name, *args):
    return item_url(name, *args)
