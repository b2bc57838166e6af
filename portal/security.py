"""Sign-in protection glue: which client address django-axes locks out."""

from ipaddress import ip_address

from counters.reader import client_ip as counted_client_ip


def axes_client_ip(request):
    """Return the client IP as the counters see it (trusted proxies only), or None.

    None when there is no address at all (Django's force_login, a management command):
    axes stores the address in an IP column, which refuses counters' "unknown".
    """
    address = counted_client_ip(request)
    try:
        ip_address(address)
    except ValueError:
        return None
    return address
