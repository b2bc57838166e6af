"""RSS of a site's newest documents."""

from django.contrib.syndication.views import Feed
from django.urls import reverse

from .views import visible_documents

FEED_SIZE = 50


class LatestDocumentsFeed(Feed):
    language = "vi"

    def get_object(self, request):
        return request.site

    def title(self, obj=None):
        return f"{obj.name} – Văn bản mới"

    def link(self, obj=None):
        return reverse("documents:list")

    def description(self, obj=None):
        return f"Văn bản mới ban hành trên {obj.name}."

    def feed_url(self, obj=None):
        return reverse("documents:feed")

    def items(self, obj=None):
        return (
            visible_documents(obj)
            .select_related("doc_type")
            .defer("search_folded")
            .order_by("-publish_at", "-id")[:FEED_SIZE]
        )

    def item_title(self, item):
        return f"{item.doc_type.name} {item.number}"

    def item_description(self, item):
        return item.summary

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return item.updated_at
