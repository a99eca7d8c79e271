"""The newsroom's views of an edition beyond Wagtail's forms: its pages with the stories
found on them (and the articles they were matched to, which an editor corrects), and
the buttons that publish, withdraw or process it again."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_POST
from wagtail.admin import messages

from toasoan.articles.models import ArticlePage

from . import services
from .forms import StoryMatchForm
from .models import Edition, PrintStory


def _need(request, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied


def edition_pages(request, pk: int):
    """Each page with its stories framed, and the article each is matched to: where an
    editor corrects a match (the list of editions links here)."""
    if not request.user.has_perm("editions.view_edition") and not (
        request.user.has_perm("editions.change_edition")
    ):
        raise PermissionDenied
    edition = get_object_or_404(Edition, pk=pk)
    pages = list(edition.pages.prefetch_related("stories"))
    can_edit = request.user.has_perm("editions.change_edition")
    ids = {s.article_id for p in pages for s in p.stories.all() if s.article_id}
    titles = dict(ArticlePage.objects.filter(pk__in=ids).values_list("pk", "title"))
    can_match = request.user.has_perm("editions.change_printstory")
    for page in pages:
        page.medium = page.image_url("medium", "jpg")
        page.rows = []
        for story in page.stories.all():
            story.article_title = titles.get(story.article_id, "")
            page.rows.append(story)
    return TemplateResponse(
        request,
        "editions/admin/pages.html",
        {
            "edition": edition,
            "pages": pages,
            "can_match": can_match,
            "can_edit": can_edit,
            "header_icon": "doc-full",
            "page_title": f"{edition}: trang và bài",
        },
    )


@require_POST
def story_match(request, pk: int):
    _need(request, "editions.change_printstory")
    story = get_object_or_404(PrintStory.objects.select_related("page"), pk=pk)
    form = StoryMatchForm(request.POST)
    back = (
        reverse("edition_pages", args=[story.page.edition_id])
        + f"#trang-{story.page.number}"
    )
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("article", [])))
        return redirect(back)
    article = form.cleaned_data["article"]
    try:
        services.story_set_article(story=story, article=article, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(reverse("edition_pages", args=[story.page.edition_id]))
    messages.success(
        request,
        f"Đã nối “{story.headline}” với bài “{article.title}”."
        if article
        else f"“{story.headline}” không nối với bài nào.",
    )
    return redirect(back)


@require_POST
def edition_publish(request, pk: int):
    _need(request, "editions.publish_edition")
    edition = get_object_or_404(Edition, pk=pk)
    try:
        services.edition_publish(edition=edition, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        edition.refresh_from_db()
        if edition.out_for_readers():
            messages.success(request, f"Đã đăng {edition}.")
        else:
            messages.success(
                request,
                f"Đã đăng {edition}: bạn đọc thấy từ 0 giờ ngày "
                f"{edition.date:%d/%m/%Y}.",
            )
    return redirect("editions:edit", pk)


@require_POST
def edition_withdraw(request, pk: int):
    _need(request, "editions.publish_edition")
    edition = get_object_or_404(Edition, pk=pk)
    services.edition_withdraw(edition=edition, user=request.user)
    messages.success(request, f"Đã gỡ {edition} khỏi trang Báo in.")
    return redirect("editions:edit", pk)


@require_POST
def edition_reprocess(request, pk: int):
    _need(request, "editions.change_edition")
    edition = get_object_or_404(Edition, pk=pk)
    services.edition_process(edition=edition)
    messages.success(request, f"Đã đưa {edition} vào hàng đợi xử lý lại.")
    return redirect("editions:edit", pk)
