"""Production: everything secret or site-specific comes from the environment."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATABASE_URL, SECRET_KEY

if not SECRET_KEY:
    raise ImproperlyConfigured("Set the SECRET_KEY environment variable to run in production.")
# The embedded server keeps its data in the checkout: fine for `make serve` on a laptop,
# never a silent fallback for a real deployment that forgot its database.
EMBEDDED_DATABASE = os.environ.get("EMBEDDED_DATABASE", "").lower() in {"1", "true", "yes"}
if not DATABASE_URL and not EMBEDDED_DATABASE:
    raise ImproperlyConfigured(
        "Set DATABASE_URL to run in production (or EMBEDDED_DATABASE=true for a local trial "
        "on the embedded PostgreSQL server, as `make serve` does)."
    )

# Secure cookies need HTTPS; `make serve` on plain http://127.0.0.1 turns them off.
SECURE_COOKIES = os.environ.get("SECURE_COOKIES", "true").lower() == "true"
CSRF_COOKIE_SECURE = SECURE_COOKIES
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "true").lower() == "true"
SESSION_COOKIE_SECURE = SECURE_COOKIES

# --- Cache: one that every worker and server shares, so cached pages, search data and
# rate limits agree everywhere. Redis when REDIS_URL is set; otherwise a table in
# PostgreSQL itself (portal_cache, created by migrate), so that no deployment silently
# falls back to a cache per process.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "portal_cache",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

# --- Email
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "true").lower() == "true"

# --- whitenoise
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
