#!/usr/bin/env bash
# `make run`: migrate, load the demo content, make sure the admin account exists, serve.
# Safe to run again: migrations, demo content and the admin account are all idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."

export DEBUG="${DEBUG:-true}"
port="${PORT:-8000}"
py=.venv/bin/python

if [ -n "${DATABASE_URL:-}" ]; then
    echo "Cơ sở dữ liệu: DATABASE_URL (${DATABASE_URL%%://*})"
else
    echo "Cơ sở dữ liệu: tệp SQLite db.sqlite3 (đặt DATABASE_URL để dùng PostgreSQL)"
fi

"$py" manage.py migrate --no-input
"$py" manage.py load_demo
"$py" manage.py ensure_admin --password-file .admin-password

echo
echo "Cổng thông tin:  http://127.0.0.1:${port}/"
echo "Trang quản trị:  http://127.0.0.1:${port}/quan-tri/  (thông tin đăng nhập ở trên)"
echo
exec "$py" manage.py runserver "127.0.0.1:${port}"
