"""Item addresses, reversed once: a list page links hundreds of items, and Django's
reverse() (resolver lookup, quoting, the script prefix) was about a tenth of rendering."""

from functools import lru_cache

from django.core.signals import setting_changed
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language


@lru_cache(maxsize=8192)
def _reverse(prefix, urlconf, language, name, args):
    # The prefix, urlconf and language are part of the key: reverse() reads all three
    # (Spanish addresses start with /es/).
    return reverse(name, args=args, urlconf=urlconf)


def item_url(name, *args):
    """reverse(name, args=args), remembered for the script prefix, urlconf and language
    in force."""
    return _reverse(get_script_prefix(), get_urlconf(), get_language(), name, args)


def _forget(setting, **kwargs):
    if setting == "ROOT_URLCONF":  # tests that swap the URLs
        _reverse.cache_clear()


setting_changed.connect(_forget)
