"""Fill an empty portal database with N realistic Vietnamese articles, fast, and print a slug.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_scratch \\
        .venv/bin/python bench/seed.py --articles 1000000

Run on a migrated, empty scratch database (bench/run.sh and bench/scale.py make one);
never against a real portal. The last line on stdout is the slug of the newest published
article (bench/run.sh reads it); progress goes to stderr (a bar on a terminal).

What it writes: 30 categories (10 in the menu, five of them with four subcategories) with
uneven sizes, as on a real portal (with --sites N, per site: the installation's first site
is the province portal and N - 1 component sites phuong<n>.<its domain> are added, the
articles dealt among the sites in turn); articles published over 15 years, titles unique draws
of Vietnamese syllables (Zipf-like, from the demo articles), leads and bodies of varied
lengths (a few lines to a few thousand words) drawn from pools; about 0.5% drafts, a few
articles scheduled in the coming days and a few withdrawn (unpublish_at passed or
coming); 1% featured. View totals go where the counters app keeps them
(counters_articleviewtotal, with an old-portal baseline for older articles; daily rows
for the last 30 days; site days and the site baseline), never on Article.

How it stays fast (1,000,000 articles in a few minutes on two cores):

- Article rows are COPYed into a small unlogged staging table that holds lead and body
  as pool numbers; the pools' texts are COPYed once.
- The search trigger (news migrations 0003/0006) parses every body (~0.8 ms an article).
  Here it is switched off for the load (session_replication_role = replica, which also
  skips the foreign-key checks; it lasts only for this script's sessions) and the
  vectors are built by the trigger's own SQL functions, in the trigger's order, with the
  lead's and body's parts computed once per pool text instead of once per article.
  A sample is then checked against the trigger itself (an UPDATE rolled back); if the
  trigger has changed and they differ, every row is refreshed through the trigger (slow
  but exact) so search results never differ from the admin's.
- Articles go from staging into news_article with two INSERT ... SELECT running at once
  (one per core), with the table's secondary indexes dropped; they are rebuilt after
  (two at a time), then VACUUM ANALYZE (index-only scans need the visibility map).
"""

import argparse
import io
import math
import os
import random
import re
import sys
import threading
import time
from datetime import UTC, timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
if str(BASE_DIR) not in sys.path:
    sys.path.insert(0, str(BASE_DIR))

# (name, slug, subcategories): 10 menu categories, the first five with four children.
CATEGORY_TREE = [
    ("Tin tức sự kiện", ["Tin trong quận", "Tin các phường", "Tin thành phố", "Thông báo"]),
    ("Xây dựng Đảng", ["Kiểm tra, giám sát", "Tổ chức", "Dân vận", "Tuyên giáo"]),
    ("Chính quyền", ["Hội đồng nhân dân", "Ủy ban nhân dân", "Tiếp công dân", "Thanh tra"]),
    (
        "Kinh tế - Xã hội",
        ["Đô thị - Môi trường", "An sinh xã hội", "Doanh nghiệp", "Tài chính - Ngân sách"],
    ),
    ("Văn hóa - Giáo dục", ["Giáo dục", "Y tế", "Thể dục thể thao", "Du lịch"]),
    ("Quốc phòng - An ninh", []),
    ("Cải cách hành chính", []),
    ("Mặt trận - Đoàn thể", []),
    ("Gương người tốt việc tốt", []),
    ("Văn bản pháp luật", []),
]
BYLINES = [
    "Ban Tổ chức Quận ủy",
    "Ban Tuyên giáo Quận ủy",
    "Văn phòng UBND quận",
    "Phòng Văn hóa và Thông tin",
    "Phòng Giáo dục và Đào tạo",
    "Ủy ban Kiểm tra Quận ủy",
    "Trung tâm Văn hóa - Thể thao",
    "Thanh Hương",
    "Minh Tuấn",
    "Ngọc Ánh",
    "Quốc Bảo",
    "Thu Trang",
    "Hoàng Long",
    "Phương Thảo",
    "",
]
YEARS = 15
LEAD_POOL = 20_000
BODY_POOL = 3_000
# Body lengths in words: log-normal around a few hundred words, a brief notice to a long
# report, as on a district portal.
BODY_WORDS_MEDIAN = 330
BODY_WORDS_SIGMA = 0.7
BODY_WORDS_RANGE = (40, 3_000)
DRAFT_SHARE = 0.005
FEATURED_SHARE = 0.01
WITHDRAWN_SHARE = 0.001
SCHEDULED_COUNT = 12
CHUNK = 50_000
SAMPLE_CHECK = 200
STAGING = ("seed_article", "seed_lead", "seed_body", "seed_vector")


