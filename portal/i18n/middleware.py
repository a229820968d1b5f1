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
from django.http import HttpResponseRedirect, JsonResponse
from django.urls import translate_url
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language_from_path
from django.utils.translation.trans_real import parse_accept_lang_header

SUPPORTED = {code for code, _name in settings.LANGUAGES}
API_PREFIX = "/api/"


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


def api_language(request):
    """(language, None) for a request to the API, or (None, what is wrong with its `lang`).

    ``lang`` decides when given; else the language a reader chose with the switcher (its
    cookie, which only a browser on this site sends: it makes the switcher work on the
    /api/ guide); else the browser's Accept-Language; else English.
    """
    asked = request.GET.getlist("lang")
    if len(asked) > 1:
        return None, "lang must be given once."
    if asked and asked[0] not in SUPPORTED:
        codes = ", ".join(code for code, _name in settings.LANGUAGES)
        return None, f"lang must be one of: {codes}."
    if asked:
        return asked[0], None
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if chosen in SUPPORTED:
        return chosen, None
    return preferred_language(request) or settings.LANGUAGE_CODE, None


class ApiLanguageMiddleware:
    """The API answers in the language asked for, at the same address in every language.

    The API is outside ``i18n_patterns`` (a client should not have to rewrite its
    addresses), so LocaleMiddleware activates English there. This chooses the language
    instead (``api_language``), before the page cache builds its key from the active
    language, so an English and a Spanish answer at one address are kept apart.
    A ``lang`` the API does not know gets a 400 in the API's error format.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith(API_PREFIX):
            return self.get_response(request)
        language, problem = api_language(request)
        if problem:
            response = JsonResponse({"error": problem}, status=400)
            language = settings.LANGUAGE_CODE  # the message is in English
        else:
            translation.activate(language)
            request.LANGUAGE_CODE = language
            response = self.get_response(request)
        # A view whose answer holds both languages (the ZIP) says so itself.
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Accept-Language",))
        return response
