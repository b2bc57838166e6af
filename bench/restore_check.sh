#!/usr/bin/env bash
# Backup and restore, proved: populate a database (demo articles with their history, view
# counts, an imported baseline, cover images), back it up exactly as docs/operations.md
# says (pg_dump -Fc, tar of MEDIA_ROOT), restore both into a fresh database and folder,
# and check that articles, history, counters and media are identical.
#
# Scratch databases portal_restore_src / portal_restore_dst on 127.0.0.1 only, dropped
# at the end (RESTORE_KEEP=1 keeps them). Every step has a time limit.
# Knobs: RESTORE_PG_URL (postgres://postgres@127.0.0.1:5432).
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-.venv/bin/python}
PG_URL=${RESTORE_PG_URL:-postgres://postgres@127.0.0.1:5432}
SRC=portal_restore_src
DST=portal_restore_dst
STEP_TIMEOUT=300
export PGOPTIONS="--client-min-messages=warning"

case "$PG_URL" in
  postgres://*@127.0.0.1:* | postgres://*@127.0.0.1) ;;
  *) echo "RESTORE_PG_URL phải trỏ tới PostgreSQL trên 127.0.0.1" >&2; exit 2 ;;
esac
for tool in pg_dump pg_restore psql tar; do
  command -v "$tool" >/dev/null || { echo "Thiếu công cụ: $tool" >&2; exit 2; }
done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/portal-restore.XXXXXX")
cleanup() {
  if [ "${RESTORE_KEEP:-0}" != 1 ]; then
    for db in "$SRC" "$DST"; do
      psql -q "$PG_URL/postgres" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
    done
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

run() { timeout "$STEP_TIMEOUT" "$@"; }

export DJANGO_SETTINGS_MODULE=portal.settings DEBUG=false LOG_LEVEL=WARNING
SECRET_KEY=$("$PY" -c 'import secrets; print(secrets.token_urlsafe(50))')
export SECRET_KEY ALLOWED_HOSTS=127.0.0.1
export STATIC_ROOT="$WORK/static"

echo "== 1. Cơ sở dữ liệu nguồn $SRC: migrate, nội dung mẫu, lượt xem"
for db in "$SRC" "$DST"; do
  psql -q "$PG_URL/postgres" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null
done
psql -q "$PG_URL/postgres" -c "CREATE DATABASE $SRC" >/dev/null
export DATABASE_URL="$PG_URL/$SRC" MEDIA_ROOT="$WORK/media-src"
run "$PY" manage.py migrate --noinput -v0
run "$PY" manage.py load_demo >/dev/null
run "$PY" - <<'PY'
import django

django.setup()
import reversion
from counters import services
from news.models import Article

# Views spread over articles and days, a second history version, an imported baseline.
articles = list(Article.objects.order_by("pk")[:10])
for n, article in enumerate(articles, start=1):
    for _ in range(n):
        services.record_view(article.pk, count_visit=n % 2 == 0)
with reversion.create_revision():
    reversion.set_comment("Sửa tiêu đề trước khi sao lưu.")
    articles[0].title += " (đã cập nhật)"
    articles[0].save()
services.set_article_baseline(articles[1].pk, 36312)
services.set_site_baseline(36312546, 1000)
PY

echo "== 2. Sao lưu: pg_dump -Fc và tar thư mục media"
run pg_dump -Fc --no-owner -f "$WORK/portal.dump" "$PG_URL/$SRC"
run tar -C "$WORK/media-src" -czf "$WORK/media.tar.gz" .
ls -l "$WORK/portal.dump" "$WORK/media.tar.gz" | awk '{print "   " $5 " byte  " $9}'

echo "== 3. Khôi phục vào cơ sở dữ liệu mới $DST và thư mục media mới"
psql -q "$PG_URL/postgres" -c "CREATE DATABASE $DST" >/dev/null
run pg_restore --no-owner --exit-on-error -d "$PG_URL/$DST" "$WORK/portal.dump"
mkdir -p "$WORK/media-dst"
run tar -C "$WORK/media-dst" -xzf "$WORK/media.tar.gz"

echo "== 4. So sánh"
# One fingerprint per table: row count and an md5 of every row in a fixed order.
fingerprint() {
  psql -At "$PG_URL/$1" <<'SQL'
SELECT 'news_article', count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) FROM news_article t
UNION ALL SELECT 'news_category', count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) FROM news_category t
UNION ALL SELECT 'reversion_revision', count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) FROM reversion_revision t
UNION ALL SELECT 'reversion_version', count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) FROM reversion_version t
UNION ALL SELECT 'counters_articleviewtotal', count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t.article_id), '')) FROM counters_articleviewtotal t
UNION ALL SELECT 'counters_articledailyviews', count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM counters_articledailyviews t
UNION ALL SELECT 'counters_sitedailystats', count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM counters_sitedailystats t
UNION ALL SELECT 'counters_sitebaseline', count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM counters_sitebaseline t
UNION ALL SELECT 'auth_group_permissions', count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) FROM auth_group_permissions t
UNION ALL SELECT 'django_migrations', count(*), md5(coalesce(string_agg(t.app || t.name, '|' ORDER BY t.id), '')) FROM django_migrations t;
SQL
}
totals() {
  DATABASE_URL="$PG_URL/$1" "$PY" - <<'PY'
import django

django.setup()
from counters.services import site_totals
from news.models import Article
from reversion.models import Version

site = site_totals(use_cache=False)
print(f"bài viết {Article.objects.count()}, phiên bản lịch sử {Version.objects.count()}, "
      f"lượt truy cập {site.visits}, lượt xem {site.views}")
PY
}
fingerprint "$SRC" >"$WORK/src.txt"
fingerprint "$DST" >"$WORK/dst.txt"
(cd "$WORK/media-src" && find . -type f -print0 | sort -z | xargs -0 sha256sum) >"$WORK/media-src.sha"
(cd "$WORK/media-dst" && find . -type f -print0 | sort -z | xargs -0 sha256sum) >"$WORK/media-dst.sha"
echo "   nguồn:     $(totals "$SRC")"
echo "   khôi phục: $(totals "$DST")"
echo "   tệp media: $(wc -l <"$WORK/media-src.sha") ở nguồn, $(wc -l <"$WORK/media-dst.sha") sau khôi phục"

status=0
if ! diff -u "$WORK/src.txt" "$WORK/dst.txt"; then
  echo "KHÁC NHAU: dữ liệu khôi phục không giống nguồn" >&2; status=1
fi
if ! diff -u "$WORK/media-src.sha" "$WORK/media-dst.sha" >/dev/null; then
  echo "KHÁC NHAU: tệp media khôi phục không giống nguồn" >&2; status=1
fi
if [ "$(wc -l <"$WORK/media-src.sha")" -eq 0 ] || ! grep -q '^news_article|[1-9]' "$WORK/src.txt"; then
  echo "Nguồn rỗng: phép so sánh không chứng minh được gì" >&2; status=1
fi
[ "$status" -eq 0 ] && echo "GIỐNG HỆT: $(wc -l <"$WORK/src.txt") bảng và mọi tệp media khớp từng byte."
exit "$status"
