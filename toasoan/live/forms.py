from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model

from .services import TEXT_MAX, TITLE_MAX


class PostForm(forms.Form):
    """The reporter's compact form: a few lines, a photo from the phone, send."""

    text = forms.CharField(
        label="Nội dung",
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(
            attrs={"rows": 4, "placeholder": "Vài dòng từ hiện trường…"}
        ),
    )
    photo = forms.FileField(
        label="Ảnh (chụp hoặc chọn từ máy)",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*"}),
    )
    caption = forms.CharField(label="Chú thích ảnh", required=False, max_length=500)
    title = forms.CharField(
        label="Tiêu đề ngắn (không bắt buộc)", required=False, max_length=TITLE_MAX
    )
    embed_url = forms.URLField(
        label="Video, bài mạng xã hội (dán liên kết)",
        required=False,
        max_length=500,
        assume_scheme="https",
    )
    key_event = forms.BooleanField(label="Ghim vào diễn biến chính", required=False)


class PostEditForm(forms.Form):
    title = forms.CharField(
        label="Tiêu đề ngắn (không bắt buộc)", required=False, max_length=TITLE_MAX
    )
    text = forms.CharField(
        label="Nội dung",
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Ảnh và video của cập nhật giữ nguyên. Bảng, trích dẫn: dùng “Sửa đầy đủ”.",
    )
    key_event = forms.BooleanField(label="Diễn biến chính", required=False)


class RemoveForm(forms.Form):
    reason = forms.CharField(
        label="Lý do gỡ (chỉ tòa soạn thấy)",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Hãy ghi lý do gỡ (chỉ tòa soạn thấy)."},
    )


class SummaryForm(forms.Form):
    summary = forms.CharField(
        label="Tóm tắt diễn biến (bạn đọc thấy đầu trang)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DirectPostersForm(forms.Form):
    users = forms.ModelMultipleChoiceField(
        label="Phóng viên được đăng thẳng (không chờ duyệt) trong bài này",
        queryset=get_user_model().objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        model = get_user_model()
        self.fields["users"].queryset = (
            model.objects.filter(
                is_active=True, groups__permissions__codename="send_livepost"
            )
            .distinct()
            .order_by("first_name", "username")
        )
        self.fields["users"].label_from_instance = lambda u: (
            u.get_full_name() or u.get_username()
        )
