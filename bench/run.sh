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
PG_URL=${BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432}
BENCH_DB=${BENCH_DB:-portal_bench}
KEEP_DB=${BENCH_KEEP_DB:-0}
DURATION=${BENCH_DURATION:-30s}
WARMUP=${BENCH_WARMUP:-5s}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
THREADS=${BENCH_THREADS:-2}
ARTICLES=${BENCH_ARTICLES:-10000}
WORKERS=${BENCH_WORKERS:-$(($(nproc) * 2 + 1))}
PGBENCH_DURATION=${BENCH_PGBENCH_DURATION:-10}

WORK=$(mktemp -d "${TMPDIR:-/tmp}/portal-bench.XXXXXX")
# The scratch database, production settings, gunicorn start/stop: shared with bench/soak.sh.
. bench/lib.sh
trap bench_cleanup EXIT
trap 'exit 130' INT TERM
bench_require wrk psql curl

bench_production_env
export GUNICORN_WORKERS="$WORKERS"
bench_prepare "$ARTICLES"
ARTICLE_PATH="/tin-tuc/$SLUG/"

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
