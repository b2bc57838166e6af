"""Checks for images editors upload: covers and pictures in an article body.

A file is accepted for what Pillow finds inside it, never for its name or the browser's
content type. Size and pixel count are checked before the image is decoded, so a small
file that claims huge dimensions (a decompression bomb) is refused without using memory.
"""

import functools
import io
import os
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from imagekit import hashers
from imagekit.utils import suggest_extension
from PIL import Image, ImageOps

# Formats browsers show everywhere; anything else (TIFF, BMP, PSD, SVG...) is refused.
ALLOWED_FORMATS = ("JPEG", "PNG", "WEBP", "GIF")
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
BYTES_PER_MEGABYTE = 1024 * 1024
PIXELS_PER_MEGAPIXEL = 1_000_000

MESSAGE_EMPTY = "Tệp ảnh rỗng (0 byte). Vui lòng chọn lại ảnh."
MESSAGE_TOO_BIG = "Ảnh quá lớn ({size}). Dung lượng tối đa là {limit}."
MESSAGE_NOT_IMAGE = (
    "Tệp này không phải là ảnh hợp lệ. Chỉ nhận ảnh JPEG, PNG, WebP hoặc GIF "
    "(kiểm tra theo nội dung tệp, không theo tên tệp)."
)
MESSAGE_BROKEN = "Ảnh bị hỏng hoặc tải lên chưa hết. Vui lòng lưu lại ảnh rồi tải lên lần nữa."
MESSAGE_TOO_MANY_PIXELS = (
    "Kích thước ảnh quá lớn ({width} × {height} điểm ảnh, khoảng {megapixels} megapixel). "
    "Tối đa {limit} megapixel; hãy thu nhỏ ảnh trước khi tải lên."
)


@dataclass(frozen=True)
class CheckedImage:
    """What validate_image() learnt about an accepted upload."""

    format: str
    width: int
    height: int
    image: Image.Image

    @property
    def extension(self):
        """Return the file extension matching the real format: "jpg", "png", ..."""
        return EXTENSIONS[self.format]

    @property
    def content_type(self):
        """Return the MIME type of the real format."""
        return Image.MIME[self.format]


def _format_megapixels(pixels):
    return f"{pixels / PIXELS_PER_MEGAPIXEL:.1f}".replace(".", ",")


def validate_image(upload, *, max_bytes=None, max_pixels=None):
    """Return a CheckedImage for `upload`, or raise ValidationError with a Vietnamese message.

    `upload` is a Django UploadedFile (or any file object with .size). Limits default to
    settings.COVER_MAX_BYTES and settings.COVER_MAX_PIXELS.
    """
    max_bytes = settings.COVER_MAX_BYTES if max_bytes is None else max_bytes
    max_pixels = settings.COVER_MAX_PIXELS if max_pixels is None else max_pixels

    size = upload.size
    if not size:
        raise ValidationError(MESSAGE_EMPTY, code="empty")
    if size > max_bytes:
        raise ValidationError(
            MESSAGE_TOO_BIG.format(size=filesizeformat(size), limit=filesizeformat(max_bytes)),
            code="file_too_big",
        )

    with warnings.catch_warnings():
        # Pillow only warns between MAX_IMAGE_PIXELS and twice that; treat it as refusal.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            upload.seek(0)
            # open() reads the header only: format and dimensions, no pixel data yet.
            image = Image.open(upload, formats=ALLOWED_FORMATS)
            width, height = image.size
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise ValidationError(
                "Kích thước ảnh quá lớn, có thể là ảnh độc hại. Tối đa "
                f"{_format_megapixels(max_pixels)} megapixel.",
                code="too_many_pixels",
            ) from exc
        except Exception as exc:  # Pillow raises many types for garbage input.
            raise ValidationError(MESSAGE_NOT_IMAGE, code="invalid_image") from exc

        if width * height > max_pixels:
            raise ValidationError(
                MESSAGE_TOO_MANY_PIXELS.format(
                    width=width,
                    height=height,
                    megapixels=_format_megapixels(width * height),
                    limit=_format_megapixels(max_pixels),
                ),
                code="too_many_pixels",
            )

        try:
            # verify() checks the structure without decoding; load() then decodes the
            # pixels, which catches files cut short during the upload.
            image.verify()
            upload.seek(0)
            image = Image.open(upload, formats=ALLOWED_FORMATS)
            image.load()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise ValidationError(MESSAGE_NOT_IMAGE, code="invalid_image") from exc
        except Exception as exc:
            raise ValidationError(MESSAGE_BROKEN, code="broken_image") from exc
        finally:
            upload.seek(0)

    return CheckedImage(format=image.format, width=width, height=height, image=image)


