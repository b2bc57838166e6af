#!/usr/bin/env bash
# Run docs/deploy.md on this machine, then check the portal through nginx over HTTPS.
#
# Every ```sh block of the guide is run as written, in order, as root, with
# DOMAIN=congthongtin.example.vn and REPO = this repository's committed HEAD. The ```shell
# blocks cannot run in a container without systemd or Internet access; for those this
# script does the nearest thing and says so: the unit's ExecStart as user portal with
# /etc/portal.env instead of `systemctl enable --now portal`, nginx started directly
# instead of `systemctl reload nginx` (the self-signed certificate stays).
#
# It changes the machine (user portal, /srv/portal, /var/lib/portal, /etc/portal.env,
# database congthongtin, the nginx site), so it runs only on a throwaway machine:
# DEPLOY_CHECK_THROWAWAY=1 bench/deploy_check.sh. A previous run's state is removed first.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

if [ "${DEPLOY_CHECK_THROWAWAY:-0}" != 1 ] || [ "$(id -u)" -ne 0 ]; then
  echo "Chỉ chạy với quyền root trên máy dùng một lần: DEPLOY_CHECK_THROWAWAY=1 $0" >&2
  exit 2
fi
if (exec 3<>/dev/tcp/127.0.0.1/8000) 2>/dev/null; then
  echo "Cổng 127.0.0.1:8000 đang bận: tài liệu đặt gunicorn ở đó." >&2
  exit 2
fi

export DOMAIN=congthongtin.example.vn
WORK=$(mktemp -d /tmp/portal-deploy-check.XXXXXX)
chmod 755 "$WORK"
git clone -q --bare "$ROOT" "$WORK/portal.git"
export REPO="$WORK/portal.git"
GUNICORN_PID=""
NGINX_STARTED=0
STEP_TIMEOUT=600

cleanup() {
  if [ -n "$GUNICORN_PID" ]; then
    kill -TERM "$GUNICORN_PID" 2>/dev/null || true
    timeout 45 tail --pid="$GUNICORN_PID" -f /dev/null 2>/dev/null || true
  fi
  if [ "$NGINX_STARTED" = 1 ]; then nginx -s quit 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "== Xóa trạng thái của lần chạy trước (nếu có)"
nginx -s quit 2>/dev/null || true
rm -rf /srv/portal /var/lib/portal /etc/portal.env /etc/nginx/sites-enabled/portal \
  /etc/nginx/sites-available/portal /etc/ssl/portal /etc/systemd/system/portal.service
runuser -u postgres -- dropdb --if-exists --force congthongtin
runuser -u postgres -- dropuser --if-exists portal
if id portal >/dev/null 2>&1; then deluser --quiet --system portal; fi
getent group portal >/dev/null && delgroup --quiet --system portal || true

start_gunicorn() {
  echo "-- thay cho systemctl enable --now portal: ExecStart của deploy/portal.service"
  (cd /srv/portal/app && exec runuser -u portal -- /bin/sh -c \
    'set -a; . /etc/portal.env; set +a; exec /srv/portal/venv/bin/gunicorn -c gunicorn.conf.py' \
    >"$WORK/gunicorn.log" 2>&1) &
  GUNICORN_PID=$!
  for _ in $(seq 600); do
    curl -fsS -o /dev/null -H "Host: $DOMAIN" http://127.0.0.1:8000/healthz 2>/dev/null && return 0
    sleep 0.1
  done
  cat "$WORK/gunicorn.log" >&2
  return 1
}

start_nginx() {
  echo "-- thay cho systemctl reload nginx: nginx khởi động trực tiếp (chứng chỉ tự ký)"
  nginx
  NGINX_STARTED=1
}

# Print each fenced block of the guide as "<lang>\0<body>\0".
python3 - docs/deploy.md >"$WORK/blocks" <<'PY'
import re
import sys

text = open(sys.argv[1], encoding="utf-8").read()
for lang, body in re.findall(r"^```(\w+)\n(.*?)^```", text, flags=re.M | re.S):
    sys.stdout.write(f"{lang}\0{body}\0")
PY

ran=0
skipped=0
while IFS= read -r -d '' lang && IFS= read -r -d '' body; do
  case "$lang" in
    sh)
      if grep -q 'git clone "$REPO"' <<<"$body"; then
        # git refuses a repository owned by another user: give the guide's clone source
        # to the portal user, as a real remote would be readable by it.
        chown -R portal:portal "$REPO"
      fi
      echo "== docs/deploy.md:"
      sed 's/^/   $ /' <<<"$body"
      timeout "$STEP_TIMEOUT" bash -euo pipefail -c "$body"
      ran=$((ran + 1))
      ;;
    shell)
      if grep -q "systemctl enable --now portal" <<<"$body"; then
        start_gunicorn
      elif grep -q "systemctl reload nginx" <<<"$body" && [ "$NGINX_STARTED" = 0 ]; then
        start_nginx
      elif grep -q "curl -fsS --resolve" <<<"$body"; then
        echo "-- $body (thêm -k: chứng chỉ tự ký)"
        bash -euo pipefail -c "${body/curl -fsS/curl -kfsS}"
        echo
      else
        echo "-- không chạy được ở đây: $(head -n 1 <<<"$body")"
      fi
      skipped=$((skipped + 1))
      ;;
  esac
