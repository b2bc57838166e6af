#!/usr/bin/env bash
# Soak: does the portal hold sustained mixed traffic, lose no count and keep its memory
# flat while gunicorn workers are killed and the database connections are cut?
#
# Same set-up as make bench (bench/lib.sh): a scratch PostgreSQL database on 127.0.0.1
# (portal_soak, dropped at the end) with 10,000 seeded articles, production settings,
# gunicorn with 5 sync workers on a free 127.0.0.1 port, no cookies (every request is a
# new reader and a new visit). Then, for SOAK_DURATION seconds, wrk sends mixed traffic
# (bench/soak.lua: 80% article pages over the whole archive, 15% home and category pages,
# 5% searches typed with and without diacritics), while this script
# - kills one worker, chosen at random, with SIGKILL at 30 s and then every 60 s
#   (the master starts another);
# - once, at half time, terminates every PostgreSQL connection to the database;
# - samples every 10 s the VmRSS of the master and of each live worker (their pids change
#   after kills and max_requests recycling).
# Afterwards gunicorn is stopped gracefully, `manage.py flush_counters` runs if the
# project has it (counts spooled by workers reach PostgreSQL), and bench/soak_report.py
# prints the figures and compares the stored totals with the 200s the portal logged.
# Exit 1 if a target is missed: a lost count, more extra counts than kills, a 5xx outside
# SOAK_CUT_WINDOW seconds after the cut, worker (median) or master memory growing by more
# than 10% or 5 MiB over the second half of the run (the first minutes fill each worker's
# local-memory cache, up to its MAX_ENTRIES; the whole-run growth is printed too).
#
# Knobs (environment): SOAK_DURATION (600 s), SOAK_CONNECTIONS (32), SOAK_THREADS (2),
# SOAK_WORKERS (5), SOAK_ARTICLES (10000), SOAK_KILL_EVERY (60 s), SOAK_CUT_AT (half the
# duration, in s), SOAK_CUT_WINDOW (5 s), SOAK_SAMPLE_EVERY (10 s), SOAK_DB (portal_soak),
# SOAK_KEEP_DB=1 to keep the database, SOAK_KEEP_WORK=1 to keep the run's files (logs,
# samples) in a folder it names, BENCH_PG_URL (postgres://postgres@127.0.0.1:5432).
set -euo pipefail

cd "$(dirname "$0")/.."
PG_URL=${BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432}
BENCH_DB=${SOAK_DB:-portal_soak}
KEEP_DB=${SOAK_KEEP_DB:-0}
DURATION=${SOAK_DURATION:-600}
CONNECTIONS=${SOAK_CONNECTIONS:-32}
THREADS=${SOAK_THREADS:-2}
WORKERS=${SOAK_WORKERS:-5}
ARTICLES=${SOAK_ARTICLES:-10000}
KILL_EVERY=${SOAK_KILL_EVERY:-60}
FIRST_KILL=$((KILL_EVERY / 2))
CUT_AT=${SOAK_CUT_AT:-$((DURATION / 2))}
CUT_WINDOW=${SOAK_CUT_WINDOW:-5}
SAMPLE_EVERY=${SOAK_SAMPLE_EVERY:-10}
# No fault in the last seconds: its effects must be over before wrk stops.
QUIET_END=10
# The control loop wakes this often; it ends with wrk, or at the latest this long after.
TICK=0.2
GRACE=60

WORK=$(mktemp -d "${TMPDIR:-/tmp}/portal-soak.XXXXXX")
WRK_PID=""
. bench/lib.sh
soak_cleanup() {
  [ -z "$WRK_PID" ] || kill "$WRK_PID" 2>/dev/null || true
  bench_cleanup
}
trap soak_cleanup EXIT
trap 'exit 130' INT TERM
bench_require wrk psql curl pgrep

bench_production_env
export GUNICORN_WORKERS="$WORKERS"
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
bench_prepare "$ARTICLES"
"$PY" bench/soak_report.py paths "$WORK/paths.tsv"
"$PY" bench/soak_report.py snapshot "$WORK/before.json"
LOG="$WORK/gunicorn.log"
start_gunicorn true "$LOG"

now_us() { echo "${EPOCHREALTIME/./}"; }
seconds() { printf '%d.%06d' $(($1 / 1000000)) $(($1 % 1000000)); }  # microseconds -> "s.us"
event() { local IFS=$'\t'; echo "$*" >>"$WORK/events.tsv"; }

