"""Signals the documents app sends; other apps (the counters) listen.

``file_served``: a file is being sent to a reader, with ``request``, ``response`` (which a
listener may still change, e.g. set a cookie) and ``attachment``.
"""

from django.dispatch import Signal

file_served = Signal()
