"""Signals the news app sends; other apps (the page cache, in portal/) listen.

``content_changed``: sent after a write that changes what readers see without a model
save or delete of its own, e.g. ``QuerySet.update()`` in bulk admin actions and the
importer's SQL batches, with ``site_ids``: the sites whose pages show it. Saves and
deletes already send Django's own signals.

``demo_loaded``: sent by ``manage.py load_demo`` (below).

``body_image_uploaded``: sent when an editor's picture for an article body is stored
(news.editor_views.upload_image), with ``request``, ``name`` (the stored file's name),
``original_name`` (the editor's file name), ``width``, ``height`` and ``size`` (bytes).
"""

from django.dispatch import Signal

content_changed = Signal()
body_image_uploaded = Signal()

# Sent by ``manage.py load_demo`` inside its transaction, after the news content, with
# ``sites``: {demo site key: Site} (news.demo.sites), ``now`` and ``stdout``: where to report. Apps
# with demo content of their own add it here.
demo_loaded = Signal()
