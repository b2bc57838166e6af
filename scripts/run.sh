#!/usr/bin/env bash
# `make run`: find PostgreSQL, migrate, load the demo content, make sure the admin account
# exists, serve. Safe to run again: migrations, demo content and the admin account are all
# idempotent, and make run's own PostgreSQL cluster (var/postgres) keeps its content.
#
# Which PostgreSQL (scripts/postgres.py): DATABASE_URL if set (environment or .env); else
# the server on 127.0.0.1:5432 if it accepts user postgres; else the checkout's own
# cluster, started here and stopped when this script ends (Ctrl-C).
# PORTAL_OWN_CLUSTER=1 skips the server on 5432. ADMIN_PASSWORD_FILE moves .admin-password.
set -euo pipefail
cd "$(dirname "$0")/.."

export DEBUG="${DEBUG:-true}"
# The development server's English "do not use in production" banner: README says it.
export DJANGO_RUNSERVER_HIDE_WARNING=true
port="${PORT:-8000}"
password_file="${ADMIN_PASSWORD_FILE:-.admin-password}"
py=.venv/bin/python

log() { printf '==> %s\n' "$*"; }

PORTAL_PG_CLUSTER=""
PORTAL_PG_WHERE=""
stop_own_cluster() {
    # A second Ctrl-C must not cut the clean shutdown short.
    trap '' INT TERM HUP
    if [ -n "$PORTAL_PG_CLUSTER" ]; then
        "$py" scripts/postgres.py stop "$PORTAL_PG_CLUSTER"
    fi
}
trap stop_own_cluster EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

found="$("$py" scripts/postgres.py discover run --owner $$)"
eval "$found"

log "Cập nhật cấu trúc cơ sở dữ liệu (migrate)"
"$py" manage.py migrate --no-input -v 0
log "Nạp nội dung mẫu"
"$py" manage.py load_demo
"$py" manage.py load_demo_documents
log "Tài khoản quản trị"
"$py" manage.py ensure_admin --password-file "$password_file"

echo
echo "Cổng thông tin:  http://127.0.0.1:${port}/"
echo "Các trang (trình duyệt tự đưa mọi tên *.localhost về máy này):"
"$py" manage.py site_addresses --port "$port" | sed 's/^/  /'
echo "Trang quản trị:  http://127.0.0.1:${port}/quan-tri/  (thông tin đăng nhập ở trên)"
echo "Cơ sở dữ liệu:   PostgreSQL, ${PORTAL_PG_WHERE}"
if [ -n "$PORTAL_PG_CLUSTER" ]; then
    echo "                 (cụm dừng khi máy chủ dừng; lần chạy sau dùng lại nội dung)"
fi
echo "Máy chủ phát triển (DEBUG=true), không dùng cho production. Dừng: Ctrl-C."
echo
# Not exec: the cluster is stopped by the EXIT trap once the server ends. Migrate just ran
# the system checks.
"$py" manage.py runserver --skip-checks "127.0.0.1:${port}"
