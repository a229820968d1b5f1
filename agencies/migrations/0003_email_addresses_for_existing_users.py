"""Give every existing account with an email address an allauth EmailAddress row.

The old sign-up never verified addresses, so each row is unverified: the person confirms it
at their next sign-in. Without a row, allauth could neither sign them in by email nor send
them a password reset.
"""

from django.db import migrations


def create_email_addresses(apps, schema_editor):
    User = apps.get_model("agencies", "User")
    EmailAddress = apps.get_model("account", "EmailAddress")
    have_rows = EmailAddress.objects.values("user_id")
    users = User.objects.exclude(email="").exclude(pk__in=have_rows).order_by("pk")
    EmailAddress.objects.bulk_create(
        EmailAddress(user_id=user.pk, email=user.email.lower(), primary=True, verified=False)
        for user in users.only("pk", "email").iterator()
    )


class Migration(migrations.Migration):
    dependencies = [
        ("agencies", "0002_agency_bookmark_collection_historicaltrackerentry_and_more"),
        ("account", "0009_emailaddress_unique_primary_email"),
    ]

    operations = [migrations.RunPython(create_email_addresses, migrations.RunPython.noop)]
