"""The Curator group: add and change content, nothing else."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CONTENT_MODELS = [
    "source",
    "topic",
    "pillar",
    "chapter",
    "recommendation",
    "actionitem",
    "stakeholderaction",
    "program",
    "glossaryterm",
]


def create_curator_group(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Curator")
    codenames = [f"{action}_{model}" for model in CONTENT_MODELS for action in ("add", "change", "view")]
    group.permissions.set(
        Permission.objects.filter(content_type__app_label="recommendations", codename__in=codenames)
    )


def remove_curator_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Curator").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("recommendations", "0003_publication_and_history"),
    ]

    operations = [migrations.RunPython(create_curator_group, remove_curator_group)]
