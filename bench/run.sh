#!/usr/bin/env bash
# make bench: the portal under realistic traffic, in the deployed configuration, beside a
# naive Django page and bare Django, with an exact-count check. One run measures:
#
#   site                            traffic (wrk -t2 -c32, 15 s each after a warm-up)
#   the portal                      article pages Zipf(1.1) / portal mix / one hot article
#   the naive page (bench/naive/)   article pages Zipf(1.1) / one hot article
#   bare Django (bench/bare/)       one URL, HttpResponse("ok")
#
# The deployed configuration (docs/deploy.md): nginx in front with deploy/nginx.conf's
# settings (bench/nginx_site.py; TLS with a throwaway self-signed certificate), gunicorn
# with gunicorn.conf.py (2 x cores + 1 sync workers), deploy/portal.env's settings (DEBUG
# off, a generated SECRET_KEY), Redis as the cache (a database and key prefix of this run),
# PostgreSQL, counting on, the per-IP ceiling off (COUNTER_MAX_PER_IP_PER_MINUTE=0) so
# every view counts. Each site runs alone, on the same nginx and the same database: a
# scratch archive seeded by bench/seed.py; the naive page reads a copy of its articles.
# The traffics the goals are set on run in BENCH_ROUNDS rounds, the sites taking turns
# (portal: Zipf then the hot URL; naive page: Zipf; bare Django), each started afresh,
# the portal's cached pages made stale before each of its rounds: a machine that slows
# down for a minute slows all three alike, and each ratio printed is the median of the
# rounds' ratios. The portal mix and the naive page's hot URL run in the last round.
#
# Every request is a new reader (no cookie, a Chrome User-Agent). Paths come from
# bench/traffic.py; warm-ups use another part of the sample than the measured phases, so
# these still meet articles for the first time (the share is printed). Figures per phase:
# req/s, p50, p99, non-2xx, CPU per response per process group from /proc (bench/phase.py),
# the ratios, and the check that every article page served 200 (nginx's log) is one
# stored view, for the portal (after a graceful stop and manage.py flush_counters if the
# project has it) and the naive page. Exit 1 if a count is off.
#
# Knobs (environment): BENCH_ARTICLES (20000), BENCH_DURATION (15 s per measured phase),
# BENCH_WARMUP (5 s, 0 skips), BENCH_ROUNDS (3), BENCH_CONNECTIONS (32), BENCH_THREADS (2), BENCH_SAMPLE
# (200000 paths per traffic file), BENCH_WORKERS (gunicorn.conf.py's default),
# BENCH_GUNICORN_ARGS (more gunicorn settings, e.g. --worker-class gthread --threads 2),
# BENCH_COUNTER_SPOOL (the settings' default: true), BENCH_DB (portal_bench),
# BENCH_KEEP_DB=1 keeps the database, BENCH_REUSE=1 uses the kept
# database if it has articles (and keeps it), BENCH_REDIS_DB (13), BENCH_RESULTS
# (bench-results.json here), BENCH_KEEP_WORK=1 keeps the logs, BENCH_PG_URL
# (postgres://postgres@127.0.0.1:5432). Only 127.0.0.1 is used.
set -euo pipefail

cd "$(dirname "$0")/.."
PG_URL=${BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432}
BENCH_DB=${BENCH_DB:-portal_bench}
REUSE=${BENCH_REUSE:-0}
KEEP_DB=${BENCH_KEEP_DB:-$REUSE}
ARTICLES=${BENCH_ARTICLES:-20000}
DURATION=${BENCH_DURATION:-15}
DURATION=${DURATION%s}
WARMUP=${BENCH_WARMUP:-5}
WARMUP=${WARMUP%s}
ROUNDS=${BENCH_ROUNDS:-3}
CONNECTIONS=${BENCH_CONNECTIONS:-32}
THREADS=${BENCH_THREADS:-2}
SAMPLE=${BENCH_SAMPLE:-200000}
REDIS_DB=${BENCH_REDIS_DB:-13}
RESULTS=${BENCH_RESULTS:-$PWD/bench-results.json}
# After its measured seconds a wrk connection sends nothing more (bench/traffic.lua); wrk
# stops this much later, when every request has been answered. Under wrk's timeout, which
# would otherwise count the idle connections as timed out.
DRAIN=3
WRK_TIMEOUT=10
NGINX_STOP_TIMEOUT=20

WORK=$(mktemp -d "${TMPDIR:-/tmp}/portal-bench.XXXXXX")
NGINX_PID=""
REDIS_PREFIX="bench-$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')"
. bench/lib.sh

run_cleanup() {
  stop_gunicorn
  if [ -n "$NGINX_PID" ]; then
    kill -TERM "$NGINX_PID" 2>/dev/null || true
    for _ in $(seq $((NGINX_STOP_TIMEOUT * 10))); do
      kill -0 "$NGINX_PID" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$NGINX_PID" 2>/dev/null || true
    wait "$NGINX_PID" 2>/dev/null || true
  fi
  # This run's keys only: other runs and suites share this Redis.
  redis-cli -n "$REDIS_DB" --scan --pattern "$REDIS_PREFIX:*" 2>/dev/null \
    | xargs -r -n 500 redis-cli -n "$REDIS_DB" UNLINK >/dev/null 2>&1 || true
  if [ "${BENCH_KEEP_WORK:-0}" = 1 ] && [ -d "$WORK" ]; then
    mv "$WORK" "$WORK.kept" && echo "Tệp của lần chạy: $WORK.kept"
  fi
  bench_cleanup
}
trap run_cleanup EXIT
trap 'exit 130' INT TERM
bench_require wrk psql curl nginx openssl redis-cli

