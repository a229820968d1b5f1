"""Check every external address the published content links to, and say which are broken.

Addresses rot: a program moves its page, a report's copy disappears. Readers should not
find that out before the curators. This asks each address (HEAD, then GET), lists the
broken ones with the items that use them, records the result for the admin (Checked
links, and the count on the admin index), and exits with status 1 when any is broken, so
a scheduled run can alert someone.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from recommendations import links
from recommendations.models import LinkCheck


class Command(BaseCommand):
    help = "Check the content's external links (HEAD, then GET) and report the broken ones."

    def add_arguments(self, parser):
        parser.add_argument("--timeout", type=float, default=10.0, help="Seconds per request.")
        parser.add_argument("--workers", type=int, default=4, help="Hosts checked at once.")
        parser.add_argument(
            "--delay", type=float, default=1.0, help="Seconds between two requests to one host."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Report only; record nothing for the admin."
        )

    def handle(self, *args, timeout, workers, delay, dry_run, verbosity=1, **options):
        used = links.linked_addresses()
        if verbosity >= 1:
            self.stdout.write(f"Checking {len(used)} addresses…")
        results = links.check(list(used), timeout=timeout, workers=workers, delay=delay)
        broken = [result for result in results if not result.ok]
        for result in results:
            if not result.ok or verbosity >= 2:
                status = result.status or "-"
                detail = f" ({result.problem})" if result.problem else ""
                line = f"{status}  {result.url}{detail}  used by {', '.join(used[result.url])}"
                self.stdout.write(self.style.WARNING(line) if not result.ok else line)
        if not dry_run:
            self._record(results, used)
        summary = f"{len(results) - len(broken)} of {len(results)} addresses answer."
        if broken:
            raise CommandError(f"{summary} {len(broken)} broken.")
        if verbosity >= 1:
            self.stdout.write(self.style.SUCCESS(f"{summary} None broken."))

    @transaction.atomic
    def _record(self, results, used):
        now = timezone.now()
        LinkCheck.objects.exclude(url__in=list(used)).delete()  # no longer linked
        for result in results:
            LinkCheck.objects.update_or_create(
                url=result.url,
                defaults={
                    "ok": result.ok,
                    "status": result.status,
                    "problem": result.problem[:200],
                    "used_by": used[result.url],
                    "checked_at": now,
                },
            )
