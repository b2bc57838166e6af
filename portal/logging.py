"""Log formatters: one JSON object per line in production, plain text in development.

``settings.LOGGING`` picks one by ``LOG_FORMAT``. The request line itself is
written by ``portal.middleware.RequestLogMiddleware`` on the ``portal.request`` logger
with the fields below as ``extra``; errors keep their traceback (``exc_info``), which the
JSON formatter puts in an ``exc_info`` field of the same line, so a log collector never
splits one error over many records.

A standard library formatter is enough here: the stdlib already builds the record, and
``json.dumps`` writes it; a dependency would add nothing an operator sees.
"""

import json
import logging
from datetime import UTC, datetime

# Fields the request middleware attaches to its record; copied into the JSON object.
REQUEST_FIELDS = ("request_id", "method", "path", "status", "duration_ms", "user_id")


class JsonFormatter(logging.Formatter):
    """Format a record as one JSON object on one line."""

    def format(self, record):
        """Return the record as JSON: time, level, logger, message, request fields, traceback."""
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for field in REQUEST_FIELDS:
            value = getattr(record, field, None)
            if value is not None:
                entry[field] = value
        if record.exc_info:
            entry["exc_info"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack_info"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class AsWarning(logging.Filter):
    """Pass every record on at WARNING at most.

    For django.security.DisallowedHost: a client (often a scanner) sending a Host header
    the portal does not serve is worth noting, not an alarm; Django logs it at ERROR.
    """

    def filter(self, record):
        if record.levelno > logging.WARNING:
            record.levelno, record.levelname = (
                logging.WARNING,
                logging.getLevelName(logging.WARNING),
            )
        return True


class TextFormatter(logging.Formatter):
    """Format a record as a readable line for a developer's terminal."""

    def __init__(self):
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s", "%H:%M:%S")

    def format(self, record):
        """Return the usual text line, with the request id appended when there is one."""
        line = super().format(record)
        request_id = getattr(record, "request_id", None)
        if request_id and "\n" not in line:
            line = f"{line} [{request_id}]"
        return line
