import django.db.models.deletion
from django.conf import settings
from django.core.management.color import no_style
from django.db import migrations, models


def create_first_site(apps, schema_editor):
    """The installation's first site: the one every existing row belongs to.

    django.contrib.sites makes "example.com" only after all migrations; content migrated
    before it needs its site now. ``load_demo`` or the operator names it later.
    """
    Site = apps.get_model("sites", "Site")
    SiteProfile = apps.get_model("multisite", "SiteProfile")
    site, created = Site.objects.get_or_create(
        pk=1, defaults={"domain": "localhost", "name": "Cổng thông tin điện tử"}
    )
    SiteProfile.objects.get_or_create(site=site, defaults={"kind": "province"})
    if created:
        # An explicit id leaves the sequence behind: the next site would take id 1 again.
        with schema_editor.connection.cursor() as cursor:
            for sql in schema_editor.connection.ops.sequence_reset_sql(no_style(), [Site]):
                cursor.execute(sql)


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("sites", "0002_alter_domain_unique"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="SiteProfile",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("province", "Cổng thông tin tỉnh, thành phố"),
                            ("commune", "Xã, phường, đặc khu"),
                            ("department", "Sở, ban, ngành"),
                        ],
                        default="commune",
                        max_length=20,
                        verbose_name="loại",
                    ),
                ),
                ("position", models.PositiveSmallIntegerField(default=0, verbose_name="thứ tự")),
                (
                    "parent",
                    models.ForeignKey(
                        blank=True,
                        help_text="Để trống cho cổng thông tin của tỉnh, thành phố (gốc).",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="component_profiles",
                        to="sites.site",
                        verbose_name="thuộc cổng",
                    ),
                ),
                (
                    "site",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="profile",
                        to="sites.site",
                        verbose_name="trang",
                    ),
                ),
            ],
            options={
                "verbose_name": "thông tin trang thành phần",
                "verbose_name_plural": "thông tin trang thành phần",
                "ordering": ["position", "site__name"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("parent", models.F("site")), _negated=True),
                        name="multisite_profile_not_own_parent",
                        violation_error_message="Một trang không thể thuộc chính nó.",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="SiteAlias",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "host",
                    models.CharField(
                        help_text="Ví dụ tên miền của cổng quận, huyện cũ đã giải thể: quan11.tphcm.gov.vn. Địa chỉ cũ chuyển (301) tới trang này.",
                        max_length=100,
                        unique=True,
                        verbose_name="tên miền khác",
                    ),
                ),
                (
                    "site",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="aliases",
                        to="sites.site",
                        verbose_name="trang",
                    ),
                ),
            ],
            options={
                "verbose_name": "tên miền khác",
                "verbose_name_plural": "tên miền khác",
                "ordering": ["host"],
            },
        ),
        migrations.CreateModel(
            name="StaffAccess",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "all_sites",
                    models.BooleanField(
                        default=False,
                        help_text="Dành cho cán bộ của cổng tỉnh: làm việc trên mọi trang thành phần.",
                        verbose_name="mọi trang",
                    ),
                ),
                (
                    "sites",
                    models.ManyToManyField(
                        blank=True,
                        related_name="staff_access",
                        to="sites.site",
                        verbose_name="các trang được quản lý",
                    ),
                ),
                (
                    "user",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="site_access",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="người dùng",
                    ),
                ),
            ],
            options={
                "verbose_name": "quyền theo trang",
                "verbose_name_plural": "quyền theo trang",
            },
        ),
        migrations.RunPython(create_first_site, migrations.RunPython.noop),
    ]
