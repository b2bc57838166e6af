"""Import the old portal's export (JSON Lines) into categories, articles and redirects.

One JSON object a line (the format is documented in docs/import.md):

    {"type": "category", "name": ..., "slug": ..., "parent": ...}
    {"type": "article", "legacy_id": ..., "url": ..., "title": ..., "category": ...,
     "published_at": ..., "lead": ..., "body": ..., "image": ..., "image_alt": ...,
     "author": ..., "views": ...}
    {"type": "site", "visits": N}

Other apps bring in line types of their own (``"type": "document"`` is the documents
app's) through ``register_line_type()``, called from their ``AppConfig.ready()``: ``news``
never imports them. Their files come from ``files_dir`` (``--files-dir``), by default the
folder ``<export name>_files`` beside the export.

Idempotent and resumable: articles are keyed by ``legacy_id``; a second run updates what
changed and creates what is missing, so an interrupted run is completed by running it
again. Articles are written in batches, each batch in one transaction: one ``INSERT``
of the new articles and one ``UPDATE ... WHERE <a field differs>`` of the known ones,
whose RETURNING says which rows were created or updated (the others were unchanged).
PostgreSQL only (arrays bound in binary, unnest).

Reading JSON, cleaning text (portal.content.clean_text, as the models do on save), the
HTML sanitizer and slugs cost about 0.1 ms a line, a third of what PostgreSQL spends on
the row, so on a big file they run in worker processes (one per core, at most
PARSE_WORKERS) while this process writes the batches in file order and PostgreSQL
indexes them.

A bad line never stops the import: it is reported with its line number and reason and
written to ``<input>.rejects.jsonl`` beside the input (``{"line", "reason", "raw"}``).

Imported view and visit totals are handed on with the ``legacy_totals_imported`` signal:
``news`` never imports ``counters``; the counters app stores them as its baselines.
"""

import collections
import json
import multiprocessing
import os
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import psycopg
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import DatabaseError, connection, transaction
from django.dispatch import Signal
from django.utils.html import strip_tags

from portal.content import DATE_RANGE, clean_text, date_in_range

from .images import validate_image
from .models import Article, Category
from .redirects import OLD_PATH_MAX_LENGTH, normalize_old_path
from .signals import content_changed
from .text import SLUG_MAX_LENGTH, clean_html, fold, unique_slug, vietnamese_slugify

BATCH_SIZE = 500
# Worker processes that parse and clean lines; files smaller than PARALLEL_MIN_BYTES are
# parsed in this process (starting workers costs more than it saves).
PARSE_WORKERS = 2
PARALLEL_MIN_BYTES = 4 * 1024 * 1024
# Lines handed to a worker at once, and chunks in flight per worker (bounds memory).
CHUNK_LINES = 200
CHUNKS_AHEAD = 3
# The largest total a PostgreSQL bigint counter holds.
MAX_COUNT = 2**63 - 1
REJECTS_SUFFIX = ".rejects.jsonl"
MAX_LINE_BYTES = 10 * 1024 * 1024
LEGACY_ID_MAX_LENGTH = Article._meta.get_field("legacy_id").max_length
TITLE_MAX_LENGTH = Article._meta.get_field("title").max_length
CATEGORY_NAME_MAX_LENGTH = Category._meta.get_field("name").max_length
ALT_MAX_LENGTH = Article._meta.get_field("cover_alt").max_length
BYLINE_MAX_LENGTH = Article._meta.get_field("byline").max_length
# Fields an import may change on an existing article (columns).
UPDATED_FIELDS = (
    "title",
    "category_id",
    "lead",
    "body",
    "publish_at",
    "cover_alt",
    "byline",
)
# Rejected lines kept in memory to print at the end; all of them go to the rejects file.
REPORTED_REJECTS = 100

# Sent once per batch with article_views={article id: imported total}, and once with
# site_id and site_visits=N for a "site" line. Receivers store them (counters.receivers).
legacy_totals_imported = Signal()


class Rejected(Exception):
    """A line that cannot be imported; the message says why, in Vietnamese."""


