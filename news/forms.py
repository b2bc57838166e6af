"""Forms editors use in admin."""

from django import forms
from django.contrib.admin.widgets import AdminSplitDateTime
from django.urls import reverse_lazy
from tinymce.widgets import AdminTinyMCE

from .images import MESSAGE_EMPTY, validate_image
from .models import Article


class CoverImageField(forms.ImageField):
    """An image field that trusts Pillow, not the file name, and enforces the cover limits."""

    default_error_messages = {
        "empty": MESSAGE_EMPTY,
        "invalid": "Không nhận được tệp ảnh. Hãy kiểm tra kiểu mã hóa của biểu mẫu.",
        "missing": "Không nhận được tệp ảnh nào.",
    }

    def to_python(self, data):
        """Return the uploaded file with .image set, after validate_image() accepts it."""
        upload = forms.FileField.to_python(self, data)
        if upload is None:
            return None
        checked = validate_image(upload)
        upload.image = checked.image
        upload.content_type = checked.content_type
        return upload


class NamedSplitDateTime(AdminSplitDateTime):
    """Admin's date and time boxes, each with a name screen readers announce.

    Django gives a split field's <label> no for= (MultiWidget.id_for_label() is empty)
    and writes "Ngày:"/"Giờ:" beside the boxes as plain text, so both boxes had no
    accessible name (axe-core rule "label", critical). `what` completes the names:
    NamedSplitDateTime("xuất bản") -> "Ngày xuất bản", "Giờ xuất bản".
    """

    def __init__(self, what, attrs=None):
        super().__init__(attrs)
        date, time = self.widgets
        date.attrs["aria-label"] = f"Ngày {what}"
        time.attrs["aria-label"] = f"Giờ {what}"


class ArticleAdminForm(forms.ModelForm):
    class Meta:
        model = Article
        fields = "__all__"
        field_classes = {"cover": CoverImageField}
        widgets = {
            "body": AdminTinyMCE(
                mce_attrs={"images_upload_url": reverse_lazy("editor-upload-image")}
            ),
            "publish_at": NamedSplitDateTime("xuất bản"),
            "unpublish_at": NamedSplitDateTime("gỡ bài"),
        }
