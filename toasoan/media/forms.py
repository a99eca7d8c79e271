from django import forms
from django.core.exceptions import ValidationError
from wagtail.admin.forms import WagtailAdminModelForm

from . import services
from .models import LANGUAGES, MediaUpload


class MediaForm(WagtailAdminModelForm):
    """A video's details and its file: sent whole by the form (small files, browsers
    without JavaScript) or in pieces by the uploader (``upload_token``)."""

    upload_token = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        self.user = for_user
        self.upload = None
        field = self.fields["file"]
        field.required = False
        limit = services.max_bytes() // (1024 * 1024)
        limit = f"{limit:,}".replace(",", ".")
        field.help_text = (
            f"Video: MP4, MOV, MKV, WebM…; âm thanh: MP3, M4A, WAV, FLAC…; tối đa {limit} MB"
            + ". Tệp lớn được gửi từng phần và gửi tiếp được nếu mạng rớt. "
            "Tải tệp mới lên để thay: bạn đọc vẫn xem bản cũ tới khi bản mới xử lý xong."
        )
        field.widget.attrs["accept"] = "video/*,audio/*," + ",".join(
            "." + e for e in (*services.EXTENSIONS, *services.AUDIO_EXTENSIONS)
        )
        if "kind" in self.fields and self.instance.pk:
            self.fields["kind"].disabled = True  # its renditions are of that kind
        if "section" in self.fields:
            from wagtail.models import Page

            self.fields["section"].queryset = Page.objects.filter(
                content_type__model="sectionpage"
            )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and "file" in self.changed_data:
            kind = self.data.get("kind") or self.instance.kind or "video"
            try:
                services.check_upload(upload, "audio" if kind == "audio" else "video")
            except ValidationError as exc:
                raise forms.ValidationError(exc.messages) from exc
        return upload

    def clean(self):
        cleaned = super().clean()
        token = cleaned.get("upload_token")
        if token:
            self.upload = MediaUpload.objects.filter(
                token=token,
                user=self.user,
                checked=True,
                kind=cleaned.get("kind") or self.instance.kind,
            ).first()
            part = self.upload.part_path if self.upload else None
            if (
                part is None
                or not part.exists()
                or part.stat().st_size != self.upload.size
            ):
                self.upload = None
                self.add_error(
                    "file", "Tệp chưa tải lên xong hoặc đã hết hạn: hãy chọn lại tệp."
                )
        elif not self.instance.file and not cleaned.get("file"):
            self.add_error("file", "Hãy chọn tệp video.")
        return cleaned


class CaptionForm(forms.Form):
    language = forms.ChoiceField(label="Ngôn ngữ", choices=LANGUAGES, initial="vi")
    label = forms.CharField(
        label="Tên hiện cho bạn đọc",
        required=False,
        max_length=60,
        help_text="Để trống để dùng tên ngôn ngữ.",
    )
    file = forms.FileField(
        label="Tệp phụ đề (.vtt hoặc .srt)",
        widget=forms.ClearableFileInput(attrs={"accept": ".vtt,.srt,text/vtt"}),
    )
