"""Fixtures shared by the browser tests: an editor account, uploaded media served."""

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from tests.e2e.browsing import EDITOR_PASSWORD, TIMEOUT_MS
from tests.factories import make_user

EDITORS_GROUP = "Biên tập viên"  # news/migrations/0004_editor_groups

# expect() waits as long as every other step, not its 5 s default.
expect.set_options(timeout=TIMEOUT_MS)


@pytest.fixture
def media_served(settings):
    """Serve uploaded covers from the live server, as nginx does in production."""
    settings.ROOT_URLCONF = "tests.e2e.urls"


@pytest.fixture
def editor():
    """Return a staff user in the "Biên tập viên" group, as the newsroom sets them up."""
    user = make_user("bientapvien", staff=True, password=EDITOR_PASSWORD)
    user.groups.add(Group.objects.get(name=EDITORS_GROUP))
    return user
