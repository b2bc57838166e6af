#!/usr/bin/env bash
# Create the project's virtualenv with a Python 3.11 or newer.
set -euo pipefail
python="${1:-python3}"
venv="${2:-.venv}"

if ! command -v "$python" >/dev/null 2>&1; then
    echo "Không tìm thấy $python. Cần Python 3.11 trở lên (apt-get install python3 python3-venv)." >&2
    exit 1
fi
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    echo "Cần Python 3.11 trở lên; $python là $("$python" --version 2>&1)." >&2
    echo "Chỉ định bản khác: make run PYTHON=python3.12" >&2
    exit 1
fi
echo "==> Tạo môi trường ảo $venv với $("$python" --version 2>&1)..."
"$python" -m venv "$venv"
