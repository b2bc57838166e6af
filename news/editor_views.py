"""Endpoints the admin's rich-text editor calls; never used by readers."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.http import JsonResponse
from django.utils import timezone
from django.utils.module_loading import import_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from PIL import Image

from .images import REENCODED_FORMATS, body_image_file, validate_image
from .signals import body_image_uploaded

UPLOAD_FOLDER = "uploads"
# What the editor's file picker sends in "kind" for a file to link, not a picture.
FILE_KIND = "file"
# Editors who may write an article body may also put pictures in it.
UPLOAD_PERMISSIONS = ("news.add_article", "news.change_article")
HTTP_BAD_REQUEST = 400
HTTP_FORBIDDEN = 403


def _error(message, status):
    # TinyMCE's upload handler shows `error.message` to the editor.
    return JsonResponse({"error": {"message": message}}, status=status)


def _upload_file(request, upload):
    """Return {"location", "title"} for a file to link from the body (not a picture).

    Stored and checked by whatever settings.EDITOR_FILE_UPLOAD names (the portal wires the
    documents app there); without it, only pictures are accepted.
    """
    if not settings.EDITOR_FILE_UPLOAD:
        return _error("Chỉ tải lên được ảnh.", HTTP_BAD_REQUEST)
    try:
        answer = import_string(settings.EDITOR_FILE_UPLOAD)(request, upload)
    except ValidationError as exc:
        return _error(" ".join(exc.messages), HTTP_BAD_REQUEST)
    return JsonResponse(answer)


def can_upload(user):
    """Return whether `user` may upload pictures for article bodies."""
    return (
        user.is_authenticated
        and user.is_active
        and user.is_staff
        and any(user.has_perm(perm) for perm in UPLOAD_PERMISSIONS)
    )


@never_cache
@require_POST
def upload_image(request):
    """Return {"location": url} for a picture TinyMCE uploads, after the cover checks.

    The file is stored as media/uploads/YYYY/MM/<random>.<real extension>: the editor's
    file name is never used, so it cannot collide, overwrite or carry a misleading extension.
    It is scaled and stripped of metadata first (see news.images.body_image_file).
    CSRF protection applies as for any POST; the editor sends the token in X-CSRFToken.
    """
    if not can_upload(request.user):
        return _error("Bạn không có quyền tải ảnh lên.", HTTP_FORBIDDEN)
    upload = request.FILES.get("file")
    if request.POST.get("kind") == FILE_KIND or request.GET.get("kind") == FILE_KIND:
        return _upload_file(request, upload)
    if upload is None:
        return _error("Không nhận được tệp ảnh nào.", HTTP_BAD_REQUEST)
    try:
        checked = validate_image(upload)
    except ValidationError as exc:
        return _error(" ".join(exc.messages), HTTP_BAD_REQUEST)

    now = timezone.localtime()
    name = f"{UPLOAD_FOLDER}/{now:%Y/%m}/{uuid.uuid4().hex}.{checked.extension}"
    content = body_image_file(upload, checked)
    stored = default_storage.save(name, File(content))
    width, height = checked.width, checked.height
    if checked.format in REENCODED_FORMATS:
        content.seek(0)
        width, height = Image.open(content).size  # scaled down, turned upright
    body_image_uploaded.send(
        sender=upload_image,
        request=request,
        name=stored,
        original_name=upload.name or "",
        width=width,
        height=height,
        size=default_storage.size(stored),
    )
    return JsonResponse({"location": default_storage.url(stored)})
