from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

from agencies.throttle import throttled
from agencies.views import tracker as agency_tracker

from . import views

# The admin's sign-in is slowed down and locked like the site's.
admin.site.login = throttled(admin.site.login)

urlpatterns = [
    path("", views.home, name="home"),
    path("about/", TemplateView.as_view(template_name="portal/about.html"), name="about"),
    path("healthz/", views.health, name="health"),
    path("api/agencies/<slug:slug>/tracker/", agency_tracker.tracker_api, name="tracker_api"),
    path("api/", include("recommendations.api_urls")),
    path(settings.ADMIN_PATH, admin.site.urls),
    path(".well-known/security.txt", views.security_txt, name="security_txt"),
    path(
        "accessibility/",
        TemplateView.as_view(template_name="portal/accessibility.html"),
        name="accessibility",
    ),
    path("", include("agencies.urls")),
    path("", include("recommendations.urls")),
]

handler400 = "portal.views.bad_request"
handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"
