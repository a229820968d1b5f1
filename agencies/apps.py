from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class AgenciesConfig(AppConfig):
    default = True
    name = "agencies"

    def ready(self):
        from . import national, rendered

        rendered.connect()  # first: see rendered.connect
        national.connect()


class AdminConfig(admin_apps.AdminConfig):
    """Django's admin app, with the site that requires two-factor sign-in for staff."""

    default = False
    default_site = "agencies.admin_site.PortalAdminSite"
