"""The control for benchmarks/freshness.py: production as it was, a cache in each process."""

from portal.settings.prod import *  # noqa: F403

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
