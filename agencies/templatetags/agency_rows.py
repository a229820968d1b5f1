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


@register.simple_tag
def chart_description(chart):
    return rendered.chart_description(chart)


@register.simple_tag
def chart_bars(chart):
    return rendered.chart_bars(chart)


@register.simple_tag
def progress_rows(groups):
    return rendered.progress_rows(groups)
