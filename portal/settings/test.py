"""Fast, isolated test settings."""

import os

from .base import *  # noqa: F403
from .base import DATABASES

SECRET_KEY = "test-only-not-secret"
SITE_URL = "http://testserver"  # the test client's host, so canonical and request URLs agree
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]

# Each run gets its own test database, so two runs on one server cannot collide.
DATABASES["default"]["TEST"] = {"NAME": f"test_commonground_{os.getpid()}"}
DATABASES["default"]["CONN_MAX_AGE"] = 0

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Tests change the cache behind the process's back (a cleared cache stands for a restart);
# one test sets this back to production's value.
PAGE_VERSION_CHECK_SECONDS = 0
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Serve static files from the finders, as in development; no collectstatic in tests.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

# A code computed by a test at the end of one 30-second step is still accepted in the next.
MFA_TOTP_TOLERANCE = 1
