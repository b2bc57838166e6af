"""Only routes the portal uses are served: django-tinymce's own views are not mounted."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    ["/tinymce/flatpages_link_list/", "/tinymce/filebrowser/", "/tinymce/compressor/"],
)
def test_tinymce_views_are_not_served(path):
    """They needed apps the portal has not (flatpages, filebrowser) and answered 500.

    The editor loads TinyMCE from the static files and uploads through
    editor-upload-image; none of these views is used.
    """
    response = Client(raise_request_exception=False).get(path)
    assert response.status_code == 404
