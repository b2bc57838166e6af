"""Document permissions for the two newsroom groups (news migration 0004 made them).

- "Biên tập viên": everything on documents, their lists and files, and publishing.
- "Cộng tác viên": enter and change documents (their own drafts, documents.permissions)
  and their files; see the lists.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = "Biên tập viên"
CONTRIBUTORS = "Cộng tác viên"
MODELS = ("document", "attachment", "documenttype", "issuingbody", "documentfield")
GROUP_PERMISSIONS = {
    EDITORS: [f"{action}_{model}" for model in MODELS for action in ("add", "change", "delete", "view")]
    + ["publish_document"],
    CONTRIBUTORS: [
        "add_document",
        "change_document",
        "view_document",
        "add_attachment",
        "change_attachment",
        "view_attachment",
        "view_documenttype",
        "view_issuingbody",
        "view_documentfield",
    ],
}


def grant(apps, schema_editor):
    config = apps.get_app_config("documents")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0, using=schema_editor.connection.alias)
    config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GROUP_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        permissions = Permission.objects.filter(
            content_type__app_label="documents", codename__in=codenames
        )
        if permissions.count() != len(codenames):
            raise RuntimeError(f"Thiếu quyền cho nhóm {name}: cần {sorted(codenames)}")
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GROUP_PERMISSIONS):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="documents"))


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0001_initial"),
        ("news", "0004_editor_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
