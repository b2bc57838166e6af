"""One version number for every cached fragment built from news content.

Saving or deleting an article or a category (admin, import, shell) bumps it, and so do
admin's bulk publish/unpublish actions, which use update() and send no signal. Fragments
cached under ``versioned_key(name)`` are then never read again and expire by themselves,
however many there are: the menu, the "Tin xem nhiều" lists, whatever comes next.

With Redis (CACHE_URL=redis://..., docs/deploy.md) the new version reaches every gunicorn
worker and every app server at once. The default local-memory cache is per process: there
only the process that saved sees it at once, the others when their fragments time out.
"""

from datetime import timedelta

from django.core.cache import cache
from django.db.models import Min
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

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


def versioned_key(name, version=None):
    """Return the cache key for fragment `name` under the current content version."""
    return f"{name}:v{version or content_version()}"


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


SCHEDULE_KEY = "news:next-scheduled-change"
# How long a computed schedule is kept at most, so a process whose local-memory cache
# missed another worker's version bump (a newly scheduled article) looks again soon.
SCHEDULE_RECHECK_SECONDS = 60


def next_scheduled_change(now=None, version=None):
    """Return the next moment a published article appears or disappears, or None.

    That is the earliest future publish_at or unpublish_at of an article in the
    published status: until then, every public list reads the same rows. Read from the
    cache under the content version; two queries when it has to be computed.
    """
    now = now or timezone.now()
    key = versioned_key(SCHEDULE_KEY, version)
    cached = cache.get(key)
    if cached is not None and cached[0] > now:
        return cached[1]
    scheduled = Article.objects.filter(status=Article.Status.PUBLISHED)
    # publish_at walks the partial index from `now`; unpublish_at has none, but only the
    # rows with a date set match.
    nearest = [
        scheduled.filter(publish_at__gt=now)
        .order_by("publish_at")
        .values_list("publish_at", flat=True)
        .first(),
        scheduled.filter(unpublish_at__gt=now).aggregate(first=Min("unpublish_at"))["first"],
    ]
    change = min((moment for moment in nearest if moment is not None), default=None)
    valid_until = change or now + timedelta(seconds=SCHEDULE_RECHECK_SECONDS)
    cache.set(key, (valid_until, change), SCHEDULE_RECHECK_SECONDS)
    return change


def scheduled_key(name, now=None):
    """Return the cache key for `name` under the content version and the schedule.

    The key changes when an editor saves (the version) and when the next scheduled
    article appears or disappears, at that very moment in every process, so a fragment
    cached under it never shows a list as it was before a scheduled change.
    """
    # One read of the version serves both keys: on Redis each read is a round trip.
    version = content_version()
    change = next_scheduled_change(now, version)
    stamp = change.timestamp() if change is not None else "-"
    return f"{versioned_key(name, version)}:s{stamp}"


_REQUEST_ATTR = "_news_scheduled_suffix"


def request_scheduled_key(request, name):
    """Return scheduled_key(name), reading the version and the schedule once per request.

    The article lookup, the whole-page cache and every fragment of one request share the
    reads (with Redis, each is a round trip). Without a request, nothing is remembered.
    """
    suffix = getattr(request, _REQUEST_ATTR, None)
    if suffix is None:
        suffix = scheduled_key("")
        if request is not None:
            setattr(request, _REQUEST_ATTR, suffix)
    return f"{name}{suffix}"
