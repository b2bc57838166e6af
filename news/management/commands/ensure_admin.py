"""Make sure a superuser exists for local development and print how to sign in."""

import os
import secrets
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.urls import reverse

DEFAULT_USERNAME = "admin"
PASSWORD_BYTES = 18  # token_urlsafe(18): 24 characters, about 144 bits of randomness
PASSWORD_FILE_MODE = 0o600


def read_password(path):
    """Return the password stored in `path`, or "" when there is none."""
    try:
        return path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return ""


def write_password(path, password):
    """Store `password` in `path`, readable by its owner only."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PASSWORD_FILE_MODE)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(password + "\n")
    # O_CREAT's mode applies only to a new file; an older, looser file is tightened too.
    os.chmod(path, PASSWORD_FILE_MODE)


class Command(BaseCommand):
    help = (
        "Tạo (nếu chưa có) tài khoản quản trị với mật khẩu ngẫu nhiên, lưu mật khẩu vào tệp "
        "chỉ chủ sở hữu đọc được, và in hướng dẫn đăng nhập. Dùng cho môi trường phát triển."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default=DEFAULT_USERNAME)
        parser.add_argument(
            "--password-file",
            default=".admin-password",
            help="Tệp lưu mật khẩu đã sinh (mặc định: .admin-password, quyền 600).",
        )

    def handle(self, *args, username, password_file, **options):
        path = Path(password_file)
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        stored = read_password(path)

        if user is None:
            password = secrets.token_urlsafe(PASSWORD_BYTES)
            User.objects.create_superuser(username=username, email="", password=password)
            write_password(path, password)
            note = "Đã tạo tài khoản quản trị mới."
        elif stored and user.check_password(stored):
            password = stored
            os.chmod(path, PASSWORD_FILE_MODE)
            note = "Tài khoản quản trị đã có sẵn."
        else:
            # The hash cannot be read back, so a lost or stale password file means the
            # printed password would not work: set a fresh one and say so.
            password = secrets.token_urlsafe(PASSWORD_BYTES)
            user.set_password(password)
            user.is_active = user.is_staff = user.is_superuser = True
            user.save()
            write_password(path, password)
            note = f"Mật khẩu trong {path} không khớp (hoặc tệp không có) nên đã đặt mật khẩu mới."

        self.stdout.write(self.style.SUCCESS(note))
        self.stdout.write(f"Đăng nhập quản trị tại {reverse('admin:index')}")
        self.stdout.write(f"  Tên đăng nhập: {username}")
        self.stdout.write(f"  Mật khẩu:      {password}   (lưu trong {path}, quyền 600)")
