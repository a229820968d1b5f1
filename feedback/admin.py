from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .closing import settle
from .models import ReaderReport, Status


def _set_status(status, label):
    @admin.action(description=label, permissions=["change"])
    def action(modeladmin, request, queryset):
        for report in queryset:
            previous, report.status = report.status, status
            settle(report, previous)
            report.save()
        count = queryset.count()
        done = ngettext("%(count)d report: %(status)s.", "%(count)d reports: %(status)s.", count)
        modeladmin.message_user(request, done % {"count": count, "status": status})

    action.__name__ = f"mark_{status.replace('-', '_')}"
    return action


@admin.register(ReaderReport)
class ReaderReportAdmin(admin.ModelAdmin):
    list_display = ["created_at", "status", "kind", "item", "short_message", "has_email"]
    list_filter = ["status", "kind"]
    search_fields = ["item_key", "item_title", "message"]
    readonly_fields = ["kind", "item", "message", "email", "created_at", "closed_at",
                       "reader_told_at"]  # fmt: skip
    fields = readonly_fields + ["status", "note"]
    actions = [
        _set_status(Status.IN_REVIEW, _("Mark as in review")),
        _set_status(Status.DONE, _("Close as done (emails the reader)")),
        _set_status(Status.DECLINED, _("Close as declined (emails the reader)")),
    ]

    def has_add_permission(self, request):
        return False  # reports come from readers

    @admin.display(description=_("about"))
    def item(self, report):
        if not report.item_url:
            return report.item_key
        return format_html(
            '<a href="{}">{}</a> {}', report.item_url, report.item_key, report.item_title[:80]
        )

    @admin.display(description=_("message"))
    def short_message(self, report):
        return report.message[:100]

    @admin.display(description=_("email?"), boolean=True)
    def has_email(self, report):
        return bool(report.email)

    def save_model(self, request, obj, form, change):
        previous = ReaderReport.objects.filter(pk=obj.pk).values_list("status", flat=True).first()
        settle(obj, previous)
        super().save_model(request, obj, form, change)
