"""/healthz and /readyz: JSON, cheap, never counted, not logged at INFO."""

import logging

from django.db.migrations.recorder import MigrationRecorder
from django.test import TestCase
from django.urls import reverse

from counters.models import SiteDailyStats
from portal import views


class HealthTests(TestCase):
    def setUp(self):
        views._MigrationState.all_applied = False

    def test_healthz_answers_ok(self):
        """/healthz answers 200 {"status": "ok"}."""
        response = self.client.get(reverse("healthz"))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json(), {"status": "ok"})

    def test_readyz_answers_ok_when_database_and_migrations_are_ready(self):
        """/readyz answers 200 with each check "ok"."""
        response = self.client.get(reverse("readyz"))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json(), {"status": "ok", "database": "ok", "migrations": "ok"})

    def test_readyz_costs_one_query_once_migrations_are_known_applied(self):
        """After the first answer, /readyz runs just SELECT 1."""
        self.client.get(reverse("readyz"))
        with self.assertNumQueries(1):
            self.client.get(reverse("readyz"))

    def test_readyz_reports_a_pending_migration(self):
        """A migration missing from the database makes /readyz answer 503 "pending"."""
        MigrationRecorder.Migration.objects.filter(app="news", name="0004_editor_groups").delete()
        response = self.client.get(reverse("readyz"))
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response.json()["migrations"], "pending")

    def test_health_checks_are_not_counted(self):
        """Polling /healthz and /readyz adds no visit."""
        self.client.get(reverse("healthz"))
        self.client.get(reverse("readyz"))
        self.assertFalse(SiteDailyStats.objects.exists())

    def test_health_checks_are_logged_below_info(self):
        """The request line of a health check is a DEBUG record, never INFO."""
        with self.assertLogs("portal.request", level="DEBUG") as logs:
            self.client.get(reverse("healthz"))
            self.client.get(reverse("readyz"))
        self.assertEqual([r.levelno for r in logs.records], [logging.DEBUG, logging.DEBUG])

    def test_health_checks_are_never_cached(self):
        """A proxy must not answer a health check from its cache."""
        response = self.client.get(reverse("readyz"))
        self.assertIn("no-cache", response["Cache-Control"])
