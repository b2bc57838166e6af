"""Every category, article and old-address redirect belongs to a site (issue 13).

Existing rows go to the installation's first site (multisite 0001 makes it). Slugs, legacy
ids and old addresses become unique per site; the home page, scheduling and sitemap
indexes lead with the site.
"""

import django.db.models.deletion
from django.db import migrations, models

FIRST_SITE = 1


def to_first_site(apps, schema_editor):
    for name in ("Category", "Article", "LegacyRedirect"):
        apps.get_model("news", name).objects.update(site_id=FIRST_SITE)


def _site_field(related_name, on_delete, **extra):
    return models.ForeignKey(
        null=True,
        on_delete=on_delete,
        related_name=related_name,
        to="sites.site",
        verbose_name="trang",
        **extra,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0010_cover_sizes_stored"),
        ("multisite", "0001_initial"),
        ("sites", "0002_alter_domain_unique"),
    ]

    operations = [
        migrations.AddField(
            model_name="category",
            name="site",
            field=_site_field("categories", django.db.models.deletion.PROTECT),
        ),
        migrations.AddField(
            model_name="article",
            name="site",
            field=_site_field(
                "articles",
                django.db.models.deletion.PROTECT,
                editable=False,
                help_text="Trang của chuyên mục: được đặt khi lưu.",
            ),
        ),
        migrations.AddField(
            model_name="legacyredirect",
            name="site",
            field=_site_field(
                "legacy_redirects",
                django.db.models.deletion.CASCADE,
                help_text="Địa chỉ cũ trả lời trên các tên miền của trang này.",
            ),
        ),
        migrations.RunPython(to_first_site, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="category",
            name="site",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="categories",
                to="sites.site",
                verbose_name="trang",
            ),
        ),
        migrations.AlterField(
            model_name="article",
            name="site",
            field=models.ForeignKey(
                editable=False,
                help_text="Trang của chuyên mục: được đặt khi lưu.",
                on_delete=django.db.models.deletion.PROTECT,
                related_name="articles",
                to="sites.site",
                verbose_name="trang",
            ),
        ),
        migrations.AlterField(
            model_name="legacyredirect",
            name="site",
            field=models.ForeignKey(
                help_text="Địa chỉ cũ trả lời trên các tên miền của trang này.",
                on_delete=django.db.models.deletion.CASCADE,
                related_name="legacy_redirects",
                to="sites.site",
                verbose_name="trang",
            ),
        ),
        migrations.AlterField(
            model_name="category",
            name="slug",
            field=models.SlugField(
                blank=True,
                help_text="Để trống để tạo tự động từ tên chuyên mục.",
                max_length=200,
                verbose_name="đường dẫn",
            ),
        ),
        migrations.AlterField(
            model_name="article",
            name="slug",
            field=models.SlugField(
                blank=True,
                help_text=(
                    "Để trống để tạo tự động từ tiêu đề. Sau khi bài đã xuất bản, đường dẫn giữ "
                    "nguyên dù tiêu đề thay đổi."
                ),
                max_length=320,
                verbose_name="đường dẫn",
            ),
        ),
        migrations.AlterField(
            model_name="article",
            name="legacy_id",
            field=models.CharField(
                blank=True, max_length=64, null=True, verbose_name="mã bài trên cổng cũ"
            ),
        ),
        migrations.AlterField(
            model_name="legacyredirect",
            name="old_path",
            field=models.CharField(
                help_text=(
                    "Đường dẫn trên cổng cũ, bắt đầu bằng “/”, có thể kèm tham số, ví dụ "
                    "/tin-tuc/chi-tiet.aspx?id=123. Có thể dán cả địa chỉ đầy đủ."
                ),
                max_length=1000,
                verbose_name="địa chỉ cũ",
            ),
        ),
        migrations.RemoveIndex(model_name="article", name="article_pub_unpublish_idx"),
        migrations.RemoveIndex(model_name="article", name="article_pub_latest_idx"),
        migrations.RemoveIndex(model_name="article", name="article_pub_featured_idx"),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                condition=models.Q(("status", "published"), ("unpublish_at__isnull", False)),
                fields=["site", "unpublish_at"],
                name="article_pub_site_unpublish_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                condition=models.Q(("status", "published")),
                fields=["site", "-publish_at", "-id"],
                name="article_pub_site_latest_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                condition=models.Q(("featured", True), ("status", "published")),
                fields=["site", "-publish_at", "-id"],
                name="article_pub_site_featured_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                condition=models.Q(("status", "published")),
                fields=["site", "id"],
                name="article_pub_site_id_idx",
            ),
        ),
        migrations.AddConstraint(
            model_name="category",
            constraint=models.UniqueConstraint(
                fields=("site", "slug"),
                name="category_slug_per_site",
                violation_error_message="Trang này đã có chuyên mục với đường dẫn đó.",
            ),
        ),
        migrations.AddConstraint(
            model_name="article",
            constraint=models.UniqueConstraint(
                fields=("site", "slug"),
                name="article_slug_per_site",
                violation_error_message="Trang này đã có bài viết với đường dẫn đó.",
            ),
        ),
        migrations.AddConstraint(
            model_name="article",
            constraint=models.UniqueConstraint(
                condition=models.Q(("legacy_id__isnull", False)),
                fields=("site", "legacy_id"),
                name="article_legacy_id_per_site",
                violation_error_message="Trang này đã có bài viết với mã cổng cũ đó.",
            ),
        ),
        migrations.AddConstraint(
            model_name="legacyredirect",
            constraint=models.UniqueConstraint(
                fields=("site", "old_path"),
                name="legacy_redirect_path_per_site",
                violation_error_message="Trang này đã có chuyển hướng cho địa chỉ cũ đó.",
            ),
        ),
    ]