def say(text):
    """Write one progress line to stderr at once (stdout carries only the slug)."""
    sys.stderr.write(text + "\n")
    sys.stderr.flush()


class Progress:
    """A rich progress bar on a terminal, plain lines (every 10%) otherwise."""

    def __init__(self, total, label):
        self.total, self.label, self.done, self.started = total, label, 0, time.perf_counter()
        self.next_line = 0.1
        self.bar = None
        if sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                TimeRemainingColumn,
            )
            from rich.progress import Progress as Bar

            self.bar = Bar(
                "[progress.description]{task.description}",
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                console=Console(stderr=True),
            )
            self.bar.start()
            self.task = self.bar.add_task(label, total=total)

    def advance(self, n):
        self.done += n
        if self.bar is not None:
            self.bar.update(self.task, advance=n)
        elif self.done >= self.total * self.next_line or self.done == self.total:
            rate = self.done / max(time.perf_counter() - self.started, 1e-9)
            say(f"  {self.label}: {self.done:,}/{self.total:,} ({rate:,.0f}/s)")
            while self.next_line <= self.done / self.total:
                self.next_line += 0.1

    def close(self):
        if self.bar is not None:
            self.bar.stop()


class Step:
    """Time one stage of the load and say how long it took."""

    def __init__(self, label):
        self.label = label

    def __enter__(self):
        self.started = time.perf_counter()
        return self

    def __exit__(self, *exc):
        if exc[0] is None:
            say(f"  {self.label}: {time.perf_counter() - self.started:.1f} s")


def vocabulary():
    """Return the syllables of the demo articles, most frequent first."""
    from news.demo.content import ARTICLES

    text = " ".join(
        " ".join([a["title"], a.get("lead", ""), *a.get("paragraphs", [])]) for a in ARTICLES
    )
    counts = {}
    for word in re.findall(r"\w+", text.lower()):
        if not word.isdigit():
            counts[word] = counts.get(word, 0) + 1
    return sorted(counts, key=counts.get, reverse=True)


class TextMaker:
    """Vietnamese-looking text: syllables drawn Zipf-like (the k-th with weight 1/k)."""

    def __init__(self, words, seed=11):
        self.random = random.Random(seed)
        self.words = words
        self.cum_weights = []
        total = 0.0
        for rank in range(1, len(words) + 1):
            total += 1 / rank
            self.cum_weights.append(total)

    def draw(self, n):
        return self.random.choices(self.words, cum_weights=self.cum_weights, k=n)

    def sentence(self, low, high):
        text = " ".join(self.draw(self.random.randint(low, high)))
        return text[:1].upper() + text[1:]

    def body(self, n_words):
        words = self.draw(n_words)
        paragraphs = []
        for i in range(0, n_words, 60):
            text = " ".join(words[i : i + 60])
            paragraphs.append(text[:1].upper() + text[1:])
        return "".join(f"<p>{p}.</p>" for p in paragraphs)

    def body_words(self):
        n = int(self.random.lognormvariate(math.log(BODY_WORDS_MEDIAN), BODY_WORDS_SIGMA))
        return min(max(n, BODY_WORDS_RANGE[0]), BODY_WORDS_RANGE[1])


