#!/usr/bin/env bash
# make bench: how fast is the article page with counting, without counting, and how fast
# is the framework itself (/healthz), and is every 200 response counted exactly once?
#
# Creates a scratch PostgreSQL database on 127.0.0.1 (portal_bench, dropped at the end),
# seeds 10,000 articles, collects static files, starts gunicorn with the production
# settings (gunicorn.conf.py, DEBUG off, a generated SECRET_KEY) on a free 127.0.0.1 port,
# and drives it with wrk: no cookies, so every request is a new reader and a new visit.
# Knobs (environment): BENCH_DURATION (30s), BENCH_CONNECTIONS (64), BENCH_THREADS (2),
# BENCH_WORKERS (2 x cores + 1), BENCH_ARTICLES (10000), BENCH_WARMUP (5s),
# BENCH_PG_URL (postgres://postgres@127.0.0.1:5432), BENCH_KEEP_DB=1 to keep the database,
# BENCH_SETTINGS (portal.settings) to measure a variant settings module,
# BENCH_PGBENCH_DURATION (10) seconds per pgbench script, 0 to skip pgbench.
set -euo pipefail

cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
GUNICORN=${GUNICORN:-.venv/bin/gunicorn}
PG_URL=${BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432}
BENCH_DB=${BENCH_DB:-portal_bench}
DURATION=${BENCH_DURATION:-30s}
WARMUP=${BENCH_WARMUP:-5s}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
THREADS=${BENCH_THREADS:-2}
ARTICLES=${BENCH_ARTICLES:-10000}
WORKERS=${BENCH_WORKERS:-$(($(nproc) * 2 + 1))}
# Bounds: gunicorn must answer within this many seconds of starting, and stop within
# this many seconds of SIGTERM (its graceful_timeout is 30 s).
START_TIMEOUT=60
STOP_TIMEOUT=40

case "$PG_URL" in
  postgres://*@127.0.0.1:* | postgres://*@127.0.0.1) ;;
  *) echo "BENCH_PG_URL phải trỏ tới PostgreSQL trên 127.0.0.1" >&2; exit 2 ;;
esac
PGBENCH_DURATION=${BENCH_PGBENCH_DURATION:-10}
for tool in wrk psql curl; do
  command -v "$tool" >/dev/null || { echo "Thiếu công cụ: $tool (apt-get install $tool)" >&2; exit 2; }
done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/portal-bench.XXXXXX")
GUNICORN_PID=""

stop_gunicorn() {
  [ -n "$GUNICORN_PID" ] || return 0
  kill -TERM "$GUNICORN_PID" 2>/dev/null || true
  for _ in $(seq $((STOP_TIMEOUT * 10))); do
    kill -0 "$GUNICORN_PID" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$GUNICORN_PID" 2>/dev/null || true
  wait "$GUNICORN_PID" 2>/dev/null || true
  GUNICORN_PID=""
}

