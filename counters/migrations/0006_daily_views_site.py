"""Each article's daily views carry the article's site: a site's "Tin xem nhiều" of a period
reads that site's rows by index, not every site's rows of the period joined to articles
(43 ms on the bench archive's home page, growing with the number of sites)."""

import django.db.models.deletion
from django.db import migrations, models

BACKFILL = """
UPDATE counters_articledailyviews AS d SET site_id = a.site_id
FROM news_article AS a WHERE a.id = d.article_id
"""


class Migration(migrations.Migration):
    dependencies = [
        ("counters", "0005_sites"),
        ("news", "0011_sites"),
        ("sites", "0002_alter_domain_unique"),
    ]

    operations = [
        migrations.AddField(
            model_name="articledailyviews",
            name="site",
            field=models.ForeignKey(
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="sites.site",
                verbose_name="trang",
            ),
        ),
        migrations.RunSQL(BACKFILL, migrations.RunSQL.noop),
        migrations.AlterField(
            model_name="articledailyviews",
            name="site",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="sites.site",
                verbose_name="trang",
            ),
        ),
        migrations.AddIndex(
            model_name="articledailyviews",
            index=models.Index(
                fields=["site", "day", "article"], name="counters_daily_site_day_idx"
            ),
        ),
    ]
