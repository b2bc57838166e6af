"""What every reader's page reads about its site, and an article's page about the
article, in one round trip to PostgreSQL each.

The chrome around a page comes from several apps: the menu's categories (news), the
agency's footer, menu pages and Organization (agency), the downtime notices shown now
(engagement). Each registers its part here (``register_site_part`` in its AppConfig's
ready()): one SQL statement, its parameters for a request, and how to build the answer
from the rows. The first part a request asks for reads them all, the statements sent
together in one execute() and their result sets read in turn: an uncached page pays one
round trip for its chrome, not one per app (docs/performance.md); a page may send its own
first statement in the same round trip (``with_site_parts``).
A request answered for no site (an error page for an unknown host) gets every part's
empty answer and no query.
"""

from dataclasses import dataclass

from django.db import connection

_REQUEST_ATTR = "_site_parts"


@dataclass(frozen=True)
class SitePart:
    sql: str  # one statement, %s placeholders
    params: object  # function(request) -> list, for a request with a site
    build: object  # function(request, rows) -> the answer
    empty: object  # function() -> the answer for a request without a site


_PARTS = {}


def _one_statement(name, sql):
    # The parts are joined with ";" into one execute(): each must be a single statement.
    if ";" in sql:
        raise ValueError(f"Phần {name!r}: một câu lệnh SQL, không có dấu ';'")
    return sql


def register_site_part(name, sql, params, build, empty):
    """Add a part of every page's chrome, read with the others in one round trip."""
    _PARTS[name] = SitePart(_one_statement(name, sql), params, build, empty)


def site_part(request, name):
    """Return part `name` for `request`, reading every registered part on first use."""
    loaded = request.__dict__.get(_REQUEST_ATTR)
    if loaded is None:
        _load(request)
        loaded = request.__dict__[_REQUEST_ATTR]
    return loaded[name]


def with_site_parts(request, sql, params):
    """Return the rows of a page's own statement (one, %s placeholders), run in the round
    trip of the site's parts when they have not been read yet for this request.

    The article page reads its article so: one round trip for the article and its chrome.
    """
    return _load(request, (_one_statement("page", sql), params))


def _load(request, own=None):
    """Read every part into `request` if not read yet, with `own` (sql, params) first;
    return own's rows (None without it)."""
    parts = [] if _REQUEST_ATTR in request.__dict__ else list(_PARTS.items())
    if parts and getattr(request, "site", None) is None:
        request.__dict__[_REQUEST_ATTR] = {name: part.empty() for name, part in parts}
        parts = []
    statements = [own[0]] if own else []
    params = list(own[1]) if own else []
    for _name, part in parts:
        statements.append(part.sql)
        params.extend(part.params(request))
    if not statements:
        return None
    rows, found = None, {}
    with connection.cursor() as cursor:
        cursor.execute(";\n".join(statements), params)
        if own:
            rows = cursor.fetchall()
        for index, (name, part) in enumerate(parts):
            if index or own:
                cursor.nextset()
            found[name] = part.build(request, cursor.fetchall())
    if parts:
        request.__dict__[_REQUEST_ATTR] = found
    return rows


# -- an article's parts -------------------------------------------------------------------
#
# What apps show under an article (documents: its attached files) is read in the round
# trip of the article's "TIN MỚI HƠN" / "TIN ĐÃ ĐƯA" lists (news.views.related_articles).
# A part's statement takes the lists' named parameters; %(id)s is the article's id.

_ARTICLE_PARTS = {}
_ARTICLE_ATTR = "_article_parts"


@dataclass(frozen=True)
class ArticlePart:
    sql: str  # one statement, %(id)s for the article
    build: object  # function(rows) -> the answer


def register_article_part(name, sql, build):
    """Add a part of an article's page, read with its related lists in one round trip."""
    _ARTICLE_PARTS[name] = ArticlePart(_one_statement(name, sql), build)


def article_statements():
    """Return the registered parts' statements, to send after the lists' own."""
    return [part.sql for part in _ARTICLE_PARTS.values()]


def keep_article_parts(article, cursor):
    """Read the parts' result sets that follow the current one on `cursor`, into `article`."""
    found = {}
    for name, part in _ARTICLE_PARTS.items():
        cursor.nextset()
        found[name] = part.build(cursor.fetchall())
    article.__dict__[_ARTICLE_ATTR] = found


def article_part(article, name):
    """Return part `name` of `article`: as read with its lists, or on its own if they were
    not read (an article shown by another page)."""
    loaded = article.__dict__.get(_ARTICLE_ATTR)
    if loaded is not None and name in loaded:
        return loaded[name]
    part = _ARTICLE_PARTS[name]
    with connection.cursor() as cursor:
        cursor.execute(part.sql, {"id": article.pk})
        return part.build(cursor.fetchall())
