"""Counts per site (issue 13): visits and site views per site, all-time site totals, a
baseline per site. Existing counts belong to the installation's first site."""

import django.db.models.deletion
from django.db import migrations, models

FIRST_SITE = 1


def counts_to_first_site(apps, schema_editor):
    apps.get_model("counters", "SiteDailyStats").objects.update(site_id=FIRST_SITE)
    old = apps.get_model("counters", "OldSiteBaseline").objects.filter(pk=1).first()
    if old is not None:
        apps.get_model("counters", "SiteBaseline").objects.create(
            site_id=FIRST_SITE, visits=old.visits, views=old.views
        )


def fill_site_totals(apps, schema_editor):
    # All time so far, in shard 0; later counts spread over the shards.
    schema_editor.execute(
        """
        INSERT INTO counters_sitetotal (site_id, shard, visits, views)
        SELECT site_id, 0, SUM(visits), SUM(views) FROM counters_sitedailystats GROUP BY site_id
        """
    )
    schema_editor.execute("ALTER TABLE counters_sitetotal SET (fillfactor = 50)")


class Migration(migrations.Migration):
    dependencies = [
        ("counters", "0004_total_views_index"),
        ("multisite", "0001_initial"),
        ("sites", "0002_alter_domain_unique"),
    ]

    operations = [
        migrations.RenameModel("SiteBaseline", "OldSiteBaseline"),
        migrations.CreateModel(
            name="SiteBaseline",
            fields=[
                (
                    "site",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="counter_baseline",
                        serialize=False,
                        to="sites.site",
                        verbose_name="trang",
                    ),
                ),
                ("visits", models.PositiveBigIntegerField(default=0, verbose_name="lượt truy cập nhập từ cổng cũ")),
                ("views", models.PositiveBigIntegerField(default=0, verbose_name="lượt xem nhập từ cổng cũ")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="cập nhật lúc")),
            ],
            options={
                "verbose_name": "số liệu nhập từ cổng cũ",
                "verbose_name_plural": "số liệu nhập từ cổng cũ",
            },
        ),
        migrations.AddField(
            model_name="sitedailystats",
            name="site",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="daily_stats",
                to="sites.site",
                verbose_name="trang",
            ),
        ),
        migrations.RunPython(counts_to_first_site, migrations.RunPython.noop),
        migrations.DeleteModel("OldSiteBaseline"),
        migrations.AlterField(
            model_name="sitedailystats",
            name="site",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="daily_stats",
                to="sites.site",
                verbose_name="trang",
            ),
        ),
        migrations.RemoveConstraint(model_name="sitedailystats", name="counters_site_day_shard_uniq"),
        migrations.AddConstraint(
            model_name="sitedailystats",
            constraint=models.UniqueConstraint(
                fields=("site", "day", "shard"), name="counters_site_day_shard_uniq"
            ),
        ),
        migrations.AlterModelOptions(
            name="sitedailystats",
            options={"verbose_name": "thống kê theo ngày", "verbose_name_plural": "thống kê theo ngày"},
        ),
        migrations.CreateModel(
            name="SiteTotal",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("shard", models.PositiveSmallIntegerField(verbose_name="phân đoạn")),
                ("visits", models.PositiveBigIntegerField(default=0, verbose_name="lượt truy cập")),
                ("views", models.PositiveBigIntegerField(default=0, verbose_name="lượt xem bài viết")),
                (
                    "site",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="totals",
                        to="sites.site",
                        verbose_name="trang",
                    ),
                ),
            ],
            options={
                "verbose_name": "tổng lượt truy cập",
                "verbose_name_plural": "tổng lượt truy cập",
                "constraints": [
                    models.UniqueConstraint(fields=("site", "shard"), name="counters_site_total_uniq")
                ],
            },
        ),
        migrations.RunPython(fill_site_totals, migrations.RunPython.noop),
    ]