# {"type" of a line: factory}, filled by register_line_type().
LINE_TYPES = {}


def register_line_type(kind, factory):
    """Let another app import the lines of ``"type": kind``.

    ``factory(importer)`` is called once per run with the LegacyImporter and returns a
    handler whose ``import_line(number, record)`` writes one line, in file order, in this
    process, through the ORM (so saves keep the cache and history contracts), raising
    Rejected for a bad line. It counts into ``importer.summary.tally(label)``, may look
    up articles with ``importer.article_ids()`` and read files with ``importer.file_path()``.
    """
    LINE_TYPES[kind] = factory


@dataclass
class Tally:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class Summary:
    categories: Tally = field(default_factory=Tally)
    articles: Tally = field(default_factory=Tally)
    # The other apps' kinds of line, by their Vietnamese name ("Văn bản"), in order.
    others: dict = field(default_factory=dict)
    rejected: int = 0
    site_visits: int | None = None
    first_rejects: list = field(default_factory=list)
    rejects_path: Path | None = None

    def tally(self, label):
        """Return the Tally of another app's kind of line, added to the summary."""
        return self.others.setdefault(label, Tally())

    def lines(self):
        """Return the summary as lines of Vietnamese text."""
        kinds = {"Bài viết": self.articles, "Chuyên mục": self.categories, **self.others}
        out = [
            f"{label}: tạo mới {t.created}, cập nhật {t.updated}, không đổi {t.unchanged}."
            for label, t in kinds.items()
        ]
        if self.site_visits is not None:
            out.append(f"Tổng lượt truy cập của cổng cũ: {self.site_visits}.")
        out.append(f"Bị loại: {self.rejected} dòng.")
        if self.rejects_path:
            out.append(f"Các dòng bị loại được ghi vào {self.rejects_path}.")
        return out


_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def fast_slug(title):
    """Return the slug vietnamese_slugify() makes for a Vietnamese title, ten times faster.

    Vietnamese letters fold to ASCII by dropping combining marks (and đ -> d), so
    python-slugify's general transliteration is not needed on the import's hot path;
    anything else non-ASCII goes through vietnamese_slugify() as before.
    """
    folded = fold(title)
    if not folded.isascii() and any(c.isalpha() and not c.isascii() for c in folded):
        return vietnamese_slugify(title)
    slug = _NOT_SLUG.sub("-", folded).strip("-")
    if len(slug) > SLUG_MAX_LENGTH:
        slug = slug[:SLUG_MAX_LENGTH].rsplit("-", 1)[0]
    return slug


_SURROGATE = re.compile("[\ud800-\udfff]")


def text_field(record, name, *, required=False, max_length=None, multiline=False):
    """Return record[name] cleaned as the models clean text on save, or raise Rejected."""
    value = record.get(name)
    if value is None:
        value = ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise Rejected(f"trường “{name}” phải là chuỗi")
    if _SURROGATE.search(value):
        # Half of a UTF-16 pair ("\ud800" in the JSON): the character is lost already, and
        # the line goes to the rejects file to be fixed rather than imported without it.
        raise Rejected(f"trường “{name}” có ký tự Unicode hỏng (nửa cặp UTF-16 thay thế)")
    # What the models' CleanTextModel does on save, for the rows this module writes in SQL.
    value = clean_text(value, multiline=multiline).strip()
    if required and not value:
        raise Rejected(f"thiếu trường “{name}”")
    if max_length and len(value) > max_length:
        raise Rejected(f"trường “{name}” dài quá {max_length} ký tự")
    return value


def _plain(value):
    # Leads were sometimes HTML in the old portal; a lead is plain text here. Most are
    # plain already, and strip_tags() runs an HTML parser: skip it when it has no work.
    if "<" in value or "&" in value:
        value = strip_tags(value).replace("&nbsp;", " ")
    return " ".join(value.split())


