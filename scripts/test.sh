#!/usr/bin/env bash
# `make test`: ruff, the migrations check and the whole pytest suite, on PostgreSQL.
#
# Which PostgreSQL, in order (scripts/postgres.py):
#   1. DATABASE_URL, if set (environment or .env);
#   2. the server on 127.0.0.1:5432, if it accepts user postgres without a password;
#   3. a throwaway cluster made with the installed PostgreSQL binaries (initdb, pg_ctl) on a
#      free port in a temporary folder, stopped and removed when this script exits.
# PGTEST_FORCE_THROWAWAY=1 skips step 2 (to exercise step 3 on a machine that has a server).
# In 2 and 3 the database is named after the checkout (portal_<folder>_<hash>_test), so two
# checkouts on one server never collide. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

py=.venv/bin/python

log() { printf '==> %s\n' "$*"; }

PORTAL_PG_CLUSTER=""
remove_throwaway() {
    trap '' INT TERM HUP
    if [ -n "$PORTAL_PG_CLUSTER" ]; then
        log "Dừng và xóa cụm PostgreSQL tạm $PORTAL_PG_CLUSTER"
        "$py" scripts/postgres.py stop --delete "$PORTAL_PG_CLUSTER"
    fi
}
trap remove_throwaway EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

found="$("$py" scripts/postgres.py discover test)"
eval "$found"

log "ruff check"
.venv/bin/ruff check .
log "ruff format --check"
.venv/bin/ruff format --check .
log "makemigrations --check"
DJANGO_SETTINGS_MODULE=tests.settings "$py" manage.py makemigrations --check --dry-run

log "pytest"
status=0
.venv/bin/pytest "$@" || status=$?
# Without these programs their tests are skipped (under CI=true they fail instead).
warn_missing() {
    echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!" >&2
    echo "!!! CẢNH BÁO: không có $1 nên $2 ĐÃ BỊ BỎ QUA." >&2
    echo "!!! Cài để chạy đủ: apt-get install $3" >&2
    echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!" >&2
}
chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
[ -x "$chromium" ] || warn_missing "$chromium" "KIỂM THỬ TRÌNH DUYỆT" chromium
nginx="${NGINX_PATH:-$(command -v nginx || echo /usr/sbin/nginx)}"
[ -x "$nginx" ] || warn_missing "$nginx" "KIỂM THỬ deploy/nginx.conf" nginx
if [ "$status" -eq 5 ]; then
    echo "pytest không chạy bài kiểm thử nào: coi là thất bại." >&2
    exit 1
fi
exit "$status"
