"""Editors ("Biên tập viên") schedule notices, keep the links and read the ratings report.

Contributors get none of these. As news' 0004_editor_groups, create_permissions() makes
the permissions now, and running again only adds what is missing.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = "Biên tập viên"
CODENAMES = [
    "add_downtimenotice",
    "change_downtimenotice",
    "delete_downtimenotice",
    "view_downtimenotice",
    "add_link",
    "change_link",
    "delete_link",
    "view_link",
    "view_rating",
]


def grant(apps, schema_editor):
    config = apps.get_app_config("engagement")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0, using=schema_editor.connection.alias)
    config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=EDITORS)
    permissions = Permission.objects.filter(
        content_type__app_label="engagement", codename__in=CODENAMES
    )
    if permissions.count() != len(CODENAMES):
        raise RuntimeError(f"Thiếu quyền cho nhóm {EDITORS}: cần {sorted(CODENAMES)}")
    group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    group = Group.objects.filter(name=EDITORS).first()
    if group is not None:
        group.permissions.remove(
            *apps.get_model("auth", "Permission").objects.filter(
                content_type__app_label="engagement", codename__in=CODENAMES
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("engagement", "0001_initial"),
        ("news", "0004_editor_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