def _published_at(record):
    raw = text_field(record, "published_at", required=True)
    try:
        value = datetime.fromisoformat(raw)
    except ValueError:
        raise Rejected(f"“published_at” không phải thời điểm ISO 8601: {raw[:40]!r}") from None
    if value.tzinfo is None:
        raise Rejected("“published_at” thiếu múi giờ (ví dụ +07:00)")
    if not date_in_range(value):
        start, end = DATE_RANGE
        raise Rejected(f"“published_at” ngoài khoảng năm {start.year}–{end.year - 1}: {raw[:40]!r}")
    return value


def _views(record):
    views = record.get("views", 0)
    if views is None:
        return 0
    if isinstance(views, bool) or not isinstance(views, int) or not 0 <= views <= MAX_COUNT:
        raise Rejected("“views” phải là số nguyên không âm")
    return views


def _old_path(record):
    url = text_field(record, "url")
    if not url:
        return ""
    key = normalize_old_path(url)
    if clean_text(key, multiline=False) != key:
        # Percent-decoding brought back what clean_text() removes ("%00", "%0B").
        raise Rejected(f"“url” có ký tự điều khiển: {url[:80]!r}")
    if len(key) > OLD_PATH_MAX_LENGTH:
        raise Rejected(f"“url” dài quá {OLD_PATH_MAX_LENGTH} ký tự")
    return key


_BATCH_ROWS = """unnest(
    %b::varchar[], %b::varchar[], %b::varchar[], %b::bigint[], %b::text[], %b::text[],
    %b::timestamptz[], %b::varchar[], %b::varchar[]
) AS b(legacy_id, title, slug, category_id, lead, body, publish_at, cover_alt, byline)"""
# New articles of a batch, in one statement: published, empty optional columns, updated_at
# as Article.save() sets it (the old portal's article last changed when it was published
# there). (Not an INSERT ... ON CONFLICT for all rows: PostgreSQL runs BEFORE INSERT
# triggers, the search trigger's parsing among them, on every proposed row, even one that
# then conflicts.)
INSERT_ARTICLES = f"""
INSERT INTO news_article (
    legacy_id, title, slug, category_id, lead, body, publish_at, cover_alt, byline,
    site_id, status, featured, cover, cover_caption, created_at, updated_at
)
SELECT legacy_id, title, slug, category_id, lead, body, publish_at, cover_alt, byline,
       %b, %b, false, '', '', now(), LEAST(publish_at, now())
FROM {_BATCH_ROWS}
RETURNING id, legacy_id
"""
# Known articles of a batch: only those with a field that differs are written, so
# RETURNING lists the updated ones; the search trigger reparses only changed text.
UPDATE_ARTICLES = f"""
UPDATE news_article AS a SET
    {", ".join(f"{name} = b.{name}" for name in UPDATED_FIELDS)},
    updated_at = now()
FROM {_BATCH_ROWS}
WHERE a.site_id = %b AND a.legacy_id = b.legacy_id
  AND ({" OR ".join(f"a.{name} IS DISTINCT FROM b.{name}" for name in UPDATED_FIELDS)})
RETURNING a.id, a.legacy_id
"""
# Old addresses of a batch; an address already known is pointed at its article again.
UPSERT_REDIRECTS = """
INSERT INTO news_legacyredirect AS r (site_id, old_path, article_id, new_path, created_at)
SELECT %b, old_path, article_id, '', now()
FROM unnest(%b::varchar[], %b::bigint[]) AS b(old_path, article_id)
ON CONFLICT (site_id, old_path) DO UPDATE SET article_id = EXCLUDED.article_id
WHERE r.article_id IS DISTINCT FROM EXCLUDED.article_id
"""


def _columns(rows):
    """Return the batch's (fields, category id) rows as the column arrays of _BATCH_ROWS."""
    columns = [[] for _ in range(9)]
    for fields, category_id in rows:
        values = (
            fields["legacy_id"],
            fields["title"],
            fields["slug"],
            category_id,
            fields["lead"],
            fields["body"],
            fields["publish_at"],
            fields["cover_alt"],
            fields["byline"],
        )
        for column, value in zip(columns, values, strict=True):
            column.append(value)
    return columns