done <"$WORK/blocks"

echo "== Kiểm tra qua nginx, HTTPS, $DOMAIN -> 127.0.0.1"
https() { curl -ksS --resolve "$DOMAIN:443:127.0.0.1" "$@"; }
fail() { echo "SAI: $*" >&2; exit 1; }

/srv/portal/app/deploy/manage.sh shell -c '
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from tests.factories import make_article
default_storage.save("kiem-thu/trien-khai.txt", ContentFile("Triển khai đúng.".encode()))
make_article(title="Bài kiểm tra triển khai", slug="bai-kiem-tra-trien-khai")
' >/dev/null

[ "$(curl -s -o /dev/null -w '%{http_code}' -H "Host: $DOMAIN" "http://127.0.0.1/")" = 301 ] \
  || fail "cổng 80 không chuyển sang HTTPS"
home=$(https -w '\n%{http_code}' "https://$DOMAIN/")
[ "$(tail -n 1 <<<"$home")" = 200 ] || fail "trang chủ không trả 200"
grep -q "Bài kiểm tra triển khai" <<<"$home" || fail "trang chủ không có bài vừa đăng"
article=$(https -o /dev/null -w '%{http_code}' "https://$DOMAIN/tin-tuc/bai-kiem-tra-trien-khai/")
[ "$article" = 200 ] || fail "trang bài viết trả $article"
css=$(grep -o '/static/css/site\.[0-9a-f]*\.css' <<<"$home" | head -n 1)
[ -n "$css" ] || fail "trang chủ không dùng tên tệp tĩnh có mã băm"
https -D - -o /dev/null "https://$DOMAIN$css" | grep -qi '^cache-control: .*immutable' \
  || fail "tệp tĩnh $css không có Cache-Control immutable"
[ "$(https "https://$DOMAIN/media/kiem-thu/trien-khai.txt")" = "Triển khai đúng." ] \
  || fail "nginx không phục vụ tệp media"
https -fsS "https://$DOMAIN/readyz" | grep -q '"status": "ok"' || fail "/readyz không ok"
https -D - -o /dev/null "https://$DOMAIN/" | grep -qi '^strict-transport-security: max-age=31536000' \
  || fail "thiếu HSTS"
grep -q '"logger": "portal.request"' "$WORK/gunicorn.log" || fail "không có dòng nhật ký JSON"

echo "ĐÚNG: $ran khối lệnh sh của docs/deploy.md đã chạy, $skipped khối shell thay thế/bỏ qua;"
echo "      trang chủ, bài viết, tệp tĩnh (immutable), media (nginx), /readyz, HSTS qua HTTPS."
