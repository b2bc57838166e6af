"""The one rule for a document's number and symbol ("số/ký hiệu") as readers type it."""

import re

from news.text import fold

_PARTS = re.compile(r"[0-9A-Z]+")


def number_key(value):
    """Return the canonical form of a number and symbol, what search compares.

    "10-CT/TW", "10/CT-TW", "10 CT TW", "10-ct/tw" and "Số 10-CT/TW" all give "10-CT-TW":
    diacritics folded ("Đ" as "D"), upper case, any run of separators as one "-", leading
    zeros of a number dropped ("09" as "9"), a leading "SỐ" dropped.
    """
    parts = _PARTS.findall(fold(value or "").upper())
    if parts and parts[0] == "SO" and len(parts) > 1:
        parts = parts[1:]
    return "-".join(p.lstrip("0") or "0" if p.isdigit() else p for p in parts)
