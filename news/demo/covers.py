"""Cover pictures for the demo articles, drawn with Pillow so no image files are shipped."""

import io
import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

COVER_SIZE = (1600, 900)
JPEG_QUALITY = 85
GRADIENT_SCALE = 4
# DejaVu covers Vietnamese; Pillow's built-in font is the fallback on a machine without it.
FONT_PATHS = [
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
    Path("/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf"),
]
TITLE_FONT_SIZE = 96
LABEL_FONT_SIZE = 44

# Two gradient ends per category, in the portal's red/gold official palette and friends.
PALETTES = {
    "tin-tuc-su-kien": ((164, 22, 26), (236, 160, 40)),
    "xay-dung-dang": ((140, 10, 20), (214, 48, 49)),
    "kiem-tra-giam-sat": ((90, 24, 60), (190, 70, 90)),
    "kinh-te-xa-hoi": ((14, 80, 140), (46, 170, 200)),
    "van-hoa-giao-duc": ((30, 110, 60), (150, 200, 80)),
    "cai-cach-hanh-chinh": ((40, 50, 110), (110, 120, 210)),
}
DEFAULT_PALETTE = ((60, 60, 60), (160, 160, 160))


def _font(size):
    for path in FONT_PATHS:
        if path.is_file():
            return ImageFont.truetype(str(path), size)
    return ImageFont.load_default(size=size)


def draw_cover(seed, category_slug, title, label):
    """Return JPEG bytes: a diagonal gradient, translucent shapes, `title` and `label`."""
    rng = random.Random(seed)
    width, height = COVER_SIZE
    start, end = PALETTES.get(category_slug, DEFAULT_PALETTE)

    # A 256-step gradient stretched over a square twice the diagonal, turned, then cut to
    # size: a smooth diagonal blend with no empty corners. Done at a quarter of the size
    # and scaled up, since a blend this smooth loses nothing by it.
    small_w, small_h = width // GRADIENT_SCALE, height // GRADIENT_SCALE
    side = 2 * int((small_w**2 + small_h**2) ** 0.5)
    angle = rng.choice([25, 35, 45, 60, 120, 150])
    square = Image.linear_gradient("L").resize((side, side), Image.Resampling.BILINEAR)
    left, top = (side - small_w) // 2, (side - small_h) // 2
    mask = (
        square.rotate(angle, Image.Resampling.BILINEAR)
        .crop((left, top, left + small_w, top + small_h))
        .resize(COVER_SIZE, Image.Resampling.BILINEAR)
    )
    image = Image.composite(
        Image.new("RGB", COVER_SIZE, end), Image.new("RGB", COVER_SIZE, start), mask
    )

    overlay = Image.new("RGBA", COVER_SIZE, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    for _ in range(7):
        x, y = rng.randrange(width), rng.randrange(height)
        r = rng.randrange(80, 360)
        alpha = rng.randrange(30, 90)
        if rng.random() < 0.6:
            draw.ellipse((x - r, y - r, x + r, y + r), fill=(255, 255, 255, alpha))
        else:
            draw.rectangle((x - r, y - r // 2, x + r, y + r // 2), fill=(255, 230, 160, alpha))
    # A dark band so the text stays readable whatever the shapes did.
    draw.rectangle((0, height - 300, width, height), fill=(0, 0, 0, 110))
    image = Image.alpha_composite(image.convert("RGBA"), overlay).convert("RGB")

    # Centred, so the thumbnails that crop the sides of the cover still show the title.
    text = ImageDraw.Draw(image)
    text.text(
        (width // 2, height - 190), title, font=_font(TITLE_FONT_SIZE), fill="white", anchor="mm"
    )
    text.text(
        (width // 2, height - 80),
        label,
        font=_font(LABEL_FONT_SIZE),
        fill=(255, 225, 150),
        anchor="mm",
    )

    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True)
    return buffer.getvalue()
