"""The rating form's endpoint: a one-click answer from any article page, cached or not.

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

MESSAGE_FORGED = (
    "Biểu mẫu đánh giá không hợp lệ (có thể đã bị sửa đổi). Hãy mở lại trang bài viết "
    "rồi đánh giá lại."
)
MESSAGE_UNKNOWN = "Không tìm thấy nội dung bạn muốn đánh giá: có thể bài đã được gỡ xuống."
MESSAGE_NO_ANSWER = "Hãy chọn “Có” hoặc “Không” để gửi đánh giá."
MESSAGE_TOO_LONG = (
    "Góp ý dài {length} ký tự, vượt quá {limit} ký tự cho phép. Hãy rút gọn rồi gửi lại; "
    "nội dung bạn đã viết vẫn còn dưới đây."
)
MESSAGE_OTHER_SITE = (
    "Đánh giá chỉ được gửi từ trang của cổng thông tin này. Hãy mở trang bài viết rồi đánh giá lại."
)
MESSAGE_FLOOD = "Bạn đã gửi quá nhiều đánh giá trong thời gian ngắn. Vui lòng thử lại sau ít phút."


def _refused(request, status, message, target=None, comment="", signed=""):
    return TemplateResponse(
        request,
        "engagement/rating_refused.html",
        {
            "message": message,
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
    """Record a reader's rating and thank them, or say in Vietnamese why it was refused."""
    raw_comment = request.POST.get("y_kien", "")
    comment = clean_text(raw_comment[:COMMENT_READ_LIMIT]).strip()
    if not ratings.within_flood_limit(ratings.reader_address(request), time.time()):
        return _refused(request, 429, MESSAGE_FLOOD, comment=comment)
    if not ratings.same_site_origin(request):
        return _refused(request, 403, MESSAGE_OTHER_SITE, comment=comment)
    signed = request.POST.get("muc", "")[:500]
    item = ratings.unsigned_target(signed)
    if item is None:
        return _refused(request, 400, MESSAGE_FORGED, comment=comment)
    target = find(*item, request.site.pk)
    if target is None:
        return _refused(request, 400, MESSAGE_UNKNOWN, comment=comment)
    if len(comment) > COMMENT_MAX_LENGTH:
        message = MESSAGE_TOO_LONG.format(length=len(raw_comment), limit=COMMENT_MAX_LENGTH)
        return _refused(request, 400, message, target, comment, signed)
    useful = ANSWERS.get(request.POST.get("huu_ich"))
    if useful is None:
        return _refused(request, 400, MESSAGE_NO_ANSWER, target, comment, signed)
    first = ratings.record(target, ratings.reader_address(request), useful, comment)
    return TemplateResponse(
        request, "engagement/rating_thanks.html", {"target": target, "first": first}
    )