def _execute(sql, params):
    """Run `sql` with its parameters bound by the server, sent in binary; return rows.

    Django's cursor inlines parameters into the SQL text: a batch's bodies would become
    one huge literal for PostgreSQL to lex and parse again.
    """
    connection.ensure_connection()
    with psycopg.Cursor(connection.connection) as cursor:
        cursor.execute(sql, params, binary=True)
        return cursor.fetchall() if cursor.description else []


def _raw(line):
    """Return a line of the file as text for the rejects file, whatever its bytes."""
    return line.decode("utf-8", errors="replace").rstrip("\r\n")


def _json(text):
    """Return the JSON value of one line, or raise Rejected saying what is wrong with it."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise Rejected(f"JSON không hợp lệ: {exc.msg} (cột {exc.colno})") from None
    except RecursionError:
        raise Rejected("JSON lồng nhau quá sâu") from None
    except ValueError:
        # Python refuses to read an integer of more than 4,300 digits.
        raise Rejected("JSON có số quá dài") from None


def _write_failure(exc):
    """Return the reject reason for an article the database (or anything else) refused."""
    if isinstance(exc, DatabaseError | psycopg.Error):
        reason = str(exc).strip().splitlines()[0][:200]
        return f"cơ sở dữ liệu từ chối: {reason}"
    return _unexpected(exc)


def _unexpected(exc):
    """Return the reject reason for a failure no check foresaw."""
    detail = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else ""
    return f"không xử lý được dòng ({type(exc).__name__}{': ' + detail if detail else ''})"


class LineParser:
    """Turn one line of the export into a parsed item; runs in worker processes too."""

    def __init__(self, media_dir=None):
        self.media_dir = media_dir

    def parse(self, number, line):
        """Return (kind, payload): ("article", fields), (another type, record) or
        ("reject", reason)."""
        try:
            if len(line) > MAX_LINE_BYTES:
                raise Rejected(f"dòng dài quá {MAX_LINE_BYTES // (1024 * 1024)} MB")
            try:
                text = line.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError:
                raise Rejected("không phải văn bản UTF-8") from None
            record = _json(text)
            if not isinstance(record, dict):
                raise Rejected("mỗi dòng phải là một đối tượng JSON {...}")
            kind = record.get("type")
            if kind == "article":
                return "article", self.parse_article(record)
            if kind in ("category", "site") or kind in LINE_TYPES:
                return kind, record
            raise Rejected(f"“type” không hợp lệ: {str(kind)[:40]!r}")
        except Rejected as exc:
            return "reject", str(exc)
        except Exception as exc:  # whatever else one line can cause, it is that line's
            return "reject", _unexpected(exc)

    def parse_article(self, record):
        """Return the cleaned fields of an article line, or raise Rejected."""
        legacy_id = text_field(record, "legacy_id", required=True, max_length=LEGACY_ID_MAX_LENGTH)
        category_name = text_field(
            record, "category", required=True, max_length=CATEGORY_NAME_MAX_LENGTH
        )
        title = text_field(record, "title", required=True, max_length=TITLE_MAX_LENGTH)
        title = " ".join(title.split())
        return {
            "legacy_id": legacy_id,
            "title": title,
            "slug": fast_slug(title) or "bai-viet",
            "category_name": category_name,
            "publish_at": _published_at(record),
            "lead": _plain(text_field(record, "lead", multiline=True)),
            "body": clean_html(text_field(record, "body", multiline=True)),
            "cover_alt": text_field(record, "image_alt", max_length=ALT_MAX_LENGTH),
            "byline": text_field(record, "author", max_length=BYLINE_MAX_LENGTH),
            "image": self._image_path(text_field(record, "image")),
            "views": _views(record),
            "old_path": _old_path(record),
        }

    def _image_path(self, relative):
        if not relative:
            return None
        if self.media_dir is None:
            raise Rejected("có “image” nhưng không có --media-dir")
        return file_inside(
            self.media_dir,
            relative,
            outside=f"“image” nằm ngoài --media-dir: {relative!r}",
            missing=f"không tìm thấy ảnh {relative!r} trong --media-dir",
        )


def file_inside(folder, relative, *, outside, missing):
    """Return the file `relative` inside `folder` (resolved, links followed), or raise
    Rejected with `outside` or `missing`: an export never reads beyond its folder."""
    path = (folder / relative).resolve()
    if not path.is_relative_to(folder):
        raise Rejected(outside)
    if not path.is_file():
        raise Rejected(missing)
    return path


def default_files_dir(path):
    """Return the folder of files beside an export: "export_files" for "export.jsonl"."""
    path = Path(path)
    return path.with_name(f"{path.stem}_files")


_worker_parser = None


def _start_worker(media_dir):
    global _worker_parser
    _worker_parser = LineParser(media_dir)


def _parse_chunk(chunk):
    """Return the parsed items of `chunk`, a list of (line number, bytes), in a worker."""
    return [_worker_parser.parse(number, line) for number, line in chunk]


class LegacyImporter:
    """Read one export file and bring its content in; see the module docstring."""

    def __init__(
        self, path, *, site, media_dir=None, files_dir=None, batch_size=BATCH_SIZE, progress=None
    ):
        self.path = Path(path)
        # Everything of the file goes to this site: the ward or province portal that took
        # over the dissolved district's archive.
        self.site = site
        self.media_dir = Path(media_dir).resolve() if media_dir else None
        self.files_dir = Path(files_dir or default_files_dir(self.path)).resolve()
        self.batch_size = batch_size
        # progress(bytes_done, bytes_total, summary) is called after every batch.
        self.progress = progress or (lambda done, total, summary: None)
        self.summary = Summary()
        self.parser = LineParser(self.media_dir)
        self.categories = {}  # name -> Category
        self.legacy_lines = {}  # legacy id -> the line that brought it
        self.category_slugs = set()
        self._rejects = None
        self.rejects_path = self.path.with_name(self.path.name + REJECTS_SUFFIX)
        self.handlers = {kind: factory(self) for kind, factory in LINE_TYPES.items()}

    # Rejects

    def reject(self, number, reason, raw):
        """Record a bad line: counted, and written to the rejects file."""
        if isinstance(raw, bytes):
            raw = _raw(raw)
        self.summary.rejected += 1
        if len(self.summary.first_rejects) < REPORTED_REJECTS:
            self.summary.first_rejects.append((number, reason))
        if self._rejects is None:
            self._rejects = self.rejects_path.open("w", encoding="utf-8", errors="backslashreplace")
        entry = {"line": number, "reason": reason, "raw": raw}
        self._rejects.write(json.dumps(entry, ensure_ascii=False) + "\n")

    # Categories

    def _load_categories(self):
        for category in Category.objects.filter(site=self.site):
            self.categories.setdefault(category.name, category)
            self.category_slugs.add(category.slug)

    def category_named(self, name, parent=None):
        """Return the category called `name`, created (under `parent`) if missing."""
        category = self.categories.get(name)
        if category is None:
            category = Category(site=self.site, name=name, parent=parent)
            category.save()
            self.categories[name] = category
            self.category_slugs.add(category.slug)
            self.summary.categories.created += 1
        return category

    def import_category(self, record):
        name = text_field(record, "name", required=True, max_length=CATEGORY_NAME_MAX_LENGTH)
        slug = text_field(record, "slug", max_length=200)
        if slug and vietnamese_slugify(slug) != slug:
            raise Rejected(f"“slug” không hợp lệ: {slug!r} (chỉ chữ thường không dấu, số, “-”)")
        parent_name = text_field(record, "parent", max_length=CATEGORY_NAME_MAX_LENGTH)
        parent = None
        if parent_name:
            if parent_name == name:
                raise Rejected("chuyên mục không thể là cha của chính nó")
            parent = self.category_named(parent_name)
            if parent.parent_id:
                raise Rejected(f"“{parent_name}” đã là chuyên mục con: chỉ cho phép một cấp")
        existing = self.categories.get(name)
        if existing is None:
            if slug and slug in self.category_slugs:
                raise Rejected(f"đường dẫn “{slug}” đã thuộc chuyên mục khác")
            category = Category(site=self.site, name=name, slug=slug, parent=parent)
            category.save()
            self.categories[name] = category
            self.category_slugs.add(category.slug)
            self.summary.categories.created += 1
            return
        if parent and existing.children.exists():
            raise Rejected(f"“{name}” đang có chuyên mục con nên không thể làm con")
        parent_id = parent.pk if parent else None
        if existing.parent_id == parent_id:
            self.summary.categories.unchanged += 1
            return
        existing.parent = parent
        existing.save(update_fields=["parent"])
        self.summary.categories.updated += 1

    # Articles

    def parse_article(self, record):
        """Return the cleaned fields of an article line, or raise Rejected."""
        return self.parser.parse_article(record)

    def _attach_cover(self, article, path):
        with path.open("rb") as handle:
            upload = File(handle, name=path.name)
            try:
                checked = validate_image(upload)
            except ValidationError as exc:
                raise Rejected(f"ảnh {path.name!r}: {' '.join(exc.messages)}") from None
            stem = vietnamese_slugify(path.stem)[:80] or "anh"
            article.cover.save(f"{stem}.{checked.extension}", upload, save=False)

    def write_batch(self, batch):
        """Create or update one batch of parsed articles in one transaction.

        A legacy id already met earlier in the file, however far back, is rejected: the
        first line with it is the one imported. Should the batch fail (a constraint
        nobody foresaw, anything else), each article is written alone so that only the
        offending lines are rejected.
        """
        items = []
        for number, fields, raw in batch:
            first = self.legacy_lines.setdefault(fields["legacy_id"], number)
            if first != number:
                self.reject(number, f"“legacy_id” lặp lại (đã có ở dòng {first})", raw)
            else:
                items.append((number, fields, raw))
        if not items:
            return
        try:
            self._write_batch(items)
        except Exception as exc:
            if len(items) == 1:
                number, _fields, raw = items[0]
                self.reject(number, _write_failure(exc), raw)
                return
            for number, fields, raw in items:
                try:
                    self._write_batch([(number, fields, raw)])
                except Exception as exc:
                    self.reject(number, _write_failure(exc), raw)

    def _write_batch(self, items):
        tally = Tally()
        # Missing categories are created (and remembered) outside the batch's
        # transaction, so a batch retried line by line never refers to a rolled-back one.
        category_ids = {
            fields["category_name"]: self.category_named(fields["category_name"]).pk
            for _number, fields, _raw in items
        }
        ids = [fields["legacy_id"] for _number, fields, _raw in items]
        with transaction.atomic():
            with connection.cursor() as cursor:
                # The batch's commit does not wait for the disk: a crash of the database
                # server may lose the last batches, which running the import again
                # restores (it is idempotent); nothing readers counted is involved.
                cursor.execute("SET LOCAL synchronous_commit = off")
                cursor.execute(
                    "SELECT legacy_id, id, cover FROM news_article"
                    " WHERE site_id = %s AND legacy_id = ANY(%s)",
                    [self.site.pk, ids],
                )
                existing = {legacy_id: (pk, cover) for legacy_id, pk, cover in cursor.fetchall()}
            rows, covered = [], []
            for number, fields, raw in items:
                category_id = category_ids[fields["category_name"]]
                known = existing.get(fields["legacy_id"])
                if fields["image"] is not None and not (known and known[1]):
                    # A cover to attach: the model's save() makes its renditions.
                    try:
                        covered.append(self._save_with_cover(fields, category_id, known))
                    except Rejected as exc:
                        self.reject(number, str(exc), raw)
                        continue
                    if known:
                        tally.updated += 1
                    else:
                        tally.created += 1
                    continue
                rows.append((fields, category_id, known is None))
            by_legacy = {legacy_id: pk for legacy_id, (pk, _cover) in existing.items()}
            by_legacy.update((a.legacy_id, a.pk) for a in covered)
            written = self._store_articles(rows)
            for pk, legacy_id, created in written:
                by_legacy[legacy_id] = pk
                if created:
                    tally.created += 1
                else:
                    tally.updated += 1
            tally.unchanged += len(rows) - len(written)
            redirects = {}
            for _number, fields, _raw in items:
                pk = by_legacy.get(fields["legacy_id"])
                if fields["old_path"] and pk is not None:
                    redirects[fields["old_path"]] = pk
            if redirects:
                _execute(
                    UPSERT_REDIRECTS, [self.site.pk, list(redirects), list(redirects.values())]
                )
            article_views = {
                by_legacy[fields["legacy_id"]]: fields["views"]
                for _number, fields, _raw in items
                if fields["legacy_id"] in by_legacy
            }
            legacy_totals_imported.send(sender=LegacyImporter, article_views=article_views)
        if tally.created or tally.updated or redirects:
            # The batch's SQL saved no model: tell the page cache as a save would.
            content_changed.send(sender=LegacyImporter, site_ids=[self.site.pk])
        # Counted once the batch is committed, so a retried batch is not counted twice.
        self.summary.articles.created += tally.created
        self.summary.articles.updated += tally.updated
        self.summary.articles.unchanged += tally.unchanged

    def _store_articles(self, rows):
        """Insert the new and update the changed of `rows` (fields, category id, is new).

        Return (id, legacy_id, created) of the rows created or changed; the others were
        unchanged.
        """
        new = [(fields, category_id) for fields, category_id, is_new in rows if is_new]
        known = [(fields, category_id) for fields, category_id, is_new in rows if not is_new]
        self._assign_slugs([fields for fields, _category_id in new])
        written = []
        if new:
            params = [self.site.pk, Article.Status.PUBLISHED, *_columns(new)]
            written += [
                (pk, legacy_id, True) for pk, legacy_id in _execute(INSERT_ARTICLES, params)
            ]
        if known:
            rows = _execute(UPDATE_ARTICLES, [*_columns(known), self.site.pk])
            written += [(pk, legacy_id, False) for pk, legacy_id in rows]
        return written

    def _save_with_cover(self, fields, category_id, known):
        """Create or update one article with its cover through the model; return it."""
        if known:
            article = Article.objects.get(pk=known[0])
        else:
            article = Article(legacy_id=fields["legacy_id"], status=Article.Status.PUBLISHED)
        for name in UPDATED_FIELDS:
            value = category_id if name == "category_id" else fields[name]
            setattr(article, name, value)
        self._attach_cover(article, fields["image"])
        if not known:
            fields = dict(fields)
            self._assign_slugs([fields])
            article.slug = fields["slug"]
        article.save()
        return article

    def _assign_slugs(self, articles):
        """Give each new article's fields a free slug, its title's if nobody has it."""
        bases = {fields["slug"] for fields in articles}
        in_site = Article.objects.filter(site=self.site)
        taken = set(in_site.filter(slug__in=bases).values_list("slug", flat=True))
        for fields in articles:
            base = slug = fields["slug"]
            if slug in taken:
                slug = unique_slug(in_site, base)
                n = 2
                while slug in taken:  # a title repeated inside this batch
                    slug = f"{base}-{n}"
                    n += 1
            taken.add(slug)
            fields["slug"] = slug

    # The run

    def run(self, workers=None):
        """Import the whole file and return the Summary.

        `workers` processes parse and clean the lines (default: PARSE_WORKERS for a file
        of PARALLEL_MIN_BYTES or more, else none) while this process writes, in file
        order either way: categories and the site total when their line comes, articles
        in batches.
        """
        self._load_categories()
        total = self.path.stat().st_size
        if workers is None:
            workers = min(PARSE_WORKERS, os.cpu_count() or 1) if total >= PARALLEL_MIN_BYTES else 0
        self._done, self._total, self._batch = 0, total, []
        try:
            with self.path.open("rb") as handle:
                chunks = self._chunks(handle)
                if workers:
                    self._run_parallel(chunks, workers)
                else:
                    for chunk in chunks:
                        self._consume(chunk, [self.parser.parse(n, line) for n, line in chunk])
            if self._batch:
                self.write_batch(self._batch)
            self.progress(self._done, total, self.summary)
        finally:
            if self._rejects is not None:
                self._rejects.close()
        if self._rejects is not None:
            self.summary.rejects_path = self.rejects_path
        elif self.rejects_path.exists():
            # A clean run leaves no stale rejects from an earlier one.
            os.remove(self.rejects_path)
        return self.summary

    def _chunks(self, handle):
        """Yield lists of (line number, bytes) of at most CHUNK_LINES non-blank lines."""
        chunk = []
        for number, line in enumerate(handle, start=1):
            if line.strip():
                chunk.append((number, line))
            else:
                self._done += len(line)
            if len(chunk) >= CHUNK_LINES:
                yield chunk
                chunk = []
        if chunk:
            yield chunk

    def _run_parallel(self, chunks, workers):
        # fork: the workers inherit the loaded Django project and never touch the database.
        context = multiprocessing.get_context("fork")
        pool = context.Pool(workers, initializer=_start_worker, initargs=(self.media_dir,))
        try:
            pending = collections.deque()
            for chunk in chunks:
                pending.append((chunk, pool.apply_async(_parse_chunk, (chunk,))))
                if len(pending) >= workers * CHUNKS_AHEAD:
                    chunk, result = pending.popleft()
                    self._consume(chunk, result.get())
            while pending:
                chunk, result = pending.popleft()
                self._consume(chunk, result.get())
            pool.close()
        finally:
            pool.terminate()
            pool.join()

    def _consume(self, chunk, parsed):
        """Act on the parsed lines of one chunk, in order; write each full batch."""
        for (number, line), (kind, payload) in zip(chunk, parsed, strict=True):
            self._done += len(line)
            if kind == "article":
                self._batch.append((number, payload, line))
            elif kind == "reject":
                self.reject(number, payload, _raw(line))
            elif kind in self.handlers:
                try:
                    self.handlers[kind].import_line(number, payload)
                except Rejected as exc:
                    self.reject(number, str(exc), _raw(line))
                except Exception as exc:
                    self.reject(number, _write_failure(exc), _raw(line))
            else:
                function = self.import_category if kind == "category" else self.import_site
                try:
                    function(payload)
                except Rejected as exc:
                    self.reject(number, str(exc), _raw(line))
                except Exception as exc:
                    self.reject(number, _unexpected(exc), _raw(line))
            if len(self._batch) >= self.batch_size:
                batch, self._batch = self._batch, []
                self.write_batch(batch)
                self.progress(self._done, self._total, self.summary)

    def article_ids(self, legacy_ids):
        """Return {legacy id: article id} of this site's articles with these legacy ids.

        Articles of earlier lines still waiting in the batch are written first, so a line
        may refer to any article above it.
        """
        wanted = set(legacy_ids)
        if any(fields["legacy_id"] in wanted for _number, fields, _raw in self._batch):
            batch, self._batch = self._batch, []
            self.write_batch(batch)
        found = Article.objects.filter(site=self.site, legacy_id__in=wanted)
        return dict(found.values_list("legacy_id", "pk"))

    def file_path(self, relative):
        """Return the file `relative` inside files_dir, or raise Rejected (never outside it)."""
        if "\x00" in relative:
            raise Rejected(f"tên tệp có ký tự NUL: {relative!r}")
        if not self.files_dir.is_dir():
            raise Rejected(f"không có thư mục tệp {self.files_dir} (--files-dir)")
        return file_inside(
            self.files_dir,
            relative,
            outside=f"tệp nằm ngoài thư mục tệp: {relative!r}",
            missing=f"không tìm thấy tệp {relative!r} trong thư mục tệp",
        )

    def import_site(self, record):
        visits = record.get("visits")
        if isinstance(visits, bool) or not isinstance(visits, int) or not 0 <= visits <= MAX_COUNT:
            raise Rejected("“visits” phải là số nguyên không âm")
        self.summary.site_visits = visits
        legacy_totals_imported.send(sender=LegacyImporter, site_id=self.site.pk, site_visits=visits)
