"""The newsroom groups (news 0004) also work on the agency's pages, leaders and information.

- "Biên tập viên" (editors): write, publish and delete pages; keep the leaders and the
  agency information of their sites.
- "Cộng tác viên" (contributors): write pages as drafts; see the leaders.

Running it again (or after an administrator changed a group) only adds what is missing.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = "Biên tập viên"
CONTRIBUTORS = "Cộng tác viên"

GROUP_PERMISSIONS = {
    EDITORS: [
        "add_page",
        "change_page",
        "delete_page",
        "view_page",
        "publish_page",
        "add_leader",
        "change_leader",
        "delete_leader",
        "view_leader",
        "add_agencyinfo",
        "change_agencyinfo",
        "view_agencyinfo",
    ],
    CONTRIBUTORS: ["add_page", "change_page", "view_page", "view_leader"],
}


def add_permissions(apps, schema_editor):
    config = apps.get_app_config("agency")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0, using=schema_editor.connection.alias)
    config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GROUP_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        permissions = Permission.objects.filter(
            content_type__app_label="agency", codename__in=codenames
        )
        if permissions.count() != len(codenames):
            raise RuntimeError(f"Thiếu quyền cho nhóm {name}: cần {sorted(codenames)}")
        group.permissions.add(*permissions)


def remove_permissions(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GROUP_PERMISSIONS):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="agency"))


class Migration(migrations.Migration):
    dependencies = [
        ("agency", "0001_initial"),
        ("news", "0004_editor_groups"),
    ]

    operations = [migrations.RunPython(add_permissions, remove_permissions)]
