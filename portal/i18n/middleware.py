"""A first visit follows the browser's language; after that, the address decides.

English pages keep their addresses and Spanish ones live under /es/ (Django's
``i18n_patterns`` without a prefix for English). Django's LocaleMiddleware then reads
the language from the address alone, so a Spanish speaker who follows a link to an
English address would never be offered Spanish. This middleware sends such a first
visit, one without the language cookie a choice leaves, to the same page in Spanish
when the browser's Accept-Language prefers it. Whoever picks English with the switcher
gets the cookie and stays on English addresses.
"""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import translate_url
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language_from_path
from django.utils.translation.trans_real import parse_accept_lang_header

SUPPORTED = {code for code, _name in settings.LANGUAGES}


def preferred_language(request):
    """The first supported language of the browser's Accept-Language, or None."""
    header = request.META.get("HTTP_ACCEPT_LANGUAGE", "")
    for code, _quality in parse_accept_lang_header(header):
        language = code.split("-")[0].lower()
        if language in SUPPORTED:
            return language
    return None


def first_visit_address(request):
    """Where a first visit to an English address should go instead, if anywhere."""
    if request.method not in ("GET", "HEAD") or settings.LANGUAGE_COOKIE_NAME in request.COOKIES:
        return None
    if get_language_from_path(request.path_info):
        return None  # an address with a language prefix is a choice already
    language = preferred_language(request)
    if language in (None, settings.LANGUAGE_CODE):
        return None
    address = request.get_full_path()
    translated = translate_url(address, language)
    return translated if translated != address else None  # the API, the admin: no change


class FirstVisitLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        address = first_visit_address(request)
        if address:
            response = HttpResponseRedirect(address)
        else:
            response = self.get_response(request)
        # Whether an English address answers with the page or a redirect depends on both.
        if not get_language_from_path(request.path_info):
            patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response
