from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = "Tin tức"

    def ready(self):
        from .templatetags.news_tags import register_categories_part

        register_categories_part()
