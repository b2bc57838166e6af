"""Forms editors use in admin for documents and attachments."""

from django import forms

from news.forms import NamedSplitDateTime

from . import uploads
from .models import Attachment, Document


class AttachmentForm(forms.ModelForm):
    """An attachment row: the file is checked by its content before anything is stored."""

    class Meta:
        model = Attachment
        fields = ("file", "name", "position")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A tabular inline's inputs have a column header but no <label>: name each one.
        for field in self.fields.values():
            field.widget.attrs.setdefault("aria-label", str(field.label).capitalize())

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is not None and hasattr(upload, "content_type"):  # a new upload
            uploads.prepare(self.instance, upload)
        return upload

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("name") and self.instance.name:
            cleaned["name"] = self.instance.name  # the uploaded file's own name
        return cleaned


class DocumentAdminForm(forms.ModelForm):
    class Meta:
        model = Document
        fields = "__all__"
        widgets = {
            "publish_at": NamedSplitDateTime("xuất bản"),
            "summary": forms.Textarea(attrs={"rows": 3}),
        }
