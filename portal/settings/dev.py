"""Local development: debug on, a fixed throwaway secret, mail printed to the console."""

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = "dev-only-not-secret"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