cleanup() {
  stop_gunicorn
  if [ "${BENCH_KEEP_DB:-0}" != 1 ]; then
    psql -q "$PG_URL/postgres" -c "DROP DATABASE IF EXISTS $BENCH_DB WITH (FORCE)" >/dev/null 2>&1 || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Production settings, made to run over plain HTTP on loopback.
export DJANGO_SETTINGS_MODULE=${BENCH_SETTINGS:-portal.settings}
export PGOPTIONS="-c client_min_messages=warning"
export DATABASE_URL="$PG_URL/$BENCH_DB"
export DEBUG=false
SECRET_KEY=$("$PY" -c 'import secrets; print(secrets.token_urlsafe(50))')
export SECRET_KEY
export ALLOWED_HOSTS=127.0.0.1
export STATIC_ROOT="$WORK/static" MEDIA_ROOT="$WORK/media"
export SECURE_SSL_REDIRECT=false SESSION_COOKIE_SECURE=false CSRF_COOKIE_SECURE=false
export SECURE_HSTS_SECONDS=0
# wrk plays nginx: each request carries its own X-Forwarded-For (bench/wrk_status.lua).
export TRUSTED_PROXIES=127.0.0.1
# Production logging: one JSON line per request (portal.middleware.RequestLogMiddleware),
# written once the response is ready, i.e. after the count; the check below reads it.
export LOG_FORMAT=json LOG_LEVEL=INFO GUNICORN_LOG_LEVEL=warning
export GUNICORN_WORKERS="$WORKERS"

echo "== Chuẩn bị cơ sở dữ liệu $BENCH_DB với $ARTICLES bài viết"
psql -q "$PG_URL/postgres" -c "DROP DATABASE IF EXISTS $BENCH_DB WITH (FORCE)" >/dev/null
psql -q "$PG_URL/postgres" -c "CREATE DATABASE $BENCH_DB" >/dev/null
"$PY" manage.py migrate --noinput -v0
SLUG=$("$PY" bench/seed.py --articles "$ARTICLES" | tail -n 1)
"$PY" manage.py collectstatic --noinput -v0
PORT=$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE="http://127.0.0.1:$PORT"
ARTICLE_PATH="/tin-tuc/$SLUG/"

start_gunicorn() {  # $1 = COUNTERS_ENABLED, $2 = log file (the portal's JSON request lines)
  COUNTERS_ENABLED="$1" GUNICORN_BIND="127.0.0.1:$PORT" \
    "$GUNICORN" -c gunicorn.conf.py >>"$2" 2>&1 &
  GUNICORN_PID=$!
  for _ in $(seq $((START_TIMEOUT * 10))); do
    if curl -fsS -o /dev/null "$BASE/healthz" 2>/dev/null; then return 0; fi
    kill -0 "$GUNICORN_PID" 2>/dev/null || break
    sleep 0.1
  done
  echo "gunicorn không khởi động được:" >&2
  tail -n 30 "$2" >&2
  exit 1
}

# CPU time (clock ticks) gunicorn's master and workers have used so far: workers reaped
# after max_requests carry their time into the master's cutime/cstime, so the difference
# of two readings is exactly the CPU the server spent in between, whatever else runs here.
tree_cpu_ticks() {
  local total=0 child f
  read -r -a f < <(sed 's/^.*) //' "/proc/$GUNICORN_PID/stat")
  total=$((f[11] + f[12] + f[13] + f[14]))
  for child in $(pgrep -P "$GUNICORN_PID"); do
    read -r -a f < <(sed 's/^.*) //' "/proc/$child/stat" 2>/dev/null) || continue
    total=$((total + f[11] + f[12]))
  done
  echo "$total"
}

run_wrk() {  # $1 = duration, $2 = path
  wrk -t "$THREADS" -c "$CONNECTIONS" -d "$1" --timeout 10s -s bench/wrk_status.lua "$BASE$2"
}

measure() {  # $1 = name, $2 = COUNTERS_ENABLED, $3 = path
  local name=$1 log="$WORK/$1.log"
  echo "== $name: $3 (COUNTERS_ENABLED=$2, $WORKERS workers, $CONNECTIONS kết nối, $DURATION)"
  start_gunicorn "$2" "$log"
  curl -fsS -o /dev/null "$BASE$3"  # the page answers 200 before we measure it
  run_wrk "$WARMUP" "$3" >/dev/null
  sleep 1
  "$PY" bench/totals.py "$SLUG" >"$WORK/$name.before.json"
  wc -l <"$log" >"$WORK/$name.log-offset"
  local ticks_before ticks_after
  ticks_before=$(tree_cpu_ticks)
  run_wrk "$DURATION" "$3" | tee "$WORK/$name.wrk.txt" | grep -v '^WRK_JSON' || true
  ticks_after=$(tree_cpu_ticks)
  echo "$(((ticks_after - ticks_before) * 1000 / $(getconf CLK_TCK)))" >"$WORK/$name.cpu-ms"
  # A graceful stop lets the requests wrk left in flight finish (and be logged) first.
  stop_gunicorn
  "$PY" bench/totals.py "$SLUG" >"$WORK/$name.after.json"
  tail -n +"$(($(cat "$WORK/$name.log-offset") + 1))" "$log" >"$WORK/$name.measured.log"
}

measure counted true "$ARTICLE_PATH"
measure uncounted false "$ARTICLE_PATH"
measure minimal true /healthz

"$PY" bench/report.py "$WORK" "$ARTICLE_PATH" "$CONNECTIONS"

# The database side alone: how many counted views per second PostgreSQL takes for
# counters' real statement, against the naive design of one row every view updates.
if [ "$PGBENCH_DURATION" -gt 0 ] && command -v pgbench >/dev/null; then
  echo
  echo "== pgbench: $CONNECTIONS kết nối, ${PGBENCH_DURATION}s mỗi kịch bản (giao dịch/giây)"
  psql -q "$DATABASE_URL" -c "CREATE TABLE bench_hot_counter (id int PRIMARY KEY, n bigint NOT NULL)" \
    -c "INSERT INTO bench_hot_counter VALUES (1, 0)"
  for script in $("$PY" bench/pgbench_scripts.py "$WORK" 2>/dev/null | tail -n 1); do
    tps=$(pgbench -n -c "$CONNECTIONS" -j "$THREADS" -T "$PGBENCH_DURATION" -f "$WORK/$script.sql" \
      "$DATABASE_URL" 2>/dev/null | sed -n 's/^tps = \([0-9.]*\).*/\1/p' | tail -n 1)
    if [ -n "$tps" ]; then printf '  %-26s %10.0f\n' "$script" "$tps"; else echo "  $script: lỗi"; fi
  done
fi
echo "Máy: $(nproc) nhân, $(uname -sr), tải trung bình lúc kết thúc: $(cut -d' ' -f1-3 /proc/loadavg)"
