from datetime import timedelta

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
