"""The rating form's endpoint: a one-click answer from any rateable page, cached or not.

Every refusal is a Vietnamese page with the reader's comment kept, never a 500: a forged
or mangled form and an unknown item (400), a post from another site (403), a comment too
long (400, the form shown again with it), a flood (429).
"""

import time

from django.template.response import TemplateResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from portal.content import clean_text

from . import ratings
from .models import COMMENT_MAX_LENGTH
from .targets import find

ANSWERS = {"co": True, "khong": False}
# What is read of a posted comment: enough to say it is too long, and show it back.
COMMENT_READ_LIMIT = 20_000

# Each refusal in Vietnamese and, for a form posted from an English page, in English.
MESSAGE_FORGED = (
    "Biểu mẫu đánh giá không hợp lệ (có thể đã bị sửa đổi). Hãy mở lại trang rồi đánh giá lại.",
    "The rating form is not valid (it may have been altered). Please open the page again "
    "and rate it again.",
)
MESSAGE_UNKNOWN = (
    "Không tìm thấy nội dung bạn muốn đánh giá: có thể nội dung đã được gỡ xuống.",
    "The page you wanted to rate was not found: it may have been taken down.",
)
MESSAGE_NO_ANSWER = (
    "Hãy chọn “Có” hoặc “Không” để gửi đánh giá.",
    "Please choose “Yes” or “No” to send your rating.",
)
MESSAGE_TOO_LONG = (
    "Góp ý dài {length} ký tự, vượt quá {limit} ký tự cho phép. Hãy rút gọn rồi gửi lại; "
    "nội dung bạn đã viết vẫn còn dưới đây.",
    "Your comment is {length} characters long, more than the {limit} allowed. Please "
    "shorten it and send it again; what you wrote is still below.",
)
MESSAGE_OTHER_SITE = (
    "Đánh giá chỉ được gửi từ trang của cổng thông tin này. Hãy mở trang rồi đánh giá lại.",
    "Ratings can only be sent from this portal's own pages. Please open the page and rate "
    "it there.",
)
MESSAGE_FLOOD = (
    "Bạn đã gửi quá nhiều đánh giá trong thời gian ngắn. Vui lòng thử lại sau ít phút.",
    "You have sent too many ratings in a short time. Please try again in a few minutes.",
)
ENGLISH = "en"


def _refused(request, status, message, english, target=None, comment="", signed="", **values):
    vietnamese, in_english = (text.format(**values) for text in message)
    template = "engagement/en/rating_refused.html" if english else "engagement/rating_refused.html"
    return TemplateResponse(
        request,
        template,
        {
            "message": vietnamese,
            "message_en": in_english,
            "target": target,
            "comment": comment,
            "signed": signed,
            "comment_limit": COMMENT_MAX_LENGTH,
        },
        status=status,
    )


@csrf_exempt  # anonymous and token-free by design: engagement.ratings says why
@require_POST
def rate(request):
    """Record a reader's rating and thank them, or say in Vietnamese why it was refused
    (in English first, for a form of an English page)."""
    raw_comment = request.POST.get("y_kien", "")
    comment = clean_text(raw_comment[:COMMENT_READ_LIMIT]).strip()
    # Only which language to answer in: the item itself is in the signed field.
    english = request.POST.get("ngon_ngu") == ENGLISH
    if not ratings.within_flood_limit(ratings.reader_address(request), time.time()):
        return _refused(request, 429, MESSAGE_FLOOD, english, comment=comment)
    if not ratings.same_site_origin(request):
        return _refused(request, 403, MESSAGE_OTHER_SITE, english, comment=comment)
    signed = request.POST.get("muc", "")[:500]
    item = ratings.unsigned_target(signed)
    if item is None:
        return _refused(request, 400, MESSAGE_FORGED, english, comment=comment)
    target = find(*item, request.site.pk)
    if target is None:
        return _refused(request, 400, MESSAGE_UNKNOWN, english, comment=comment)
    english = english and bool(target.english_url)
    if len(comment) > COMMENT_MAX_LENGTH:
        return _refused(request, 400, MESSAGE_TOO_LONG, english, target, comment, signed,
                        length=len(raw_comment), limit=COMMENT_MAX_LENGTH)  # fmt: skip
    useful = ANSWERS.get(request.POST.get("huu_ich"))
    if useful is None:
        return _refused(request, 400, MESSAGE_NO_ANSWER, english, target, comment, signed)
    first = ratings.record(target, ratings.reader_address(request), useful, comment)
    template = "engagement/en/rating_thanks.html" if english else "engagement/rating_thanks.html"
    return TemplateResponse(request, template, {"target": target, "first": first})
