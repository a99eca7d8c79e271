from django import forms
from django.utils import timezone
from wagtail.admin.forms import WagtailAdminModelForm

from .models import Channel, Programme
from .schedule import VN


class ProgrammeForm(WagtailAdminModelForm):
    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("starts_at"), cleaned.get("ends_at")
        channel = cleaned.get("channel")
        if start and end and end <= start:
            self.add_error("ends_at", "Giờ kết thúc phải sau giờ bắt đầu.")
        elif start and end and channel:
            clash = (
                Programme.objects.filter(
                    channel=channel, starts_at__lt=end, ends_at__gt=start
                )
                .exclude(pk=self.instance.pk)
                .first()
            )
            if clash:
                start_vn = timezone.localtime(clash.starts_at, VN)
                end_vn = timezone.localtime(clash.ends_at, VN)
                self.add_error(
                    "starts_at",
                    f"Trùng giờ với “{clash.title}” ({start_vn:%H:%M}–{end_vn:%H:%M} "
                    f"ngày {start_vn:%d/%m/%Y}).",
                )
        return cleaned


class ScheduleImportForm(forms.Form):
    channel = forms.ModelChoiceField(
        label="Kênh", queryset=Channel.objects.all(), empty_label=None
    )
    file = forms.FileField(
        label="Tệp lịch (CSV)",
        help_text="Dòng đầu là tiêu đề cột: ngày, bắt đầu, kết thúc (nếu có), tên, mô tả "
        "(nếu có). Ví dụ: 07/12/2026,19:00,19:45,Thời sự tối,. Lịch những ngày có "
        "trong tệp được thay bằng lịch trong tệp.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
