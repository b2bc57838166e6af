"""A count is committed before the page that shows it is rendered."""

import threading
from unittest import mock

import pytest
from django.db import connection
from django.template.response import TemplateResponse
from django.test import Client

from tests.factories import make_article

from .helpers import BROWSER_UA, article_views

pytestmark = pytest.mark.django_db(transaction=True)


def read_from_another_connection(article):
    """Return the article's total as another PostgreSQL session (another worker) sees it."""
    result = []

    def target():
        try:
            result.append(article_views(article))
        finally:
            connection.close()

    thread = threading.Thread(target=target)
    thread.start()
    thread.join(timeout=30)
    return result[0]


def test_view_is_committed_before_rendering():
    """When the template starts rendering, another connection already sees the new count.

    So a worker killed while rendering or sending the page loses no count a reader saw.
    """
    article = make_article()
    seen_at_render = []
    original_render = TemplateResponse.render

    def render_and_look(self):
        if getattr(self, "context_data", None) and self.context_data.get("article") == article:
            seen_at_render.append(read_from_another_connection(article))
        return original_render(self)

    with mock.patch.object(TemplateResponse, "render", render_and_look):
        response = Client(HTTP_USER_AGENT=BROWSER_UA).get(article.get_absolute_url())
    assert response.status_code == 200
    assert seen_at_render == [1]


def test_count_survives_a_failed_render():
    """A crash while rendering (after counting) keeps the committed count."""
    article = make_article()

    def broken_render(self):
        raise RuntimeError("worker died mid-render")

    client = Client(HTTP_USER_AGENT=BROWSER_UA, raise_request_exception=False)
    with mock.patch.object(TemplateResponse, "render", broken_render):
        response = client.get(article.get_absolute_url())
    assert response.status_code == 500
    assert article_views(article) == 1
