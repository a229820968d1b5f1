"""What the link checker found (manage.py check_links)."""

from django.db import models


class LinkCheckQuerySet(models.QuerySet):
    def broken(self):
        return self.filter(ok=False)


class LinkCheck(models.Model):
    """The last check of one external address that the content links to."""

    url = models.URLField(max_length=500, unique=True)
    ok = models.BooleanField()
    status = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The HTTP status of the last answer; empty if none."
    )
    problem = models.CharField(max_length=200, blank=True)
    used_by = models.JSONField(default=list, help_text="The keys of the items that link here.")
    checked_at = models.DateTimeField()

    objects = LinkCheckQuerySet.as_manager()

    class Meta:
        ordering = ["ok", "url"]
        verbose_name = "checked link"

    def __str__(self):
        return self.url
