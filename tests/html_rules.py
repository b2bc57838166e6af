"""Rules of the HTML standard that the Nu HTML Checker enforces, for tests of rendered pages."""

import re

# A valid global date and time string (or a date, or a local time): at most three digits
# of a second's fraction, the offset as Z or ±hh[:]mm.
HTML_DATETIME = re.compile(
    r"\d{4}-\d{2}-\d{2}"
    r"(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
)


def invalid_datetimes(html):
    """Return the datetime="..." values of `html` that are not valid HTML date strings."""
    values = re.findall(r'\bdatetime="([^"]*)"', html)
    return [value for value in values if not HTML_DATETIME.fullmatch(value)]