# deploy/portal.env as shipped, except what names this machine's database, cache,
# folders and key; plus the two knobs the bench sets (every view counted).
deployed_env() {
  local line key
  for key in $(compgen -e); do
    case "$key" in SECURE_* | CSRF_* | SESSION_* | GUNICORN_* | DJANGO_* | COUNTER* | CACHE_URL) unset "$key" ;; esac
  done
  while IFS= read -r line; do
    case "$line" in '' | '#'*) continue ;; esac
    key=${line%%=*}
    case "$key" in
      SECRET_KEY | DATABASE_URL | CACHE_URL | STATIC_ROOT | MEDIA_ROOT | COUNTER_SPOOL_DIR | GUNICORN_BIND) ;;
      *) export "$key=${line#*=}" ;;
    esac
  done <deploy/portal.env
  SECRET_KEY=$("$PY" -c 'import secrets; print(secrets.token_urlsafe(50))')
  export SECRET_KEY
  export DATABASE_URL="$PG_URL/$BENCH_DB"
  export CACHE_URL="redis://127.0.0.1:6379/$REDIS_DB?key_prefix=$REDIS_PREFIX"
  export STATIC_ROOT="$WORK/static" MEDIA_ROOT="$WORK/media" COUNTER_SPOOL_DIR="$WORK/spool"
  export COUNTERS_ENABLED=true COUNTER_MAX_PER_IP_PER_MINUTE=0
  # BENCH_COUNTER_SPOOL=false measures the simple design: one upsert per view.
  if [ -n "${BENCH_COUNTER_SPOOL:-}" ]; then export COUNTER_SPOOL="$BENCH_COUNTER_SPOOL"; fi
  export PGOPTIONS="-c client_min_messages=warning"
  if [ -n "${BENCH_WORKERS:-}" ]; then export GUNICORN_WORKERS="$BENCH_WORKERS"; fi
  # BENCH_GUNICORN_ARGS="--worker-class gthread --threads 2": gunicorn's own command-line
  # settings, over gunicorn.conf.py's, for every site.
  if [ -n "${BENCH_GUNICORN_ARGS:-}" ]; then export GUNICORN_CMD_ARGS="$BENCH_GUNICORN_ARGS"; fi
  HOST=${ALLOWED_HOSTS%%,*}
}

LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
deployed_env
bench_prepare "$ARTICLES" "$REUSE"
# The archive's site answers on the host the deployed settings name, as an operator sets it.
psql -q "$DATABASE_URL" -c "UPDATE django_site SET domain = '$HOST' WHERE id = 1" >/dev/null

echo "== Bảng bài viết của trang đơn giản (bench_naive_article), chép từ news_article"
psql -q "$DATABASE_URL" >/dev/null <<'SQL'
DROP TABLE IF EXISTS bench_naive_article;
CREATE TABLE bench_naive_article AS
    SELECT id, title, slug, publish_at AS published_at, body, 0::bigint AS views FROM news_article;
ALTER TABLE bench_naive_article ADD PRIMARY KEY (id);
CREATE UNIQUE INDEX bench_naive_article_slug ON bench_naive_article (slug);
ANALYZE bench_naive_article;
SQL

echo "== Mẫu đường dẫn ($SAMPLE mỗi loại lưu lượng)"
HOT_PATH=$("$PY" bench/traffic.py "$WORK" --sample "$SAMPLE" | tail -n 1)
"$PY" bench/totals.py "$WORK/articles.tsv" >"$WORK/totals-before.json"

declare -A HTTPS_PORT APP_PORT
specs=()
for site in portal naive bare; do
  HTTPS_PORT[$site]=$(bench_free_port)
  APP_PORT[$site]=$(bench_free_port)
  specs+=("$site:${HTTPS_PORT[$site]}:$(bench_free_port):${APP_PORT[$site]}")
  printf '%s\t%s\n' "$site" "${HTTPS_PORT[$site]}" >>"$WORK/sites.tsv"
done
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=$HOST" \
  -keyout "$WORK/key.pem" -out "$WORK/cert.pem" 2>/dev/null
"$PY" bench/nginx_site.py "$WORK" "${specs[@]}"
touch "$WORK/access.log"
nginx -t -q -c "$WORK/nginx.conf"
nginx -c "$WORK/nginx.conf" -g 'daemon off;' 2>>"$WORK/nginx-error.log" &
NGINX_PID=$!
for _ in $(seq 100); do  # listening: a TCP connect, no request (nothing to log)
  (exec 3<>"/dev/tcp/127.0.0.1/${HTTPS_PORT[bare]}") 2>/dev/null && break
  kill -0 "$NGINX_PID" 2>/dev/null || { cat "$WORK/nginx-error.log" >&2; exit 1; }
  sleep 0.1
