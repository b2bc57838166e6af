"""One version number for every cached fragment built from news content.

Saving or deleting an article or a category (admin, import, shell) bumps it, and so do
admin's bulk publish/unpublish actions, which use update() and send no signal. Fragments
cached under ``versioned_key(name)`` are then never read again and expire by themselves,
however many there are: the menu, the "Tin xem nhiều" lists, whatever comes next.

With Redis (CACHE_URL=redis://..., docs/deploy.md) the new version reaches every gunicorn
worker and every app server at once. The default local-memory cache is per process: there
only the process that saved sees it at once, the others when their fragments time out.
"""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Article, Category

CONTENT_VERSION_KEY = "news:content-version"
FIRST_VERSION = 1


def content_version():
    """Return the current content version (1 until anything is saved)."""
    version = cache.get(CONTENT_VERSION_KEY)
    if version is None:
        # timeout=None: a version that expired would go back to 1 and could revive
        # fragments cached under "v1" long ago.
        cache.add(CONTENT_VERSION_KEY, FIRST_VERSION, timeout=None)
        version = cache.get(CONTENT_VERSION_KEY, FIRST_VERSION)
    return version


def versioned_key(name):
    """Return the cache key for fragment `name` under the current content version."""
    return f"{name}:v{content_version()}"


def bump_content_version():
    """Make every versioned fragment stale, in every process sharing the cache."""
    try:
        cache.incr(CONTENT_VERSION_KEY)
    except ValueError:
        # Not there yet (or evicted): any fresh number above the old ones will do.
        cache.add(CONTENT_VERSION_KEY, FIRST_VERSION + 1, timeout=None)


@receiver(post_save, sender=Article, dispatch_uid="news-content-version-article-save")
@receiver(post_delete, sender=Article, dispatch_uid="news-content-version-article-delete")
@receiver(post_save, sender=Category, dispatch_uid="news-content-version-category-save")
@receiver(post_delete, sender=Category, dispatch_uid="news-content-version-category-delete")
def content_changed(**kwargs):
    """Bump the content version after an editor's change."""
    bump_content_version()
