"""Accessibility audit with axe-core run inside Chromium: readers' pages and the admin
article form report no "serious" or "critical" violation.

axe-core comes bundled in the axe-playwright-python package (pinned in pyproject.toml's
dev extra); it is injected into each page and run there, on the rendered DOM with its
computed styles, so colour contrast, names, labels, landmarks and language are checked as
a browser shows them.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse

from tests.e2e.browsing import (
    DESKTOP,
    PHONE,
    make_reading_content,
    new_context,
    sign_in,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BLOCKING_IMPACTS = {"serious", "critical"}
SEARCH_QUERY = "lac long quan"
# (rule, element) pairs that come from a vendor's markup we cannot change, each with why.
# TinyMCE 7's resize handle is a <div aria-label> with no role (TinyMCE issue #9283,
# fixed in TinyMCE 8 with role="separator"); django-tinymce 5.0.0, the newest, bundles
# TinyMCE 7.8. It goes when TinyMCE 8 arrives, or with TINYMCE_DEFAULT_CONFIG "resize".
VENDOR_VIOLATIONS = {("aria-prohibited-attr", ".tox-statusbar__resize-handle")}


def blocking_violations(page, allowed=frozenset()):
    """Return axe's serious and critical violations on the page, as readable lines."""
    results = Axe().run(page)
    lines = []
    for violation in results.response["violations"]:
        if violation["impact"] not in BLOCKING_IMPACTS:
            continue
        for node in violation["nodes"]:
            if (violation["id"], ", ".join(node["target"])) in allowed:
                continue
            lines.append(
                f"{violation['id']} ({violation['impact']}): {', '.join(node['target'])}"
                f" – {node['failureSummary']}"
            )
    return lines


def public_urls(category, article):
    """Return {page name: path} for every kind of public page."""
    return {
        "trang chủ": reverse("news:home"),
        "chuyên mục": category.get_absolute_url(),
        "bài viết": article.get_absolute_url(),
        "tìm kiếm": reverse("news:search") + f"?q={SEARCH_QUERY.replace(' ', '+')}",
    }


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["dien-thoai", "may-tinh"])
def test_public_pages_have_no_serious_accessibility_violation(
    browser, live_server, media_served, viewport
):
    """Home, category, article and search results pass axe-core at phone and desktop size."""
    category, article = make_reading_content()
    context = new_context(browser, viewport)
    page = context.new_page()
    found = {}
    for name, path in public_urls(category, article).items():
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
        found[name] = blocking_violations(page)
    context.close()
    assert found == {name: [] for name in found}


def test_admin_article_form_has_no_serious_accessibility_violation(browser, live_server, editor):
    """The article form, new and for a stored article, TinyMCE loaded, passes axe-core."""
    _category, article = make_reading_content()
    context = new_context(browser)
    page = context.new_page()
    sign_in(page, live_server, editor)
    found = {}
    for path in (
        reverse("admin:news_article_add"),
        reverse("admin:news_article_change", args=[article.pk]),
    ):
        page.goto(live_server.url + path)
        page.wait_for_function("window.tinymce && tinymce.get('id_body')")
        page.wait_for_load_state("networkidle")
        found[path] = blocking_violations(page, allowed=VENDOR_VIOLATIONS)
    context.close()
    assert found == {path: [] for path in found}


def test_audit_reports_a_serious_violation(browser, live_server):
    """The audit is not blind: an image without alt text and a wordless link are caught."""
    context = new_context(browser)
    page = context.new_page()
    page.goto(live_server.url + reverse("news:home"))
    page.evaluate(
        """() => {
            const main = document.querySelector('main');
            const img = document.createElement('img');
            img.src = '/static/img/emblem.svg';
            main.appendChild(img);
            main.appendChild(document.createElement('a')).href = '/';
        }"""
    )
    violations = blocking_violations(page)
    context.close()
    assert {line.split(" ")[0] for line in violations} == {"image-alt", "link-name"}
