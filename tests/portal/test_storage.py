"""STORAGE=s3 puts media on S3-compatible storage through django-storages."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHOW_STORAGE = (
    "import json, django; django.setup();"
    "from django.core.files.storage import storages; s = storages['default'];"
    "print(json.dumps({'class': type(s).__module__ + '.' + type(s).__name__,"
    " 'bucket': s.bucket_name, 'endpoint': s.endpoint_url, 'url': s.url('covers/a.jpg')}))"
)


def run_with(**env):
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "DJANGO_"))}
    environ.update(DEBUG="true", DJANGO_SETTINGS_MODULE="portal.settings", **env)
    return subprocess.run(
        [sys.executable, "-c", SHOW_STORAGE],
        env=environ,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_s3_storage_is_configured_from_the_environment():
    """Bucket, endpoint and public host come from AWS_* variables; URLs point there."""
    result = run_with(
        STORAGE="s3",
        AWS_STORAGE_BUCKET_NAME="congthongtin-media",
        AWS_S3_ENDPOINT_URL="https://s3.example.vn",
        AWS_S3_CUSTOM_DOMAIN="media.example.vn",
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["class"] == "storages.backends.s3.S3Storage"
    assert values["bucket"] == "congthongtin-media"
    assert values["endpoint"] == "https://s3.example.vn"
    assert values["url"] == "https://media.example.vn/covers/a.jpg"


def test_unknown_storage_is_refused_at_start():
    """A typo in STORAGE stops the process with a Vietnamese message."""
    result = run_with(STORAGE="s4")
    assert result.returncode != 0
    assert 'STORAGE phải là "filesystem" hoặc "s3"' in result.stderr
