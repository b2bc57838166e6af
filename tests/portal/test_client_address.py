"""The client address counters and sign-in lockouts use: one rule, believed from nginx only.

The documented example TRUSTED_PROXIES=127.0.0.1,10.0.0.0/8 let any intranet client name
its own address in X-Forwarded-For, past the per-IP counting ceiling and the lockout.
"""

from axes.helpers import get_client_ip_address
from django.core.management import call_command
from django.test import RequestFactory, TestCase, override_settings
from django.urls import reverse

from counters.reader import client_ip
from tests.factories import make_user

NGINX = "127.0.0.1"
INTRANET_CLIENT = "10.1.2.3"
PASSWORD = "mat-khau-dung-123"


def forwarded(remote, header):
    return RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=header)


@override_settings(TRUSTED_PROXIES=[NGINX])
def test_lockout_and_counters_read_the_same_address():
    """For every shape of request, django-axes sees the address the counters see."""
    shapes = [
        (NGINX, f"203.0.113.9, {INTRANET_CLIENT}"),  # forged entry, then what nginx saw
        (NGINX, INTRANET_CLIENT),
        (INTRANET_CLIENT, "198.51.100.1"),  # straight to gunicorn: the header is ignored
        (NGINX, "garbage, 203.0.113.5"),
        (NGINX, ""),
        ("2001:db8::1", "198.51.100.1"),
    ]
    for remote, header in shapes:
        request = forwarded(remote, header)
        assert get_client_ip_address(request) == client_ip(request), (remote, header)
    assert client_ip(forwarded(NGINX, f"203.0.113.9, {INTRANET_CLIENT}")) == INTRANET_CLIENT


@override_settings(TRUSTED_PROXIES=[NGINX], AXES_FAILURE_LIMIT=3)
class LockoutBehindNginxTests(TestCase):
    def sign_in(self, password, forged):
        # nginx appends the address it saw to whatever the client sent.
        return self.client.post(
            reverse("admin:login"),
            {"username": "bientapvien", "password": password},
            REMOTE_ADDR=NGINX,
            HTTP_X_FORWARDED_FOR=f"{forged}, {INTRANET_CLIENT}",
        )

    def test_a_new_forged_address_each_time_does_not_escape_the_lockout(self):
        """Failures from one intranet machine lock it whatever X-Forwarded-For it invents."""
        make_user("bientapvien", staff=True, password=PASSWORD)
        for n in range(3):
            self.sign_in("sai-mat-khau", forged=f"198.51.100.{n}")
        self.assertEqual(self.sign_in(PASSWORD, forged="198.51.100.77").status_code, 429)


@override_settings(TRUSTED_PROXIES=[NGINX, "10.0.0.0/8"])
def test_check_warns_about_a_trusted_range():
    """manage.py check names any entry wider than one address (counters.W001)."""
    from counters.reader import trusted_proxy_ranges

    warnings = trusted_proxy_ranges()
    assert [w.id for w in warnings] == ["counters.W001"]
    assert "10.0.0.0/8" in warnings[0].msg


@override_settings(TRUSTED_PROXIES=[NGINX, "10.0.0.11"])
def test_check_accepts_single_proxy_addresses(capsys):
    """Listing proxies one by one passes the check."""
    call_command("check", tags=["security"])
    assert "counters.W001" not in capsys.readouterr().err
