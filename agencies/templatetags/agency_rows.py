"""The tracker's rows and the public record's items, made in Python (agencies.rendered)."""

from django import template

from .. import rendered

register = template.Library()


@register.simple_tag
def record_items(group):
    return rendered.record_items(group.recommendations)


@register.simple_tag
def tracker_rows(group, role):
    return rendered.tracker_rows(group.recommendations, coordinator=role == "coordinator")
