"""Settings shared by every environment. Secrets and the database come from the environment."""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

from portal import embedded_db

BASE_DIR = Path(__file__).resolve().parent.parent.parent

DEBUG = os.environ.get("DEBUG", "").lower() in {"1", "true", "yes"}
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h.strip()]
# The admin lives only at this path; change it with the ADMIN_PATH environment variable.
ADMIN_PATH = os.environ.get("ADMIN_PATH", "admin/").strip("/") + "/"

AUTH_USER_MODEL = "agencies.User"

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "agencies:me"
LOGOUT_REDIRECT_URL = "home"

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Security headers (django-csp, django-permissions-policy, Django's own)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "base-uri": [SELF],
        "connect-src": [SELF],
        "font-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF],
    }
}
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
PERMISSIONS_POLICY = {
    feature: []
    for feature in [
        "accelerometer", "autoplay", "camera", "display-capture", "encrypted-media",
        "geolocation", "gyroscope", "magnetometer", "microphone", "midi", "payment", "usb",
    ]
}  # fmt: skip
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"

# DATABASE_URL, or else the embedded server, which starts on the first connection: importing
# settings starts nothing (production refuses to run without a choice, see prod.py).
DATABASE_URL = os.environ.get("DATABASE_URL", "")
DATABASES = {
    "default": (
        dj_database_url.parse(DATABASE_URL, conn_max_age=600, conn_health_checks=True)
        if DATABASE_URL
        else embedded_db.database_settings()
    )
}
# Fail fast when the database is down, so requests get a 503 page instead of hanging.
DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = 3
# Model choice fields iterate their choices with .iterator(), which on PostgreSQL opens a
# server-side cursor WITH HOLD (materialised, then fetched in chunks): three extra round
# trips and a copy per filter form. Every result here is small: fetch it at once.
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True

DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Common Ground <noreply@localhost>")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    # Before the admin, whose forms it extends with each language's fields.
    "modeltranslation",
    # Django's admin with the two-factor requirement for staff (agencies/admin_site.py).
    "agencies.apps.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "csp",
    "django_filters",
    "simple_history",
    "portal",
    "agencies",
    "recommendations",
    "feedback",
    "corsheaders",
    "allauth",
    "allauth.account",
    "allauth.mfa",
]

# English at today's addresses, Spanish under /es/ (ADR 13). "en", not "en-us": the language
# prefix and the translated content fields (summary_es) are named by these codes.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Spanish readers see the English text of an item that has no Spanish version yet, marked
# as English (recommendations/translation.py).
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = ("en", "es")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
# Set when a reader chooses a language; a later visit to an English address keeps it.
LANGUAGE_COOKIE_NAME = "language"
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
LANGUAGE_COOKIE_SAMESITE = "Lax"

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Access-Control-Allow-Origin on the read-only API only (CORS_URLS_REGEX below).
    "corsheaders.middleware.CorsMiddleware",
    "portal.middleware.DatabaseUnavailableMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language comes from the address (/es/...); a first visit to an English address
    # follows the browser's Accept-Language (portal/i18n/middleware.py).
    "django.middleware.locale.LocaleMiddleware",
    # The API stays at one address: ?lang= or Accept-Language choose its language.
    "portal.i18n.middleware.ApiLanguageMiddleware",
    "portal.i18n.middleware.FirstVisitLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "portal.middleware.PublicPageCacheMiddleware",
    # Pages compressed (static files come compressed from whitenoise), inside the page cache
    # so that a cached page is stored compressed. Django's gzip adds random bytes to every
    # response it compresses, its mitigation of BREACH.
    "django.middleware.gzip.GZipMiddleware",
    "portal.middleware.RequestCheckMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

# The content part of public pages is kept per content version and shared by every reader
# (portal/fragments.py); CONTENT_FRAGMENT_CACHE=off renders it every time, as before.
CONTENT_FRAGMENT_CACHE = os.environ.get("CONTENT_FRAGMENT_CACHE", "on") != "off"

# How often each process reads the shared content version (portal/middleware.py): a content
# change made by another process reaches that process's cached pages within this time.
PAGE_VERSION_CHECK_SECONDS = 0.25

ROOT_URLCONF = "portal.urls"

SESSION_COOKIE_AGE = 60 * 60 * 24 * 14
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"


SECURITY_CONTACT = os.environ.get("SECURITY_CONTACT", "mailto:security@example.org")
# Where people write about the site itself (About, privacy, accessibility); by default the
# security contact's address, so a deployment sets one address and every page names it.
CONTACT_EMAIL = os.environ.get("CONTACT_EMAIL", SECURITY_CONTACT.removeprefix("mailto:"))

# The canonical address printed on handouts, never the host that happened to serve the page.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

SITE_NAME = "Common Ground"

# Any web page may read the open data API: it is public, read-only and sends no cookies
# back (no credentials are allowed), so nothing private can leak to another origin.
CORS_ALLOW_ALL_ORIGINS = True
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False

# Readers' reports (feedback/): at most this many from one client address in a window.
READER_REPORTS_PER_WINDOW = 5
READER_REPORT_WINDOW_SECONDS = 10 * 60

STATIC_ROOT = BASE_DIR / "staticfiles"
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Files served at the site's root: /favicon.ico, which browsers ask for on every site.
WHITENOISE_ROOT = BASE_DIR / "static" / "root"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

WSGI_APPLICATION = "portal.wsgi.application"

# --- allauth: accounts, email verification, two-factor sign-in, rate limits
ACCOUNT_ADAPTER = "agencies.adapter.AccountAdapter"
# Invitations, password resets and agency membership all rest on the address being the
# person's own, so nobody signs in until they have confirmed it (existing accounts confirm
# once, at their next sign-in).
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Common Ground] "
# Following the link in the browser that signed up signs in (allauth checks it is the same
# session); from anywhere else the person signs in as usual.
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
# Existing members know their username; newcomers remember their email address.
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "agencies.forms.SignUpForm"
ACCOUNT_FORMS = {"login": "agencies.forms.SignInForm"}
ACCOUNT_RATE_LIMITS = {
    # Failed sign-ins per client address, and per account *from that address* (the key is
    # made in agencies/adapter.py), so nobody can lock someone else out from elsewhere.
    "login_failed": "10/m/ip,30/h/ip,5/15m/key",
}
# How many proxies (load balancers) append to X-Forwarded-For in front of the app servers;
# 0 means the header is ignored and REMOTE_ADDR is the client.
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Common Ground"
