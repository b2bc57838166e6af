# Shared by bench/run.sh (make bench) and bench/soak.sh: a scratch PostgreSQL database on
# 127.0.0.1, the production settings made to run over plain HTTP on loopback (soak.sh; run.sh
# puts nginx in front), and gunicorn started on a free port and stopped gracefully. Source
# it from the project root:
#
#   BENCH_DB=portal_bench; WORK=$(mktemp -d ...); . bench/lib.sh
#
# It reads PG_URL (default postgres://postgres@127.0.0.1:5432) and sets PY and GUNICORN.
# The caller sets BENCH_DB (database name), WORK (a temporary folder it owns) and KEEP_DB
# (1 keeps the database at the end), and installs `trap bench_cleanup EXIT`.

PY=${PYTHON:-.venv/bin/python}
GUNICORN=${GUNICORN:-.venv/bin/gunicorn}
PG_URL=${PG_URL:-postgres://postgres@127.0.0.1:5432}
# Bounds: gunicorn must answer within this many seconds of starting, and stop within
# this many seconds of SIGTERM (its graceful_timeout is 30 s).
START_TIMEOUT=60
STOP_TIMEOUT=40
GUNICORN_PID=""

case "$PG_URL" in
  postgres://*@127.0.0.1:* | postgres://*@127.0.0.1) ;;
  *) echo "BENCH_PG_URL phải trỏ tới PostgreSQL trên 127.0.0.1" >&2; exit 2 ;;
esac

bench_require() {  # $@ = commands that must be on PATH; as root, apt-get installs them
  local tool missing=()
  for tool in "$@"; do
    command -v "$tool" >/dev/null || missing+=("$tool")
  done
  [ "${#missing[@]}" -eq 0 ] && return 0
  local packages=()
  for tool in "${missing[@]}"; do
    case "$tool" in
      psql) packages+=(postgresql-client) ;;
      pgrep) packages+=(procps) ;;
      redis-cli) packages+=(redis-tools) ;;
      *) packages+=("$tool") ;;
    esac
  done
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    echo "==> apt-get install ${packages[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}" \
      || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
        --no-install-recommends "${packages[@]}"; } || exit 2
    return 0
  fi
  echo "Thiếu công cụ: ${missing[*]} (apt-get install ${packages[*]})" >&2
  exit 2
}

stop_gunicorn() {  # SIGTERM: workers finish (and log) the requests in flight first.
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

bench_cleanup() {
  stop_gunicorn
  if [ "${KEEP_DB:-0}" != 1 ]; then
    psql -q "$PG_URL/postgres" -c "DROP DATABASE IF EXISTS $BENCH_DB WITH (FORCE)" >/dev/null 2>&1 || true
  fi
  rm -rf "$WORK"
}

# Production settings, made to run over plain HTTP on loopback.
bench_production_env() {
  export DJANGO_SETTINGS_MODULE=${BENCH_SETTINGS:-portal.settings}
  export PGOPTIONS="-c client_min_messages=warning"
  export DATABASE_URL="$PG_URL/$BENCH_DB"
  export DEBUG=false
  SECRET_KEY=$("$PY" -c 'import secrets; print(secrets.token_urlsafe(50))')
  export SECRET_KEY
  export ALLOWED_HOSTS=127.0.0.1
  # The scratch archive's one site (the installation's first) answers on the loopback address.
  export UNKNOWN_HOST_SITE=root
  export STATIC_ROOT="$WORK/static" MEDIA_ROOT="$WORK/media"
  export SECURE_SSL_REDIRECT=false SESSION_COOKIE_SECURE=false CSRF_COOKIE_SECURE=false
  export SECURE_HSTS_SECONDS=0
  # Counted views are spooled per worker here, then applied to PostgreSQL (counters/spool.py).
  export COUNTER_SPOOL_DIR="$WORK/spool"
  # wrk plays nginx: each request carries its own X-Forwarded-For (see the .lua scripts).
  export TRUSTED_PROXIES=127.0.0.1
  # Production logging: one JSON line per request (portal.middleware.RequestLogMiddleware),
  # written once the response is ready, i.e. after the count; the checks read it.
  export LOG_FORMAT=json LOG_LEVEL=INFO GUNICORN_LOG_LEVEL=warning
}

bench_free_port() {  # a TCP port on 127.0.0.1 that nothing listens on now
  "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# A database with $1 articles (bench/seed.py), static files collected, a free port. With
# $2 = 1 an existing database that has articles is kept as it is (migrated, not seeded).
# Sets SLUG (the newest published article; empty when reused), PORT and BASE.
bench_prepare() {
  SLUG=""
  if [ "${2:-0}" = 1 ] && [ "$(psql -Atq "$DATABASE_URL" -c "SELECT EXISTS (SELECT 1 FROM news_article)" 2>/dev/null)" = t ]; then
    echo "== Dùng lại cơ sở dữ liệu $BENCH_DB (không nạp lại bài viết)"
    "$PY" manage.py migrate --noinput -v0
  else
    echo "== Chuẩn bị cơ sở dữ liệu $BENCH_DB với $1 bài viết"
    psql -q "$PG_URL/postgres" -c "DROP DATABASE IF EXISTS $BENCH_DB WITH (FORCE)" >/dev/null
    psql -q "$PG_URL/postgres" -c "CREATE DATABASE $BENCH_DB" >/dev/null
    "$PY" manage.py migrate --noinput -v0
    SLUG=$("$PY" bench/seed.py --articles "$1" | tail -n 1)
  fi
  "$PY" manage.py collectstatic --noinput -v0
  PORT=$(bench_free_port)
  BASE="http://127.0.0.1:$PORT"
}

# Start gunicorn with gunicorn.conf.py in the background (GUNICORN_PID) and return once
# $2 answers: a path that must answer 200, or "" for any HTTP answer (a site without a
# health check). $1 = log file; the rest are more gunicorn arguments (another app).
bench_start_gunicorn() {
  local log=$1 probe=$2 code
  shift 2
  "$GUNICORN" -c gunicorn.conf.py "$@" >>"$log" 2>&1 &
  GUNICORN_PID=$!
  for _ in $(seq $((START_TIMEOUT * 10))); do
    code=$(curl -sS -o /dev/null -w '%{http_code}' ${BENCH_PROBE_HOST:+-H "Host: $BENCH_PROBE_HOST"} \
      "$BASE${probe:-/}" 2>/dev/null || true)
    if [ -n "$probe" ] && [ "$code" = 200 ]; then return 0; fi
    if [ -z "$probe" ] && [ -n "$code" ] && [ "$code" != 000 ]; then return 0; fi
    kill -0 "$GUNICORN_PID" 2>/dev/null || break
    sleep 0.1
  done
  echo "gunicorn không khởi động được:" >&2
  tail -n 30 "$log" >&2
  exit 1
}

start_gunicorn() {  # $1 = COUNTERS_ENABLED, $2 = log file (the portal's JSON request lines)
  COUNTERS_ENABLED="$1" GUNICORN_BIND="127.0.0.1:$PORT" bench_start_gunicorn "$2" /healthz
}
