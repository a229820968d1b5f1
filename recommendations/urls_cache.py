"""Item addresses, reversed once: a list page links hundreds of items, and Django's
reverse() (resolver lookup, quoting, the script prefix) was about a tenth of rendering."""

from functools import lru_cache

from django.core.signals import setting_changed
from django.urls import get_script_prefix, get_urlconf, reverse


@lru_cache(maxsize=8192)
def _reverse(prefix, urlconf, name, args):
    # The prefix and urlconf are part of the key: reverse() reads both.
    return reverse(name, args=args, urlconf=urlconf)


def item_url(name, *args):
    """reverse(name, args=args), remembered for the script prefix and urlconf in force."""
    return _reverse(get_script_prefix(), get_urlconf(), name, args)


def _forget(setting, **kwargs):
    if setting == "ROOT_URLCONF":  # tests that swap the URLs
        _reverse.cache_clear()


setting_changed.connect(_forget)
