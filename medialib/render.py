"""Body pictures as readers get them: renditions like covers, done at render by one function.

At render, not at save: the stored body stays what the editor and the sanitizer know
(a plain <img>), and a library picture renamed, re-made or deleted shows at once.
"""

import html
import re

from django.conf import settings
from django.utils.safestring import mark_safe

from news.images import rendition_urls
from news.models import fetch

from .models import RENDITION_WIDTHS, RENDITIONS, MediaFile

# An <img> as news.text.clean_html() writes it: name="value" attributes, no '"' inside.
_IMG = re.compile(r'<img((?: [a-z-]+="[^"]*")*)>')
_ATTRIBUTE = re.compile(r' ([a-z-]+)="([^"]*)"')
# The body column is at most 760 px wide (site.css); a floated picture takes half.
SIZES = "(min-width: 50em) 760px, 100vw"
FLOATED_SIZES = "(min-width: 50em) 380px, 50vw"
FLOATED = ("image-left", "image-right")


def _stored_name(src):
    media_url = settings.MEDIA_URL
    return html.unescape(src)[len(media_url) :] if src.startswith(media_url) else None


def _dimensions(attributes, media):
    """Return (width, height) to write: the editor's if set, else the stored picture's."""
    width, height = attributes.get("width"), attributes.get("height")
    if width and height:
        return width, height
    if not (media.width and media.height):
        return None, None
    if width and width.isdigit():
        return width, str(round(int(width) * media.height / media.width))
    if height and height.isdigit():
        return str(round(int(height) * media.width / media.height)), height
    return str(media.width), str(media.height)


def _srcset(urls, fmt, widths):
    return ", ".join(f"{urls[f'w{w}_{fmt}']} {w}w" for w in widths)


def _picture(attributes, media, loading):
    width, height = _dimensions(attributes, media)
    attributes = {**attributes, "loading": loading, "decoding": "async"}
    if width:
        attributes.update(width=width, height=height)
    if not attributes.get("alt") and media.alt:
        attributes["alt"] = html.escape(media.alt)
    if not media.has_renditions:
        return "<img" + "".join(f' {k}="{v}"' for k, v in attributes.items()) + ">"
    urls = rendition_urls(media, field="file", renditions=RENDITIONS)
    # No rendition wider than the picture: ResizeToFit never enlarges.
    widths = [w for w in RENDITION_WIDTHS if w <= (media.width or 0)] or [RENDITION_WIDTHS[0]]
    floated = set(attributes.get("class", "").split()) & set(FLOATED)
    sizes = FLOATED_SIZES if floated else SIZES
    attributes.update(
        src=urls[f"w{widths[min(1, len(widths) - 1)]}_jpeg"],
        srcset=_srcset(urls, "jpeg", widths),
        sizes=sizes,
    )
    # The class stays on <img>, which the alignment rules style.
    img = "<img" + "".join(f' {k}="{v}"' for k, v in attributes.items()) + ">"
    webp = _srcset(urls, "webp", widths)
    return f'<picture><source type="image/webp" srcset="{webp}" sizes="{sizes}">{img}</picture>'


def body_pictures(body):
    """Return the sanitized `body` with its library pictures as <picture> renditions.

    One query when the body holds uploaded pictures, none otherwise. The first picture
    loads at once, the others lazily; every one gets its width and height.
    """
    if "<img" not in body:
        return mark_safe(body)
    images = [(match, dict(_ATTRIBUTE.findall(match[1]))) for match in _IMG.finditer(body)]
    names = {_stored_name(attrs.get("src", "")) for _m, attrs in images} - {None}
    # Plain SQL: compiling the ORM query cost more than running it (news.models.fetch).
    found = fetch(MediaFile, '"file" = ANY(%s)', [sorted(names)]) if names else []
    library = {media.file.name: media for media in found}
    out, position = [], 0
    for index, (match, attributes) in enumerate(images):
        loading = "eager" if index == 0 else "lazy"
        media = library.get(_stored_name(attributes.get("src", "")))
        if media is not None:
            replacement = _picture(attributes, media, loading)
        else:
            attributes.setdefault("loading", loading)
            replacement = "<img" + "".join(f' {k}="{v}"' for k, v in attributes.items()) + ">"
        out += [body[position : match.start()], replacement]
        position = match.end()
    out.append(body[position:])
    # Only attributes of the sanitized body and URLs of our renditions were written.
    return mark_safe("".join(out))
