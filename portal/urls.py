from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, reverse_lazy
from django.views.generic import RedirectView, TemplateView

from agencies.views import accounts as agency_accounts
from agencies.views import public as agency_public

from . import views
from .i18n.views import choose_language

# The admin has no sign-in form of its own: allauth's (rate-limited, two-factor) is used.
admin.site.login = secure_admin_login(admin.site.login)

# Addresses of the old hand-written account pages that allauth names differently.
OLD_ACCOUNT_URLS = [
    path(
        "accounts/password/change/done/", RedirectView.as_view(url=reverse_lazy("agencies:profile"))
    ),
    path(
        "accounts/password/reset/sent/",
        RedirectView.as_view(url=reverse_lazy("account_reset_password_done")),
    ),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        RedirectView.as_view(url=reverse_lazy("account_reset_password")),
    ),
]


def static_page(template_name):
    """A page of prose that names the maintainers' contact address."""
    return TemplateView.as_view(
        template_name=template_name, extra_context={"contact_email": settings.CONTACT_EMAIL}
    )


# Addresses that are the same in every language: the API (?lang=es), the admin (which
# follows the language cookie), health checks and files.
urlpatterns = [
    path("healthz/", views.health, name="health"),
    path("print.css", views.print_css, name="print_css"),
    path("language/<str:code>/", choose_language, name="choose_language"),
    path("api/agencies/<slug:slug>/tracker/", agency_public.tracker_api, name="tracker_api"),
    path("api/", include("recommendations.api_urls")),
    path(settings.ADMIN_PATH, admin.site.urls),
    path(".well-known/security.txt", views.security_txt, name="security_txt"),
]

# The pages people read: English at these addresses, Spanish under /es/ (ADR 13).
urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("about/", static_page("portal/about.html"), name="about"),
    path("privacy/", static_page("portal/privacy.html"), name="privacy"),
    path("report/", include("feedback.urls")),
    path(
        "accessibility/",
        static_page("portal/accessibility.html"),
        name="accessibility",
    ),
    path("accounts/login/", agency_accounts.LoginView.as_view(), name="account_login"),
    path("accounts/", include("allauth.urls")),
    *OLD_ACCOUNT_URLS,
    path("", include("agencies.urls")),
    path("", include("recommendations.urls")),
    prefix_default_language=False,
)

handler400 = "portal.views.bad_request"
handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"
