from django.core.management.base import BaseCommand

from agencies import national


class Command(BaseCommand):
    help = "Count every published tracker again for the national page (after a bulk load)."

    def handle(self, *args, **options):
        national.refresh_all()
        self.stdout.write(f"{national.NationalTally.objects.count()} tallies written.")
