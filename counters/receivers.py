"""Totals imported from the old portal become the counters' baselines.

news.importer sends ``legacy_totals_imported``; news never imports counters, so the
wiring lives on this side (connected in CountersConfig.ready()).
"""

from django.db import connection
from django.dispatch import receiver

from news.importer import legacy_totals_imported

from . import services


@receiver(legacy_totals_imported, dispatch_uid="counters-store-legacy-totals")
def store_legacy_totals(sender, article_views=None, site_visits=None, **kwargs):
    """Store each imported article total and the site's visit total as baselines."""
    if article_views:
        # A batch of imported totals: psycopg's pipeline mode sends the statements without
        # waiting for each answer (one round trip per batch instead of one per article).
        with connection.cursor():  # make sure the connection is open
            pass
        with connection.connection.pipeline():
            for article_id, views in article_views.items():
                services.set_article_baseline(article_id, views)
    if site_visits is not None:
        services.set_site_baseline(site_visits)
