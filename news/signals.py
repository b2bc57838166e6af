"""Signals the news app sends; other apps (the page cache, in portal/) listen.

``content_changed``: sent after a write that changes what readers see without a model
save or delete of its own, e.g. ``QuerySet.update()`` in bulk admin actions and the
importer's SQL batches. Saves and deletes already send Django's own signals.
"""

from django.dispatch import Signal

content_changed = Signal()
