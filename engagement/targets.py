"""What readers may rate: a registry of item kinds, each with how to find a public item.

A kind is a model label ("news.article"); its function takes (object id, site id) and
returns the ``Target`` a reader of that site can see now, or None. Pages or any other
public model join by adding their label here; ratings point at them through contenttypes.
"""

from dataclasses import dataclass

from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Target:
    label: str  # "news.article"
    pk: int
    site_id: int
    title: str
    url: str


RATEABLE = {
    "news.article": "engagement.targets.published_article",
}


def published_article(object_id, site_id):
    """Return the article as a Target if readers of the site can see it now, else None."""
    from news.models import Article

    article = (
        Article.objects.published()
        .filter(pk=object_id, site_id=site_id)
        .only("title", "slug", "site_id")
        .first()
    )
    if article is None:
        return None
    return Target("news.article", article.pk, article.site_id, article.title,
                  article.get_absolute_url())  # fmt: skip


def find(label, object_id, site_id):
    """Return the public Target `label` #`object_id` on the site, or None if there is none."""
    path = RATEABLE.get(label)
    if path is None:
        return None
    return import_string(path)(object_id, site_id)
