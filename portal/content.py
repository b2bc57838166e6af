"""Rules every stored piece of portal content keeps, whatever path stores it.

**Text** (``clean_text``): Unicode NFC, one kind of line break, and no character that
PostgreSQL (NUL) or XML 1.0 (the other C0 controls, lone surrogates, U+FFFE/U+FFFF)
refuses: feeds and sitemaps are XML, and one such character in a title answered 500 on
every feed that listed it. ``CleanTextModel`` applies it to every ``CharField`` and
``TextField`` of its subclasses on validation and on every save, restored versions and
fixtures included; raw-SQL writers (the importer) call ``clean_text`` themselves. HTML
bodies still go through the sanitizer first (``news.text.clean_html``).

**Dates** (``DATE_RANGE``): what a portal date may be. Python, psycopg and the time zone
conversions every page does break on dates near year 1 or 9999 (one stored year 10000
took the whole site down), so dates are kept far inside them: from 1900 (older than
any archive a portal republishes) to the end of 2099 (later than any schedule an editor
means). Model fields validate with ``validate_date``, database constraints use
``in_date_range``, the importer ``date_in_range``.
"""

import re
import unicodedata
from datetime import UTC, datetime
from functools import cache

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.utils import timezone

# "\r\n" and "\r" (browsers send textarea lines with CRLF), U+000B (what Word pastes for
# Shift+Enter) and U+000C are all line breaks: stored as "\n", what XML readers make of
# them anyway, so history, search and comparisons never see two forms of one text.
_LINE_BREAK = re.compile("\r\n?|[\x0b\x0c]")
# What is left that XML 1.0 refuses (its Char production) and PostgreSQL cannot store.
_REFUSED = re.compile("[\x00-\x08\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SINGLE_LINE_BREAK = re.compile("\r\n?|[\n\x0b\x0c]")


def clean_text(value, *, multiline=True):
    """Return `value` fit to store and to show in any page or feed.

    NFC; every line break as "\\n", or as a space when not `multiline` (a one-line box
    would hide it and glue the words on the next save); no NUL, no other control
    character but tab and line feed, no lone surrogate, no U+FFFE/U+FFFF. Anything that
    is not a string (None for a NULL column) is returned as it is.
    """
    if not isinstance(value, str) or not value:
        return value
    value = (_LINE_BREAK if multiline else _SINGLE_LINE_BREAK).sub(
        "\n" if multiline else " ", value
    )
    return unicodedata.normalize("NFC", _REFUSED.sub("", value))


@cache
def _text_fields(model):
    """Return (attname, multiline) of the model's concrete CharFields and TextFields."""
    return tuple(
        (field.attname, isinstance(field, models.TextField))
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
    )


def clean_text_fields(instance):
    """Apply clean_text() to every loaded text field of a model instance, in place."""
    loaded = instance.__dict__
    for attname, multiline in _text_fields(type(instance)):
        # A deferred field is not loaded, so it is not written either; reading it would
        # cost a query.
        if attname in loaded:
            loaded[attname] = clean_text(loaded[attname], multiline=multiline)


class CleanTextModel(models.Model):
    """Base of every content model: its text fields always hold clean_text() values.

    Cleaned before validation (so max_length sees the stored text and a form keeps
    what the editor typed when something else is wrong) and before every save through
    the pre_save signal, which also covers Model.save_base() calls that skip save():
    restored versions (django-reversion), fixtures. QuerySet.update() and bulk_create()
    skip both; write text through them with clean_text() values.
    """

    class Meta:
        abstract = True

    def clean_fields(self, exclude=None):
        clean_text_fields(self)
        super().clean_fields(exclude)


@receiver(pre_save, dispatch_uid="portal-clean-text-before-save")
def _clean_text_before_save(sender, instance, **kwargs):
    if isinstance(instance, CleanTextModel):
        clean_text_fields(instance)


# The first moment a portal date may be, and the first it may no longer be.
DATE_RANGE = (datetime(1900, 1, 1, tzinfo=UTC), datetime(2100, 1, 1, tzinfo=UTC))
MESSAGE_DATE_OUT_OF_RANGE = (
    f"Thời điểm phải nằm trong khoảng từ năm {DATE_RANGE[0].year} "
    f"đến hết năm {DATE_RANGE[1].year - 1}. Hãy kiểm tra lại năm đã nhập."
)


def date_in_range(value):
    """Return whether the datetime `value` lies in DATE_RANGE (naive: portal time)."""
    if timezone.is_naive(value):
        value = value.replace(tzinfo=timezone.get_default_timezone())
    # Aware datetimes compare without converting, so year 1 or 9999 in any zone is fine.
    return DATE_RANGE[0] <= value < DATE_RANGE[1]


def validate_date(value):
    """Raise ValidationError (in Vietnamese) for a datetime outside DATE_RANGE."""
    if value is not None and not date_in_range(value):
        raise ValidationError(MESSAGE_DATE_OUT_OF_RANGE, code="date_out_of_range")


def in_date_range(field_name):
    """Return the condition of a CheckConstraint keeping `field_name` in DATE_RANGE.

    NULL passes: whether a column may be empty is the column's own rule.
    """
    start, end = DATE_RANGE
    return Q(**{f"{field_name}__isnull": True}) | Q(
        **{f"{field_name}__gte": start, f"{field_name}__lt": end}
    )
