"""The newsroom groups see the library: editors keep it (rename, describe, delete),
contributors find and describe what they uploaded. Runs again harmlessly."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_PERMISSIONS = {
    "Biên tập viên": ["view_mediafile", "change_mediafile", "delete_mediafile"],
    "Cộng tác viên": ["view_mediafile", "change_mediafile"],
}


def grant(apps, schema_editor):
    config = apps.get_app_config("medialib")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0, using=schema_editor.connection.alias)
    config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GROUP_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="medialib", codename__in=codenames)
        )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GROUP_PERMISSIONS):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="medialib"))


class Migration(migrations.Migration):
    dependencies = [
        ("medialib", "0001_initial"),
        ("news", "0004_editor_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
