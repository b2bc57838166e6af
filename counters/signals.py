"""Receivers that keep counters' cached views of news in step with editors' saves."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from news.models import Article

from .templatetags.counters_popular import forget_popular_lists


@receiver(post_save, sender=Article, dispatch_uid="counters-popular-save")
@receiver(post_delete, sender=Article, dispatch_uid="counters-popular-delete")
def drop_popular_lists(**kwargs):
    """Forget the "Tin xem nhiều" lists: a saved article may have been withdrawn or renamed."""
    forget_popular_lists()
