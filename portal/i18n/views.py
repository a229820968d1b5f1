"""The language switcher: a plain link on every page, so it works without JavaScript."""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import translate_url
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language_from_path

from .middleware import SUPPORTED


def choose_language(request, code):
    """Remember the reader's language and show the page they were on in it."""
    if code not in SUPPORTED:
        code = settings.LANGUAGE_CODE
    back = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = "/"
    # translate_url reads the address in the active language: the one it is written in.
    with translation.override(get_language_from_path(back) or settings.LANGUAGE_CODE):
        response = HttpResponseRedirect(translate_url(back, code))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
    )
    return response
