"""The demo's links and a planned-downtime notice, added when ``load_demo`` runs.

Idempotent: a link is keyed by its site and address, the notice by its site and text; an
existing row is never changed, so an editor's edits survive a rerun.
"""

import io
from datetime import timedelta
from math import cos, pi, sin

from django.core.files.base import ContentFile
from django.dispatch import receiver
from django.utils import timezone
from PIL import Image, ImageDraw

from news.signals import demo_loaded

from .models import DowntimeNotice, Link

PROVINCE = "tphcm"
NATIONAL_LINKS = [
    ("Cổng Dịch vụ công quốc gia", "https://dichvucong.gov.vn/", (11, 61, 145)),
    ("Cổng Thông tin điện tử Chính phủ", "https://chinhphu.vn/", (139, 26, 26)),
    ("Cơ sở dữ liệu quốc gia về văn bản pháp luật", "https://vbpl.vn/", None),
]
PROVINCE_LINKS = [
    ("Cổng Dịch vụ công Thành phố Hồ Chí Minh", "https://dichvucong.hochiminhcity.gov.vn/", None),
    (
        "Cổng Thông tin điện tử Thành phố Hồ Chí Minh",
        "https://hochiminhcity.gov.vn/",
        (46, 125, 50),
    ),
    ("Cổng thông tin điện tử Bộ Nội vụ", "https://moha.gov.vn/", None),
]
CITY_PORTAL = "https://hochiminhcity.gov.vn/"
NOTICE_TEXT = (
    "Cổng thông tin điện tử Thành phố và các trang thông tin điện tử phường, xã tạm ngừng "
    "hoạt động để nâng cấp máy chủ và phần mềm."
)
# Announced three weeks ahead (more than the 7 working days Nghị định 224 asks, Tết
# included), at night.
NOTICE_DAYS_AHEAD = 21
NOTICE_HOURS = 4


def logo_png(colour):
    """Return a small emblem as PNG: a star on a round badge, drawn by Pillow."""
    size = 192
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((4, 4, size - 4, size - 4), fill=colour)
    centre, outer, inner = size / 2, size * 0.36, size * 0.15
    points = [
        (centre + (outer if i % 2 == 0 else inner) * sin(i * pi / 5),
         centre - (outer if i % 2 == 0 else inner) * cos(i * pi / 5))
        for i in range(10)
    ]  # fmt: skip
    draw.polygon(points, fill=(242, 183, 5))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def ensure_links(site, specs):
    for position, (title, url, colour) in enumerate(specs, start=1):
        if Link.objects.filter(site=site, url=url).exists():
            continue
        link = Link(site=site, title=title, url=url, position=position)
        if colour is not None:
            name = f"lien-ket-{site.pk}-{position}.png"
            link.logo.save(name, ContentFile(logo_png(colour), name=name), save=False)
        link.save()


@receiver(demo_loaded, dispatch_uid="engagement-demo")
def add_demo(sender, sites, now=None, **kwargs):
    """Give every demo site its links, and the city portal a notice shown on all sites."""
    now = now or timezone.now()
    for key, site in sites.items():
        # The city portal does not link to itself; its wards do.
        own = [spec for spec in PROVINCE_LINKS if key != PROVINCE or spec[1] != CITY_PORTAL]
        ensure_links(site, NATIONAL_LINKS + own)
    province = sites.get(PROVINCE)
    if (
        province is None
        or DowntimeNotice.objects.filter(site=province, message=NOTICE_TEXT).exists()
    ):
        return
    local = timezone.localtime(now)
    stop = (local + timedelta(days=NOTICE_DAYS_AHEAD)).replace(
        hour=22, minute=0, second=0, microsecond=0
    )
    DowntimeNotice.objects.create(
        site=province,
        message=NOTICE_TEXT,
        show_from=now,
        stop_at=stop,
        restore_at=stop + timedelta(hours=NOTICE_HOURS),
        on_components=True,
    )
