"""Staff of an installation from before sites work on its first site, where all its content
is (news 0008): no one loses access to what they edited."""

from django.conf import settings
from django.db import migrations

FIRST_SITE = 1


def existing_staff_on_first_site(apps, schema_editor):
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    StaffAccess = apps.get_model("multisite", "StaffAccess")
    for user in User.objects.filter(is_staff=True, is_superuser=False):
        access, _created = StaffAccess.objects.get_or_create(user=user)
        access.sites.add(FIRST_SITE)


class Migration(migrations.Migration):
    dependencies = [("multisite", "0001_initial")]

    operations = [migrations.RunPython(existing_staff_on_first_site, migrations.RunPython.noop)]
