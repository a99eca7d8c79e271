from django import forms
from wagtail.admin.forms import WagtailAdminModelForm

from toasoan.foundation.pagination import id_from_query

from . import services


class EditionForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:  # its addresses and files are named by the date
            self.fields["date"].disabled = True
        self.fields["pdf"].help_text = (
            "Bản PDF phòng dàn trang xuất ra (có lớp chữ, không đặt mật khẩu). "
            "Tải bản mới lên để thay: bạn đọc vẫn thấy bản cũ cho tới khi bản mới "
            "xử lý xong."
        )

    def clean_pdf(self):
        upload = self.cleaned_data.get("pdf")
        # A new file only (the stored one was checked when it came).
        if upload is not None and "pdf" in self.changed_data:
            services.check_upload(upload)
        return upload


class StoryMatchForm(forms.Form):
    """The web article a print story is: its address, or its number."""

    article = forms.CharField(
        label="Bài trên báo điện tử",
        required=False,
        max_length=500,
        help_text="Dán địa chỉ bài (…-12345.htm) hoặc số bài; để trống nếu không có.",
    )

    def clean_article(self):
        import re

        from toasoan.articles.models import ArticlePage

        value = self.cleaned_data["article"].strip()
        if self.data.get("action") == "unlink":
            return None
        if not value:
            raise forms.ValidationError(
                "Hãy dán địa chỉ bài (hoặc bấm Bỏ nối nếu trang này không có bài đó)."
            )
        found = re.search(r"-([0-9]{1,18})\.htm\b", value)
        pk = int(found.group(1)) if found else id_from_query(value)
        if pk is None:
            raise forms.ValidationError(
                "Không hiểu địa chỉ này: hãy dán địa chỉ bài (kết thúc bằng -số.htm) "
                "hoặc số bài."
            )
        article = ArticlePage.objects.live().filter(pk=pk).first()
        if article is None:
            raise forms.ValidationError(f"Không có bài số {pk} đang đăng.")
        return article