def _copy_text(value):
    if value is None:
        return r"\N"
    return str(value).replace("\\", "\\\\").replace("\t", " ").replace("\n", " ")


def _copy(cursor, table, columns, rows):
    """COPY `rows` (tuples) into `table` as one text stream."""
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join(_copy_text(v) for v in row))
        buffer.write("\n")
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        copy.write(buffer.getvalue())


def _stamp(moment):
    return moment.strftime("%Y-%m-%d %H:%M:%S+00")


def _connect():
    """Return a new psycopg connection to Django's default database (loads off, triggers off)."""
    import psycopg
    from django.db import connection

    conn = psycopg.connect(**connection.get_connection_params(), autocommit=True)
    conn.execute("SET session_replication_role = replica")
    conn.execute("SET synchronous_commit = off")
    conn.execute("SET maintenance_work_mem = '512MB'")
    conn.execute("SET work_mem = '64MB'")
    return conn


def _parallel(statements):
    """Run SQL statements two at a time, each on its own connection (one per core)."""
    errors = []
    pending = list(statements)
    lock = threading.Lock()

    def worker():
        with _connect() as conn:
            while True:
                with lock:
                    if not pending or errors:
                        return
                    sql = pending.pop(0)
                try:
                    conn.execute(sql)
                except Exception as exc:  # re-raised in the main thread below
                    errors.append(exc)
                    return

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]


# The installation's first site (multisite migration 0001): the only one, or the province
# portal of --sites.
SITE_ID = 1


def make_sites(count):
    """Return the ids of `count` sites: the first site and count - 1 components of it."""
    from django.contrib.sites.models import Site

    from multisite.models import SiteProfile

    root = Site.objects.get(pk=SITE_ID)
    ids = [root.pk]
    for n in range(2, count + 1):
        site = Site.objects.create(
            domain=f"phuong{n}.{root.domain}", name=f"Cổng thông tin điện tử Phường {n}"
        )
        SiteProfile.objects.create(site=site, parent=root, kind="commune", position=n)
        ids.append(site.pk)
    return ids


def make_categories(site_id=SITE_ID):
    """Create a site's 30 categories; return them in the order their weights are given."""
    from news.models import Category
    from news.text import vietnamese_slugify

    tops, subs = [], []
    for position, (name, children) in enumerate(CATEGORY_TREE, start=1):
        top = Category.objects.create(
            site_id=site_id, name=name, slug=vietnamese_slugify(name), menu_position=position
        )
        tops.append(top)
        for sub_position, child in enumerate(children, start=1):
            subs.append(
                Category.objects.create(
                    site_id=site_id,
                    name=child,
                    slug=vietnamese_slugify(child),
                    parent=top,
                    menu_position=sub_position,
                )
            )
    return tops + subs


