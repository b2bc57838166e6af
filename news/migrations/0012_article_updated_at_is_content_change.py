import django.utils.timezone
from django.db import migrations, models

# Rows never saved again since they were created (demo, import, or written once): their
# content dates from their publication when that is earlier, as Article.save() now says.
# updated_at and created_at of such a row were set by the same save, microseconds apart.
NEVER_CHANGED = """
UPDATE news_article SET updated_at = publish_at
WHERE publish_at < updated_at AND updated_at - created_at < interval '1 second'
"""


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0011_sites"),
    ]

    operations = [
        migrations.AlterField(
            model_name="article",
            name="updated_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now, editable=False, verbose_name="cập nhật lần cuối"
            ),
        ),
        migrations.RunSQL(NEVER_CHANGED, migrations.RunSQL.noop),
    ]