# Pictures in an article body are shown at most this wide; larger uploads are scaled down.
BODY_IMAGE_MAX_WIDTH = 1600
BODY_IMAGE_QUALITY = 85
# Animated GIFs would lose their frames if re-encoded; they are stored as uploaded.
REENCODED_FORMATS = ("JPEG", "PNG", "WEBP")


def body_image_file(upload, checked):
    """Return the bytes to store for a picture in an article body, as a BytesIO.

    JPEG, PNG and WebP are turned upright from their EXIF orientation, scaled down to
    BODY_IMAGE_MAX_WIDTH and re-encoded without metadata: readers get a light file, and
    the camera's GPS position and serial number do not travel with it. GIFs are kept as is.
    """
    upload.seek(0)
    if checked.format not in REENCODED_FORMATS:
        return io.BytesIO(upload.read())
    image = ImageOps.exif_transpose(Image.open(upload, formats=ALLOWED_FORMATS))
    if image.width > BODY_IMAGE_MAX_WIDTH:
        height = round(image.height * BODY_IMAGE_MAX_WIDTH / image.width)
        image = image.resize((BODY_IMAGE_MAX_WIDTH, height), Image.Resampling.LANCZOS)
    options = {"optimize": True}
    if checked.format in {"JPEG", "WEBP"}:
        options["quality"] = BODY_IMAGE_QUALITY
    if checked.format == "JPEG" and image.mode not in {"RGB", "L", "CMYK"}:
        image = image.convert("RGB")
    output = io.BytesIO()
    image.save(output, format=checked.format, **options)
    output.seek(0)
    return output


@functools.lru_cache(maxsize=64)
def _processing_hash(spec_class):
    # Everything that shapes a rendition but the source, hashed once per spec and process.
    spec = spec_class.__new__(spec_class)
    return hashers.pickle([spec.processors, spec.format, spec.options, spec.autoconvert])[:12]


def rendition_name(generator):
    """Return where imagekit stores a rendition: next to its source's name, per spec.

    imagekit's default namer pickles the spec (processors included) on every URL it
    builds, a dozen times per article in a list (docs/performance.md). Here the spec's
    part is hashed once per process; a change of processing still gives new names.
    """
    source = generator.source.name
    folder = os.path.join(settings.IMAGEKIT_CACHEFILE_DIR, os.path.splitext(source)[0])
    extension = suggest_extension(source, generator.format)
    return f"{folder}/{_processing_hash(type(generator))}{extension}"


# The cover renditions pages link to: (attribute of Article, key in rendition_urls()).
COVER_RENDITIONS = {
    **{
        f"cover_{width}_{fmt}": f"w{width}_{fmt}"
        for width in (320, 640, 1024)
        for fmt in ("webp", "jpeg")
    },
    "cover_1200_jpeg": "w1200_jpeg",  # link previews and structured data
}
MAX_REMEMBERED_COVERS = 10_000
_cover_urls = {}


def rendition_urls(article, field="cover", renditions=COVER_RENDITIONS):
    """Return {"w320_webp": url, ...}: the URLs of an article's cover renditions.

    Or of another picture's: `field` names its image field, `renditions` maps its spec
    attributes to keys (medialib's body pictures). They depend only on the file's name,
    so each is built by imagekit once per process (22 µs apiece, seven per cover: a home
    page of twenty covers spent 2.6 ms on them). Signed S3 URLs expire, so with
    AWS_QUERYSTRING_AUTH they are built every time.
    """
    name = getattr(article, field).name
    if not name:
        return {}
    urls = _cover_urls.get(name)
    if urls is None:
        urls = {key: getattr(article, attr).url for attr, key in renditions.items()}
        if getattr(settings, "AWS_QUERYSTRING_AUTH", False):
            return urls
        if len(_cover_urls) >= MAX_REMEMBERED_COVERS:
            _cover_urls.clear()
        _cover_urls[name] = urls
    return urls
