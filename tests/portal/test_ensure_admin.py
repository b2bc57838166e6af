"""`manage.py ensure_admin`: the admin account `make run` creates and prints."""

import stat
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def ensure_admin(password_file):
    """Return what the command printed."""
    out = StringIO()
    call_command("ensure_admin", password_file=str(password_file), stdout=out)
    return out.getvalue()


def test_creates_a_superuser_whose_stored_password_signs_in(tmp_path):
    """The account is a superuser and the password in the file is its password."""
    password_file = tmp_path / "admin-password"
    ensure_admin(password_file)
    user = get_user_model().objects.get(username="admin")
    assert user.is_superuser and user.is_staff and user.is_active
    assert user.check_password(password_file.read_text().strip())


def test_password_file_is_readable_by_its_owner_only(tmp_path):
    """The password file has mode 600."""
    password_file = tmp_path / "admin-password"
    ensure_admin(password_file)
    assert stat.S_IMODE(password_file.stat().st_mode) == 0o600


def test_prints_the_username_and_password(tmp_path):
    """The output says where to sign in and with what."""
    password_file = tmp_path / "admin-password"
    output = ensure_admin(password_file)
    assert "/quan-tri/" in output
    assert "admin" in output
    assert password_file.read_text().strip() in output


def test_password_is_generated_not_fixed(tmp_path):
    """Two fresh databases get two different, long passwords."""
    first_file, second_file = tmp_path / "first", tmp_path / "second"
    ensure_admin(first_file)
    get_user_model().objects.all().delete()
    ensure_admin(second_file)
    first, second = first_file.read_text().strip(), second_file.read_text().strip()
    assert first != second
    assert min(len(first), len(second)) >= 20


def test_second_run_keeps_the_account_and_password(tmp_path):
    """Running again changes nothing: same user, same password, still valid."""
    password_file = tmp_path / "admin-password"
    ensure_admin(password_file)
    user_before = get_user_model().objects.get(username="admin")
    password = password_file.read_text()
    output = ensure_admin(password_file)
    user_after = get_user_model().objects.get(username="admin")
    assert password_file.read_text() == password
    assert user_after.password == user_before.password
    assert "đã có sẵn" in output


def test_a_lost_password_file_gets_a_new_working_password(tmp_path):
    """Without the file, the existing account gets a new password, printed and stored."""
    password_file = tmp_path / "admin-password"
    ensure_admin(password_file)
    old = password_file.read_text().strip()
    password_file.unlink()
    ensure_admin(password_file)
    new = password_file.read_text().strip()
    user = get_user_model().objects.get(username="admin")
    assert new != old
    assert user.check_password(new)
    assert not user.check_password(old)
