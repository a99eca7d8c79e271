from django import template
from django.utils import timezone

register = template.Library()

WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"]


@register.filter
def ngay_viet(value, with_time: bool = True) -> str:
    """'Thứ Hai, 30/09/2019 - 15:30' in Vietnam's time zone."""
    if not value:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    text = f"{WEEKDAYS[local.weekday()]}, {local:%d/%m/%Y}"
    if with_time:
        text += f" - {local:%H:%M}"
    return text


@register.filter
def ngay_ngan(value) -> str:
    """'30/09/2019 15:30' for lists."""
    if not value:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{local:%d/%m/%Y %H:%M}"