done

phase() {  # $1 site, $2 traffic, $3 warm|measure, $4 paths file, $5 first line, $6 lines, $7 s, $8 round
  local name="$1-$2-$3-$8.json"
  [ "$7" -gt 0 ] || return 0
  "$PY" bench/phase.py --out "$WORK/$name" --access-log "$WORK/access.log" \
    --gunicorn "$GUNICORN_PID" --nginx "$NGINX_PID" --database "$BENCH_DB" \
    --timeout $(($7 + DRAIN)) -- \
    wrk -t "$THREADS" -c "$CONNECTIONS" -d "$(($7 + DRAIN))s" --timeout "${WRK_TIMEOUT}s" \
    -H "Host: $HOST" -s bench/traffic.lua "https://127.0.0.1:${HTTPS_PORT[$1]}" \
    -- "$WORK/$4" "$5" "$6" "$THREADS" "$7"
  printf '%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$name" "$8" >>"$WORK/phases.tsv"
}

traffic() {  # $1 site, $2 traffic, $3 paths file, $4 round (1 if none): measured on its
  # first half, warmed on the rest
  local lines half round=${4:-1}
  lines=$(grep -c . "$WORK/$3")
  half=$((lines / 2))
  echo "   $2${4:+ (vòng $4/$ROUNDS)}: khởi động ${WARMUP} s, đo ${DURATION} s"
  if [ "$half" -gt 0 ]; then
    phase "$1" "$2" warm "$3" "$half" "$((lines - half))" "$WARMUP" "$round"
    phase "$1" "$2" measure "$3" 0 "$half" "$DURATION" "$round"
  else
    phase "$1" "$2" warm "$3" 0 "$lines" "$WARMUP" "$round"
    phase "$1" "$2" measure "$3" 0 "$lines" "$DURATION" "$round"
  fi
}

stop_portal() {  # graceful stop, then what stopped workers left in the spool is applied
  stop_gunicorn
  if "$PY" manage.py help flush_counters >/dev/null 2>&1; then
    "$PY" manage.py flush_counters
  fi
}

start_site() {  # $1 site, $2 health path ("" = any answer), $3 settings module, $@ gunicorn args
  local site=$1 probe=$2 settings=$3
  shift 3
  BASE="http://127.0.0.1:${APP_PORT[$site]}"
  DJANGO_SETTINGS_MODULE=$settings GUNICORN_BIND="127.0.0.1:${APP_PORT[$site]}" \
    BENCH_PROBE_HOST=$HOST bench_start_gunicorn "$WORK/$site.log" "$probe" "$@"
}

# gunicorn.conf.py's worker_exit, which applies the portal's spool, logs an error as each
# worker of the naive and bare sites exits: they have no spool; harmless.
for round in $(seq "$ROUNDS"); do
  echo "== Cổng thông tin (gunicorn.conf.py, Redis, đếm lượt xem), vòng $round/$ROUNDS"
  # Every page the portal cached in an earlier round is stale, as after an editor's save,
  # and gone (no round starts with Redis fuller than the first).
  "$PY" manage.py shell -v 0 -c "from portal.pagecache import content_changed; content_changed()"
  redis-cli -n "$REDIS_DB" --scan --pattern "$REDIS_PREFIX:*pages:page:*" \
    | xargs -r -n 500 redis-cli -n "$REDIS_DB" UNLINK >/dev/null
  start_site portal /healthz portal.settings
  traffic portal zipf zipf.paths "$round"
  if [ "$round" = 1 ]; then echo "   (đường dẫn nóng $HOT_PATH)"; fi
  traffic portal hot hot.paths "$round"
  if [ "$round" = "$ROUNDS" ]; then
    traffic portal mix mix.paths "$round"
  fi
  stop_portal
  echo "== Trang Django đơn giản (bench/naive: DetailView, UPDATE F() + 1 mỗi lượt xem), vòng $round/$ROUNDS"
  start_site naive "" naive.settings --pythonpath "$PWD/bench" naive.wsgi:application
  traffic naive zipf zipf.paths "$round"
  if [ "$round" = "$ROUNDS" ]; then
    traffic naive hot hot.paths "$round"
  fi
  stop_gunicorn
  echo "== Django tối thiểu (bench/bare: HttpResponse(\"ok\")), vòng $round/$ROUNDS"
  start_site bare "" bare.settings --pythonpath "$PWD/bench" bare.wsgi:application
  traffic bare bare bare.paths "$round"
  stop_gunicorn
done

"$PY" bench/totals.py "$WORK/articles.tsv" >"$WORK/totals-after.json"
BENCH_LOAD_START=$LOAD_START
BENCH_LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)
BENCH_COMMIT=$(git rev-parse --short HEAD 2>/dev/null || echo '?')
export BENCH_LOAD_START BENCH_LOAD_END BENCH_COMMIT ARTICLES DURATION WARMUP CONNECTIONS THREADS HOT_PATH ROUNDS
"$PY" bench/report.py "$WORK" "$RESULTS"
