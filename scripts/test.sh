#!/usr/bin/env bash
# `make test`: ruff, the migrations check and the whole pytest suite, on PostgreSQL.
#
# Which PostgreSQL, in order:
#   1. DATABASE_URL, if set;
#   2. the server on 127.0.0.1:5432, if it accepts user postgres without a password;
#   3. a throwaway cluster made with the installed PostgreSQL binaries (initdb, pg_ctl) on a
#      free port in a temporary folder, stopped and removed when this script exits.
# PGTEST_FORCE_THROWAWAY=1 skips step 2 (to exercise step 3 on a machine that has a server).
# Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

py=.venv/bin/python
pg_tmp=""
pg_ctl=""

log() { printf '==> %s\n' "$*"; }

local_server_accepts() {
    "$py" - <<'PY'
import sys

import psycopg

try:
    psycopg.connect(
        host="127.0.0.1", port=5432, user="postgres", dbname="postgres", connect_timeout=3
    ).close()
except psycopg.Error:
    sys.exit(1)
PY
}

# The migrations check reads the migration history of the database it is pointed at.
create_database() {
    "$py" - "$1" "$2" <<'PY'
import sys

import psycopg

port, name = int(sys.argv[1]), sys.argv[2]
with psycopg.connect(
    host="127.0.0.1", port=port, user="postgres", dbname="postgres", autocommit=True
) as conn:
    if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
        conn.execute(f'CREATE DATABASE "{name}"')
PY
}

free_port() {
    "$py" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Run a PostgreSQL binary as the postgres user when we are root: initdb and pg_ctl refuse root.
as_pg_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

stop_throwaway() {
    if [ -n "$pg_tmp" ]; then
        log "Dừng và xóa cụm PostgreSQL tạm $pg_tmp"
        as_pg_owner "$pg_ctl" -D "$pg_tmp/data" -m immediate stop >/dev/null 2>&1 || true
        rm -rf "$pg_tmp"
    fi
}

start_throwaway() {
    local bindir
    bindir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
    if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
        echo "Không có PostgreSQL: đặt DATABASE_URL, chạy máy chủ ở 127.0.0.1:5432," >&2
        echo "hoặc cài gói postgresql (apt-get install postgresql) để tạo cụm tạm." >&2
        exit 1
    fi
    pg_ctl="$bindir/pg_ctl"
    pg_tmp="$(mktemp -d /tmp/portal-pgtest.XXXXXX)"
    trap stop_throwaway EXIT
    if [ "$(id -u)" -eq 0 ]; then
        chown postgres: "$pg_tmp"
    fi
    local port
    port="$(free_port)"
    log "Tạo cụm PostgreSQL tạm ($bindir) ở $pg_tmp, cổng $port"
    as_pg_owner "$bindir/initdb" -D "$pg_tmp/data" -U postgres -A trust -E UTF8 \
        --no-sync >"$pg_tmp/initdb.log" 2>&1 || { cat "$pg_tmp/initdb.log" >&2; exit 1; }
    # fsync off: the cluster is thrown away, durability buys nothing here.
    as_pg_owner "$pg_ctl" -D "$pg_tmp/data" -l "$pg_tmp/server.log" -w -t 60 \
        -o "-h 127.0.0.1 -p $port -k $pg_tmp -F" start >/dev/null \
        || { cat "$pg_tmp/server.log" >&2; exit 1; }
    create_database "$port" portal
    export DATABASE_URL="postgres://postgres@127.0.0.1:$port/portal"
}

if [ -n "${DATABASE_URL:-}" ]; then
    log "PostgreSQL: DATABASE_URL đã đặt"
elif [ -z "${PGTEST_FORCE_THROWAWAY:-}" ] && local_server_accepts; then
    create_database 5432 portal
    export DATABASE_URL="postgres://postgres@127.0.0.1:5432/portal"
    log "PostgreSQL: máy chủ ở 127.0.0.1:5432"
else
    start_throwaway
fi

log "ruff check"
.venv/bin/ruff check .
log "ruff format --check"
.venv/bin/ruff format --check .
log "makemigrations --check"
DJANGO_SETTINGS_MODULE=tests.settings "$py" manage.py makemigrations --check --dry-run

log "pytest"
status=0
.venv/bin/pytest "$@" || status=$?
chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$chromium" ]; then
    echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!" >&2
    echo "!!! CẢNH BÁO: không có $chromium nên KIỂM THỬ TRÌNH DUYỆT ĐÃ BỊ BỎ QUA." >&2
    echo "!!! Cài Chromium để chạy đủ: apt-get install chromium" >&2
    echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!" >&2
fi
if [ "$status" -eq 5 ]; then
    echo "pytest không chạy bài kiểm thử nào: coi là thất bại." >&2
    exit 1
fi
exit "$status"
