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


@register.simple_tag
def hom_nay() -> str:
    """Today in Vietnam, "Thứ Hai, 07/12/2026", for the masthead; a page showing it is
    cached only until midnight."""
    import datetime as dt

    from toasoan.serving.middleware import changes_within

    now = timezone.localtime()
    midnight = timezone.make_aware(
        dt.datetime.combine(now.date() + dt.timedelta(days=1), dt.time.min)
    )
    changes_within(int((midnight - now).total_seconds()) + 1)
    return ngay_viet(now, with_time=False)


@register.inclusion_tag("navigation/breaking.html", takes_context=True)
def tin_nong(context):
    """The breaking-news line when the newsroom has turned it on (Cài đặt → Tin nóng)."""
    from toasoan.articles.models import BreakingNews

    request = context.get("request")
    news = BreakingNews.for_request(request) if request is not None else None
    showing = news is not None and news.showing()
    article = news.article if showing and news.article_id else None
    return {
        "news": news if showing else None,
        "url": article.url if article is not None and article.live else "",
    }
