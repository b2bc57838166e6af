"""The "publish" permission and the two newsroom groups.

- "Biên tập viên" (editors): write, edit, delete and publish articles; manage categories.
- "Cộng tác viên" (contributors): write and edit drafts; see categories; never publish.

Neither group gets any permission on users, groups, counters or sign-in lockouts.
Permissions are normally created after all migrations (post_migrate); create_permissions()
makes them now, so this works on a fresh database as well as on one already in use.
Running it again (or after an administrator changed a group) only adds what is missing.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = "Biên tập viên"
CONTRIBUTORS = "Cộng tác viên"

GROUP_PERMISSIONS = {
    EDITORS: [
        "add_article",
        "change_article",
        "delete_article",
        "view_article",
        "publish_article",
        "add_category",
        "change_category",
        "delete_category",
        "view_category",
    ],
    CONTRIBUTORS: [
        "add_article",
        "change_article",
        "view_article",
        "view_category",
    ],
}


def create_groups(apps, schema_editor):
    news_config = apps.get_app_config("news")
    news_config.models_module = True
    create_permissions(news_config, apps=apps, verbosity=0, using=schema_editor.connection.alias)
    news_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GROUP_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        permissions = Permission.objects.filter(
            content_type__app_label="news", codename__in=codenames
        )
        if permissions.count() != len(codenames):
            raise RuntimeError(f"Thiếu quyền cho nhóm {name}: cần {sorted(codenames)}")
        group.permissions.add(*permissions)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUP_PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("news", "0003_article_search"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="article",
            options={
                "ordering": ["-publish_at", "-id"],
                "permissions": [("publish_article", "Có thể xuất bản và gỡ bài viết")],
                "verbose_name": "bài viết",
                "verbose_name_plural": "bài viết",
            },
        ),
        migrations.RunPython(create_groups, remove_groups),
    ]
