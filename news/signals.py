"""Signals the news app sends; other apps (the page cache, in portal/) listen.

``content_changed``: sent after a write that changes what readers see without a model
save or delete of its own, e.g. ``QuerySet.update()`` in bulk admin actions and the
importer's SQL batches, with ``site_ids``: the sites whose pages show it. Saves and
deletes already send Django's own signals.

``body_image_uploaded``: sent when an editor's picture for an article body is stored
(news.editor_views.upload_image), with ``request``, ``name`` (the stored file's name),
``original_name`` (the editor's file name), ``width``, ``height`` and ``size`` (bytes).

``demo_loaded``: sent by ``manage.py load_demo`` (below).
"""

from django.dispatch import Signal

content_changed = Signal()
body_image_uploaded = Signal()

# Sent by ``load_demo`` once its sites exist, with ``sites``: {demo key: Site} and ``now``;
# other apps add their own demo rows (idempotently).
demo_loaded = Signal()
