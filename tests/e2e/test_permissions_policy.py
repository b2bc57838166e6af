"""Chromium understands every feature of the Permissions-Policy header.

A feature the browser does not know is reported on the console ("Unrecognized feature")
and may mean a typo that leaves a device allowed; none may appear.
"""

import pytest
from django.urls import reverse

from tests.factories import make_article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIDEO = '<iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ" allowfullscreen></iframe>'


def test_public_and_admin_pages_report_no_policy_error(browser, live_server):
    """Home, an article with a video and the sign-in page: no Permissions-Policy message."""
    article = make_article(body=f"<p>Đoạn phim.</p>{VIDEO}")
    page = browser.new_page()
    messages = []
    page.on("console", lambda message: messages.append(message.text))
    for url in (reverse("news:home"), article.get_absolute_url(), reverse("admin:login")):
        response = page.goto(live_server.url + url)
        assert "camera=()" in response.headers["permissions-policy"]
    assert not [text for text in messages if "Permissions-Policy" in text]
