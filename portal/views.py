import re
from datetime import timedelta
from functools import cache

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils import timezone
from django.views.decorators.cache import never_cache

from recommendations.models import Pillar, Program, Topic

from .http import read_only


@read_only
def home(request):
    return render(
        request,
        "portal/home.html",
        {
            "pillars": Pillar.objects.published(),
            "programs": Program.objects.published(),
            "topics": Topic.objects.published(),
        },
    )


@read_only
@never_cache
def health(request):
    """For load balancers: 200 when the app can reach its database, 503 when not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def _wants_json(request):
    return request.path.startswith("/api/")


def bad_request(request, exception):
    if _wants_json(request):
        return JsonResponse({"error": "Bad request."}, status=400)
    return render(request, "400.html", status=400)


def page_not_found(request, exception):
    if _wants_json(request):
        return JsonResponse({"error": "Not found."}, status=404)
    return render(request, "404.html", status=404)


def server_error(request):
    # Rendered without a request context: the database may be what failed.
    if _wants_json(request):
        return JsonResponse({"error": "Server error."}, status=500)
    return HttpResponseServerError(loader.get_template("500.html").render())


@read_only
def security_txt(request):
    """RFC 9116: where to report a security problem."""
    contact = settings.SECURITY_CONTACT
    expires = (timezone.now() + timedelta(days=365)).replace(microsecond=0)
    lines = [
        f"Contact: {contact}",
        f"Expires: {expires.isoformat().replace('+00:00', 'Z')}",
        "Preferred-Languages: en",
        f"Canonical: {request.build_absolute_uri('/.well-known/security.txt')}",
        f"Policy: {request.build_absolute_uri('/accessibility/')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


# An address that is safe inside a CSS string: no quotes, backslashes, spaces or angle brackets.
CSS_SAFE_URL = re.compile(r"https?://[\w.:@%/+~-]+")


@cache
def _print_rules():
    return (settings.BASE_DIR / "static" / "css" / "print.css").read_text()


@read_only
def print_css(request):
    """The print stylesheet, led by the site's canonical address (SITE_URL), so that printed
    links are full URLs on the site's own host: a static file cannot know the setting, and
    the host that served the page may be a proxy's or a mirror's."""
    site_url = settings.SITE_URL if CSS_SAFE_URL.fullmatch(settings.SITE_URL) else ""
    css = f':root {{ --site-url: "{site_url}"; }}\n' + _print_rules()
    response = HttpResponse(css, content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "public, max-age=3600"
    return response
