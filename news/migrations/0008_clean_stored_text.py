"""Clean the text already stored with portal.content.clean_text, as every save now does.

Rows saved before the rule may hold control characters (U+000B from Word's Shift+Enter)
that made the feeds answer 500. Only rows holding a suspect character are read and
rewritten. A key (slug, legacy id, old address) whose cleaned form another row already
has keeps its old value, so this migration cannot fail on a unique constraint.
"""

from django.db import IntegrityError, migrations, models, transaction
from django.db.models import Q

from portal.content import clean_text

# What clean_text() may change that PostgreSQL can hold (it holds no NUL nor surrogate).
SUSPECT = "[\x01-\x08\x0b-\x0d\x0e-\x1f\ufffe\uffff]"
MODELS = ("Category", "Article", "LegacyRedirect")


def clean_rows(apps, schema_editor):
    for name in MODELS:
        model = apps.get_model("news", name)
        fields = [
            field
            for field in model._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField)
        ]
        suspect = Q()
        for field in fields:
            suspect |= Q(**{f"{field.name}__regex": SUSPECT})
        for row in model.objects.filter(suspect).iterator():
            changed = {}
            for field in fields:
                value = getattr(row, field.attname)
                cleaned = clean_text(value, multiline=isinstance(field, models.TextField))
                if cleaned != value:
                    changed[field.attname] = cleaned
            try:
                with transaction.atomic():
                    model.objects.filter(pk=row.pk).update(**changed)
            except IntegrityError:
                keys = {field.attname for field in fields if field.unique} | {
                    model._meta.get_field(name).attname
                    for constraint in model._meta.constraints
                    for name in getattr(constraint, "fields", ())
                }
                rest = {key: value for key, value in changed.items() if key not in keys}
                if rest:
                    model.objects.filter(pk=row.pk).update(**rest)


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0007_article_scale_indexes"),
    ]

    operations = [
        migrations.RunPython(clean_rows, migrations.RunPython.noop),
    ]
