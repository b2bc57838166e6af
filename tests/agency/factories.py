"""Builders for the agency's test data: each returns a saved object, any field overridable."""

import io
import itertools

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from agency.models import AgencyInfo, Leader, Page
from tests.factories import FIRST_SITE_ID

_seq = itertools.count(1)


def make_page(**overrides):
    """Return a published top-level page of the first site unless overrides say otherwise."""
    n = next(_seq)
    fields = {
        "title": f"Trang số {n}",
        "body": f"<p>Nội dung trang số {n}.</p>",
        "status": Page.Status.PUBLISHED,
        "position": n,
    }
    if "site" not in overrides and "site_id" not in overrides:
        fields["site_id"] = FIRST_SITE_ID
    fields.update(overrides)
    page = Page(**fields)
    page.save()
    return page


def make_leader(**overrides):
    n = next(_seq)
    fields = {"name": f"Nguyễn Văn Số {n}", "position": "Phó Chủ tịch", "order": n}
    if "site" not in overrides and "site_id" not in overrides:
        fields["site_id"] = FIRST_SITE_ID
    fields.update(overrides)
    return Leader.objects.create(**fields)


def make_info(**overrides):
    fields = {
        "full_name": "Ủy ban nhân dân phường Thử Nghiệm",
        "parent_body": "Ủy ban nhân dân Thành phố",
        "address": "12 Đường Số 1, phường Thử Nghiệm",
        "phone": "028 3800 0001",
        "fax": "028 3800 0002",
        "email": "ubnd@thunghiem.gov.vn",
        "responsible_person": "Trần Thị Bình – Phó Chủ tịch",
        "licence": "Giấy phép số 01/GP-TTĐT",
        "map_url": "https://www.openstreetmap.org/?mlat=10.7&mlon=106.6",
    }
    if "site" not in overrides and "site_id" not in overrides:
        fields["site_id"] = FIRST_SITE_ID
    fields.update(overrides)
    return AgencyInfo.objects.create(**fields)


def jpeg_upload(name="chan-dung.jpg", size=(300, 400)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (120, 140, 160)).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")