sample_rss() {  # one line per process: time, role, pid, VmRSS in kB
  local stamp pid key value _
  stamp=$(seconds "$(now_us)")
  for pid in "$GUNICORN_PID" $(pgrep -P "$GUNICORN_PID"); do
    while read -r key value _; do
      if [ "$key" = VmRSS: ]; then
        local role=worker
        [ "$pid" = "$GUNICORN_PID" ] && role=master
        printf '%s\t%s\t%s\t%s\n' "$stamp" "$role" "$pid" "$value" >>"$WORK/rss.tsv"
        break
      fi
    done 2>/dev/null <"/proc/$pid/status" || true  # a worker may have just gone
  done
}

kill_worker() {
  local pids victim
  mapfile -t pids < <(pgrep -P "$GUNICORN_PID")
  [ "${#pids[@]}" -gt 0 ] || return 0
  victim=${pids[RANDOM % ${#pids[@]}]}
  event kill "$(seconds "$(now_us)")" "$victim"
  kill -KILL "$victim" 2>/dev/null || true
  echo "   $(((($(now_us) - START_US) / 1000000))) s: SIGKILL tiến trình con $victim"
}

cut_database() {
  local stamp terminated
  stamp=$(seconds "$(now_us)")
  terminated=$(timeout 10 psql -At "$PG_URL/postgres" -c "SELECT count(*) FROM (
      SELECT pg_terminate_backend(pid) FROM pg_stat_activity
      WHERE datname = '$BENCH_DB' AND pid <> pg_backend_pid()) AS cut" || echo 0)
  event cut "$stamp" "$terminated"
  echo "   $(((($(now_us) - START_US) / 1000000))) s: cắt $terminated kết nối PostgreSQL"
}

echo "== Soak: ${DURATION} s, $WORKERS tiến trình con, $CONNECTIONS kết nối; giết một tiến trình con" \
  "lúc ${FIRST_KILL} s rồi mỗi ${KILL_EVERY} s, cắt kết nối cơ sở dữ liệu lúc ${CUT_AT} s"
event window "$CUT_WINDOW"
START_US=$(now_us)
event start "$(seconds "$START_US")"
wrk -t "$THREADS" -c "$CONNECTIONS" -d "${DURATION}s" --timeout 10s -s bench/soak.lua \
  "$BASE" -- "$WORK/paths.tsv" >"$WORK/wrk.txt" 2>&1 &
WRK_PID=$!

next_sample=$SAMPLE_EVERY
next_kill=$FIRST_KILL
cut_done=0
for _ in $(seq $(((DURATION + GRACE) * 5))); do
  kill -0 "$WRK_PID" 2>/dev/null || break
  elapsed=$((($(now_us) - START_US) / 1000000))
  if [ "$elapsed" -ge "$next_sample" ]; then
    sample_rss
    next_sample=$((next_sample + SAMPLE_EVERY))
  fi
  if [ "$elapsed" -ge "$next_kill" ] && [ "$elapsed" -lt $((DURATION - QUIET_END)) ]; then
    kill_worker
    next_kill=$((next_kill + KILL_EVERY))
  fi
  if [ "$cut_done" = 0 ] && [ "$elapsed" -ge "$CUT_AT" ] && [ "$elapsed" -lt $((DURATION - QUIET_END)) ]; then
    cut_database
    cut_done=1
  fi
  sleep "$TICK"
done
if kill -0 "$WRK_PID" 2>/dev/null; then
  echo "wrk chưa dừng sau $((DURATION + GRACE)) s: dừng nó" >&2
  kill "$WRK_PID" 2>/dev/null || true
fi
wait "$WRK_PID" || true
WRK_PID=""
event end "$(seconds "$(now_us)")"
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)

# Requests gunicorn accepted before wrk stopped finish, are counted and logged first.
stop_gunicorn
if "$PY" manage.py flush_counters --help >/dev/null 2>&1; then
  echo "== manage.py flush_counters"
  "$PY" manage.py flush_counters
else
  echo "== Không có manage.py flush_counters: mọi lượt đếm đã ghi thẳng vào PostgreSQL"
fi
"$PY" bench/soak_report.py snapshot "$WORK/after.json"

status=0
"$PY" bench/soak_report.py report "$WORK" || status=$?
echo "Máy: $(nproc) nhân, $(uname -sr), $(date -u '+%Y-%m-%d %H:%M UTC'), commit" \
  "$(git rev-parse --short HEAD 2>/dev/null || echo '?'); tải trung bình lúc bắt đầu: $LOAD_START," \
  "lúc kết thúc wrk: $LOAD_END"
if [ "${SOAK_KEEP_WORK:-0}" = 1 ]; then
  cp -r "$WORK" "${WORK}.kept" && echo "Tệp của lần chạy: ${WORK}.kept"
fi
exit "$status"