def _publish_times(rng, count, now):
    """Return `count` publish times over the last YEARS years, oldest first."""
    span = YEARS * 365.25 * 86400
    offsets = sorted((rng.random() for _ in range(count)), reverse=True)
    # Whole minutes, as editors set them; never two articles on one microsecond.
    return [now - timedelta(seconds=int(o * span) // 60 * 60 + 60) for o in offsets]


def _slugger():
    from news.text import vietnamese_slugify

    ascii_words = {}
    taken = set()

    def slug(title):
        words = title.lower().split()
        for word in words:
            if word not in ascii_words:
                ascii_words[word] = vietnamese_slugify(word)
        base = "-".join(ascii_words[w] for w in words if ascii_words[w])[:200].rstrip("-")
        candidate, n = base, 2
        while candidate in taken:
            candidate, n = f"{base}-{n}", n + 1
        taken.add(candidate)
        return candidate

    return slug


def _create_staging(cursor):
    for table in STAGING:
        cursor.execute(f"DROP TABLE IF EXISTS {table}")
    cursor.execute("CREATE UNLOGGED TABLE seed_lead (no int PRIMARY KEY, lead text NOT NULL)")
    cursor.execute("CREATE UNLOGGED TABLE seed_body (no int PRIMARY KEY, body text NOT NULL)")
    cursor.execute(
        """CREATE UNLOGGED TABLE seed_article (
            id bigint PRIMARY KEY, title text, slug text, site_id int, category_id bigint,
            lead_no int,
            body_no int, byline text, status text, publish_at timestamptz,
            unpublish_at timestamptz, featured boolean, created_at timestamptz,
            updated_at timestamptz, views bigint, baseline bigint)"""
    )


def write_staging(cursor, count, site_categories, now, rng):
    """COPY the pools and `count` article rows into the staging tables.

    `site_categories`: [(site id, its categories)]; article i goes to the i-th in turn.
    """
    from news.text import clean_html

    maker = TextMaker(vocabulary())
    n_leads, n_bodies = min(LEAD_POOL, count), min(BODY_POOL, count)
    with Step(f"{n_leads:,} sapo và {n_bodies:,} nội dung mẫu"):
        leads = [(i, maker.sentence(18, 45) + ".") for i in range(n_leads)]
        bodies = [(i, clean_html(maker.body(maker.body_words()))) for i in range(n_bodies)]
        _copy(cursor, "seed_lead", ("no", "lead"), leads)
        _copy(cursor, "seed_body", ("no", "body"), bodies)

    # Uneven category sizes: the k-th category gets weight 1/k^0.7 (a busy news section
    # and quiet ones), so the biggest holds about a tenth of the archive.
    cum, total = [], 0.0
    for k in range(1, len(site_categories[0][1]) + 1):
        total += 1 / k**0.7
        cum.append(total)
    published = _publish_times(rng, count, now)
    slug = _slugger()
    first_id = 1
    withdrawn_cut = now - timedelta(days=30)
    progress = Progress(count, "bài viết")
    columns = (
        "id, title, slug, site_id, category_id, lead_no, body_no, byline, status, publish_at, "
        "unpublish_at, featured, created_at, updated_at, views, baseline"
    ).split(", ")
    try:
        for start in range(0, count, CHUNK):
            rows = []
            for i in range(start, min(start + CHUNK, count)):
                title = maker.sentence(8, 16)
                publish_at = published[i]
                status = "draft" if rng.random() < DRAFT_SHARE else "published"
                unpublish_at = None
                if count - i <= SCHEDULED_COUNT:
                    # The newest few are scheduled for the coming days.
                    publish_at = now + timedelta(hours=6 * (SCHEDULED_COUNT - count + i + 1))
                    status = "published"
                elif rng.random() < WITHDRAWN_SHARE:
                    # Withdrawn: mostly in the past, a few in the coming weeks.
                    if publish_at < withdrawn_cut and rng.random() < 0.9:
                        unpublish_at = publish_at + timedelta(days=rng.randint(1, 30))
                    else:
                        unpublish_at = now + timedelta(days=rng.randint(1, 60))
                created = publish_at - timedelta(minutes=rng.randint(5, 600))
                age_days = max((now - publish_at).days, 0)
                site_id, categories = site_categories[i % len(site_categories)]
                # Older articles have been read longer; a few became very popular.
                views = int(rng.paretovariate(1.3) * (20 + min(age_days, 400)))
                baseline = views if age_days > 365 * 3 else 0
                rows.append(
                    (
                        first_id + i,
                        title,
                        slug(title),
                        site_id,
                        categories[rng.choices(range(len(categories)), cum_weights=cum)[0]].pk,
                        rng.randrange(n_leads),
                        rng.randrange(n_bodies),
                        rng.choice(BYLINES),
                        status,
                        _stamp(publish_at),
                        _stamp(unpublish_at) if unpublish_at else None,
                        "t" if rng.random() < FEATURED_SHARE else "f",
                        _stamp(created),
                        _stamp(created + timedelta(minutes=rng.randint(0, 5000))),
                        views,
                        baseline,
                    )
                )
            _copy(cursor, "seed_article", columns, rows)
            progress.advance(len(rows))
    finally:
        progress.close()


def _secondary_indexes(cursor):
    """Return [(name, definition)] of news_article's indexes that back no constraint."""
    cursor.execute(
        """SELECT i.relname, pg_get_indexdef(i.oid)
           FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
           WHERE x.indrelid = 'news_article'::regclass
             AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
           ORDER BY i.relname"""
    )
    return cursor.fetchall()


# Search vectors without parsing a million bodies. The search trigger's function (news
# migrations 0003, 0006) fills every tsvector column from title, lead and body, and the
# body's part is always last: `... || setweight(to_tsvector('simple', unaccent(body)), 'C')`.
# So the function itself runs per article on a copy whose body is empty (title and lead are
# cheap to parse), and the body's part, computed once per pool text, is appended.
BODY_VECTOR = """
ALTER TABLE seed_body ADD COLUMN folded tsvector;
UPDATE seed_body SET folded = setweight(to_tsvector('simple',
    public.unaccent('public.unaccent'::regdictionary, body)), 'C');
"""
BODY_VECTOR_COLUMN = "search_folded"
HEAD_VECTORS = """
INSERT INTO seed_vector (id, title, lead, body)
SELECT s.id, s.title, l.lead, ''
FROM seed_article s JOIN seed_lead l ON l.no = s.lead_no
WHERE s.id BETWEEN {low} AND {high}
"""
INSERT_ARTICLES = """
INSERT INTO news_article (
    id, title, slug, lead, body, cover, cover_alt, cover_caption, byline, status, publish_at,
    unpublish_at, featured, created_at, updated_at, category_id, site_id, {vector_columns},
    cover_width, cover_height)
SELECT s.id, s.title, s.slug, l.lead, b.body,
    -- Four articles in five have a cover, as on a real portal: their pages build rendition
    -- URLs (the files need not exist: wrk fetches pages only).
    CASE WHEN s.id % 5 <> 0 THEN 'covers/bench/anh-' || (s.id % 40) || '.jpg' ELSE '' END,
    CASE WHEN s.id % 5 <> 0 THEN 'Ảnh minh hoạ bài viết' ELSE '' END, '', s.byline, s.status,
    s.publish_at, s.unpublish_at, s.featured, s.created_at, s.updated_at, s.category_id,
    s.site_id,
    {vector_values},
    CASE WHEN s.id % 5 <> 0 THEN 1600 END, CASE WHEN s.id % 5 <> 0 THEN 900 END
FROM seed_article s
JOIN seed_lead l ON l.no = s.lead_no
JOIN seed_body b ON b.no = s.body_no
JOIN seed_vector v ON v.id = s.id
WHERE s.id BETWEEN {low} AND {high}
"""


def _vector_columns(cursor):
    cursor.execute(
        "SELECT attname FROM pg_attribute WHERE attrelid = 'news_article'::regclass "
        "AND atttypid = 'tsvector'::regtype AND attnum > 0 AND NOT attisdropped ORDER BY attnum"
    )
    return [row[0] for row in cursor.fetchall()]


def vectors_match_trigger(cursor, count, rng):
    """Return whether a sample of seeded vectors equals what the trigger computes.

    The trigger rebuilds them on an update of the title that clears search_folded (an
    unchanged text alone keeps its vectors), inside a transaction rolled back.
    """
    ids = rng.sample(range(1, count + 1), min(SAMPLE_CHECK, count))
    vectors = " || '|' || ".join(f"coalesce({c}::text, '')" for c in _vector_columns(cursor))
    cursor.execute("BEGIN")
    try:
        cursor.execute("SET LOCAL session_replication_role = origin")
        cursor.execute(
            f"CREATE TEMP TABLE seeded ON COMMIT DROP AS SELECT id, {vectors} AS vectors "
            "FROM news_article WHERE id = ANY(%s)",
            (ids,),
        )
        cursor.execute(
            # Clearing search_folded makes the trigger rebuild vectors of unchanged text.
            "WITH fired AS (UPDATE news_article SET title = title, search_folded = NULL "
            "WHERE id = ANY(%s) "
            f"RETURNING id, {vectors} AS vectors) "
            "SELECT count(*), count(*) FILTER (WHERE s.vectors IS DISTINCT FROM f.vectors) "
            "FROM fired f JOIN seeded s USING (id)",
            (ids,),
        )
        compared, different = cursor.fetchone()
        return compared == len(ids) and different == 0
    finally:
        cursor.execute("ROLLBACK")


def load_articles(conn, count):
    """Move the staging rows into news_article with their search vectors."""
    cursor = conn.cursor()
    columns = _vector_columns(cursor)
    if BODY_VECTOR_COLUMN not in columns:
        raise SystemExit(f"news_article không có cột {BODY_VECTOR_COLUMN}: hãy sửa bench/seed.py.")
    with Step("vector tìm kiếm của nội dung mẫu"):
        cursor.execute(BODY_VECTOR)
    cursor.execute(
        f"CREATE UNLOGGED TABLE seed_vector AS SELECT id, title, lead, body, {', '.join(columns)} "
        "FROM news_article WHERE false"
    )
    cursor.execute(
        "CREATE TRIGGER seed_vector_search BEFORE INSERT ON seed_vector "
        "FOR EACH ROW EXECUTE FUNCTION news_article_search_vectors()"
    )
    cursor.execute("ALTER TABLE seed_vector ADD PRIMARY KEY (id)")
    ranges = [(1, count // 2), (count // 2 + 1, count)]
    with Step(f"vector tiêu đề và sapo của {count:,} bài qua trigger (2 luồng)"):
        # The trigger must fire here: 'origin' is the normal role ('replica' skips triggers).
        _parallel(
            [
                "SET session_replication_role = origin; "
                + HEAD_VECTORS.format(low=low, high=high)
                + "; SET session_replication_role = replica"
                for low, high in ranges
            ]
        )
    values = ", ".join(
        f"v.{c} || b.folded" if c == BODY_VECTOR_COLUMN else f"v.{c}" for c in columns
    )
    with Step(f"chép {count:,} bài vào news_article (2 luồng)"):
        _parallel(
            [
                INSERT_ARTICLES.format(
                    vector_columns=", ".join(columns), vector_values=values, low=low, high=high
                )
                for low, high in ranges
            ]
        )
    cursor.execute(
        "SELECT setval(pg_get_serial_sequence('news_article', 'id'), %s)", (max(count, 1),)
    )


COUNTER_ROWS = [
    """INSERT INTO counters_articleviewtotal (article_id, views, baseline)
    SELECT id, views, baseline FROM seed_article WHERE status = 'published'""",
    # The last 30 days: one row per article and day since publication.
    """INSERT INTO counters_articledailyviews (article_id, site_id, day, views)
    SELECT s.id, s.site_id, d.day, greatest(1, s.views / 10)
    FROM seed_article s
    CROSS JOIN LATERAL (
        SELECT generate_series(
            greatest((s.publish_at AT TIME ZONE %(tz)s)::date, %(today)s::date - 29),
            %(today)s::date, interval '1 day')::date AS day
    ) d
    WHERE s.status = 'published' AND s.publish_at > %(today)s::date - 30
      AND s.publish_at <= now()""",
    # Site visits and article views per day over the whole archive, one shard a day.
    """INSERT INTO counters_sitedailystats (site_id, day, shard, visits, views)
    SELECT site.id, day::date, 0, 2000 + (extract(doy FROM day)::int * 37) %% 1500,
        6000 + (extract(doy FROM day)::int * 53) %% 4000
    FROM django_site site CROSS JOIN generate_series(%(today)s::date - %(days)s::int,
        %(today)s::date, interval '1 day') AS day""",
    # The all-time site total the visit counter reads (16 rows at most per site).
    """INSERT INTO counters_sitetotal (site_id, shard, visits, views)
    SELECT site_id, 0, SUM(visits), SUM(views) FROM counters_sitedailystats GROUP BY site_id""",
    """INSERT INTO counters_sitebaseline (site_id, visits, views, updated_at)
    SELECT id, 36312546, 0, now() FROM django_site
    ON CONFLICT (site_id) DO UPDATE SET visits = EXCLUDED.visits,
        updated_at = EXCLUDED.updated_at""",
]


def seed(count, now=None, seed_value=20260404, sites=1):
    """Add `count` articles to an empty database; return the newest published slug."""
    from django.conf import settings
    from django.db import connection
    from django.utils import timezone

    from news.models import Article

    if Article.objects.exists():
        raise SystemExit("Cơ sở dữ liệu đã có bài viết: seed.py chỉ chạy trên cơ sở dữ liệu trống.")
    if count < 1:
        raise SystemExit("--articles phải lớn hơn 0.")
    now = (now or timezone.now()).astimezone(UTC)
    rng = random.Random(seed_value)
    started = time.perf_counter()
    say(f"Nạp {count:,} bài viết vào {connection.settings_dict['NAME']}")
    site_categories = [(site_id, make_categories(site_id)) for site_id in make_sites(sites)]
    with _connect() as conn:
        cursor = conn.cursor()
        _create_staging(cursor)
        write_staging(cursor, count, site_categories, now, rng)
        dropped = _secondary_indexes(cursor)
        with Step(f"bỏ {len(dropped)} chỉ mục phụ trong lúc nạp"):
            for name, _definition in dropped:
                cursor.execute(f"DROP INDEX {name}")
        load_articles(conn, count)
        local_today = now.astimezone(timezone.get_default_timezone()).date()
        with Step("số lượt xem (bảng của counters)"):
            params = {"tz": settings.TIME_ZONE, "today": local_today, "days": YEARS * 366}
            for sql in COUNTER_ROWS:
                cursor.execute(sql, params if "%(" in sql else None)
        with Step(f"dựng lại {len(dropped)} chỉ mục (2 luồng)"):
            # The GIN indexes first, as they take longest: the btrees follow on the
            # other connection meanwhile.
            order = sorted(dropped, key=lambda item: "USING gin" not in item[1])
            _parallel([definition for _name, definition in order])
        for table in STAGING:
            cursor.execute(f"DROP TABLE {table}")
        with Step("VACUUM ANALYZE"):
            _parallel(
                [
                    "VACUUM ANALYZE news_article",
                    "VACUUM ANALYZE counters_articleviewtotal",
                    "VACUUM ANALYZE counters_articledailyviews",
                    "VACUUM ANALYZE news_category",
                    "VACUUM ANALYZE counters_sitedailystats",
                ]
            )
        with Step("so vector với trigger tìm kiếm"):
            if not vectors_match_trigger(cursor, count, rng):
                say(
                    "  Trigger tìm kiếm đã đổi: tính lại mọi vector qua trigger (chậm nhưng "
                    "đúng). Hãy cập nhật POOL_VECTORS/INSERT_ARTICLES trong bench/seed.py."
                )
                conn.execute("SET session_replication_role = origin")
                cursor.execute("UPDATE news_article SET title = title, search_folded = NULL")
                cursor.execute("VACUUM ANALYZE news_article")
    say(f"Nạp xong {count:,} bài trong {time.perf_counter() - started:.0f} s")
    return Article.objects.published().newest_first().values_list("slug", flat=True)[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument(
        "--sites", type=int, default=1, help="số trang: cổng tỉnh và các trang thành phần"
    )
    args = parser.parse_args()
    if not 1 <= args.sites <= 1_000:
        parser.error("--sites: 1..1000")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    import django

    django.setup()
    print(seed(args.articles, sites=args.sites))  # noqa: T201 - run.sh reads the target slug from stdout


if __name__ == "__main__":
    main()
