"""Dates no article can have are refused where they enter: model, database, admin, import."""

import importlib
import io
import json
from datetime import datetime, timedelta, timezone

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.test import TestCase
from django.urls import reverse

from news.models import Article
from portal.content import DATE_RANGE, MESSAGE_DATE_OUT_OF_RANGE
from tests.factories import make_article, make_category, make_user
from tests.news.test_uploads import article_form_data

# What the import line "9999-12-31T23:59:59-07:00" means: year 10000 in UTC.
YEAR_10000 = datetime.fromisoformat("9999-12-31T23:59:59-07:00")
YEAR_1 = datetime.fromisoformat("0001-01-01T00:00:00+07:00")
VIETNAM = timezone(timedelta(hours=7))


class ModelValidationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.category = make_category()

    def article(self, **fields):
        return Article(title="Tin", category=self.category, **fields)

    def test_year_10000_is_refused_in_vietnamese(self):
        """full_clean() names the range for a publish time past 2099."""
        with self.assertRaises(ValidationError) as caught:
            self.article(publish_at=YEAR_10000).full_clean()
        self.assertEqual(caught.exception.message_dict["publish_at"], [MESSAGE_DATE_OUT_OF_RANGE])

    def test_year_1_withdrawal_is_refused(self):
        """An unpublish time in year 1 is refused like a publish time."""
        with self.assertRaises(ValidationError) as caught:
            self.article(publish_at=YEAR_1, unpublish_at=YEAR_1 + timedelta(days=1)).full_clean()
        self.assertIn("unpublish_at", caught.exception.message_dict)
        self.assertIn("publish_at", caught.exception.message_dict)

    def test_the_range_ends_are_accepted(self):
        """The first moment of 1900 and the last of 2099 are portal dates."""
        start, end = DATE_RANGE
        self.article(publish_at=start, unpublish_at=end - timedelta(seconds=1)).full_clean()

    def test_database_refuses_what_validation_was_skipped_for(self):
        """A save that never ran full_clean() (shell, code) still cannot store year 10000."""
        for fields in ({"publish_at": YEAR_10000}, {"publish_at": YEAR_1}):
            with self.subTest(**fields), self.assertRaises(IntegrityError), transaction.atomic():
                make_article(category=self.category, **fields)


class AdminDateTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_user(superuser=True)
        cls.category = make_category()

    def setUp(self):
        self.client.force_login(self.editor)

    def post(self, **dates):
        data = article_form_data(self.category, title="Tin nhập nhầm năm", **dates)
        return self.client.post(reverse("admin:news_article_add"), data)

    def test_year_1_typed_in_admin_is_refused_and_the_form_kept(self):
        """01/01/0001 00:00 gives a Vietnamese error next to the field; nothing is saved."""
        response = self.post(publish_at_0="01/01/0001", publish_at_1="00:00")
        self.assertEqual(response.status_code, 200)
        form = response.context["adminform"].form
        self.assertEqual(form.errors["publish_at"], [MESSAGE_DATE_OUT_OF_RANGE])
        self.assertContains(response, MESSAGE_DATE_OUT_OF_RANGE)
        self.assertContains(response, "Tin nhập nhầm năm")
        self.assertFalse(Article.objects.exists())

    def test_year_9999_withdrawal_is_refused(self):
        """A withdrawal in 9999 is refused the same way."""
        response = self.post(unpublish_at_0="9999-12-31", unpublish_at_1="23:59:59")
        self.assertEqual(response.status_code, 200)
        self.assertIn("unpublish_at", response.context["adminform"].form.errors)
        self.assertFalse(Article.objects.exists())

    def test_article_list_still_answers(self):
        """The admin list (date hierarchy included) answers with in-range dates only."""
        make_article(category=self.category, publish_at=DATE_RANGE[0])
        response = self.client.get(reverse("admin:news_article_changelist"))
        self.assertEqual(response.status_code, 200)


@pytest.mark.django_db(transaction=True)
def test_import_rejects_impossible_dates_with_their_line_numbers(tmp_path, client):
    """Year 10000 and year 1 lines are rejected; the others are imported; pages answer."""
    good = {
        "type": "article",
        "legacy_id": "ok",
        "title": "Tin đúng",
        "category": "Tin tức",
        "published_at": "2014-04-07T10:45:00+07:00",
    }
    lines = [
        good,
        {**good, "legacy_id": "y10000", "published_at": "9999-12-31T23:59:59-07:00"},
        {**good, "legacy_id": "y1", "published_at": "0001-01-01T00:00:00+07:00"},
        {**good, "legacy_id": "y1899", "published_at": "1899-12-31T00:00:00+00:00"},
    ]
    path = tmp_path / "export.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    call_command("import_legacy", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    assert list(Article.objects.values_list("legacy_id", flat=True)) == ["ok"]
    rejects = path.with_name(path.name + ".rejects.jsonl").read_text(encoding="utf-8")
    entries = [json.loads(line) for line in rejects.splitlines()]
    assert [entry["line"] for entry in entries] == [2, 3, 4]
    assert all("ngoài khoảng năm 1900–2099" in entry["reason"] for entry in entries)
    for url in (reverse("news:home"), reverse("news:feed"), reverse("sitemap-index")):
        assert client.get(url).status_code == 200, url


class RepairMigrationTests(TestCase):
    """0009 moves stored dates into the range before adding its constraint."""

    def test_out_of_range_rows_are_moved_in_and_the_constraint_can_be_added(self):
        category = make_category()
        future = make_article(category=category, title="Năm 10000")
        past = make_article(category=category, title="Năm 1")
        withdrawn = make_article(category=category, title="Gỡ năm 1")
        forever = make_article(category=category, title="Gỡ năm 10000")
        migration = importlib.import_module("news.migrations.0009_article_dates_in_range")
        constraint = next(
            c for c in Article._meta.constraints if c.name == "article_dates_in_range"
        )
        with connection.cursor() as cursor:
            # The rows above queued foreign-key checks; PostgreSQL alters no table with
            # checks pending.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        with connection.schema_editor(atomic=False) as editor:
            editor.remove_constraint(Article, constraint)
        with connection.cursor() as cursor:
            rows = [
                (future, "10000-01-01 06:59:59+07", None),
                (past, "0001-01-01 00:00+07", None),
                (withdrawn, "0001-01-01 00:00+07", "0001-06-01 00:00+07"),
                (forever, "2014-04-07 10:45+07", "10000-01-01 00:00+00"),
            ]
            for article, publish, unpublish in rows:
                cursor.execute(
                    "UPDATE news_article SET publish_at = %s, unpublish_at = %s WHERE id = %s",
                    [publish, unpublish, article.pk],
                )
            for statement in migration.REPAIR:
                cursor.execute(statement)
        with connection.schema_editor(atomic=False) as editor:
            editor.add_constraint(Article, constraint)

        start, end = DATE_RANGE
        for article in (future, past, withdrawn, forever):
            article.refresh_from_db()
        assert future.publish_at == end - timedelta(seconds=1)
        assert not future.is_published()
        assert past.publish_at == start and past.is_published()
        assert withdrawn.publish_at == start and not withdrawn.is_published()
        assert forever.unpublish_at is None
        assert forever.publish_at == datetime(2014, 4, 7, 10, 45, tzinfo=VIETNAM)
        assert forever.is_published()
