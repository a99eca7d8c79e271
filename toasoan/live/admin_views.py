"""The live desk in the admin ("Trực tiếp"): the live pages, and for each a compact
screen a reporter uses from a phone (a few lines, a photo, send) where reviewers publish
waiting posts in one tap, correct, pin and take down posts, keep the summary current and
end the coverage.

Each view checks the live permissions itself (Wagtail's admin URL wrapper only checks
that the user may enter the admin)."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST
from wagtail.images import get_image_model
from wagtail.images.forms import get_image_form

from toasoan.articles.models import ArticlePage
from toasoan.articles.proofreading import _flags_of, article_pieces

from . import services
from .forms import DirectPostersForm, PostEditForm, PostForm, RemoveForm, SummaryForm
from .models import LiveCoverage, LivePost

DESK_POSTS = 100
PROOFREAD_POSTS = 30


def poster_required(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated or not services.can_post(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _live_article(article_id: int) -> ArticlePage:
    return get_object_or_404(ArticlePage, pk=article_id, layout="live")


@poster_required
def index(request):
    """The live pages, newest first, each with its waiting posts counted."""
    articles = list(
        ArticlePage.objects.filter(layout="live")
        .annotate(
            waiting=Count("live_coverage__posts", filter=Q(live_coverage__posts__status=LivePost.PENDING)),
            shown=Count("live_coverage__posts", filter=Q(live_coverage__posts__status=LivePost.PUBLISHED)),
        )
        .select_related("live_coverage")
        .order_by("-latest_revision_created_at", "-pk")[:50]
    )  # fmt: skip
    return render(
        request,
        "live/admin/index.html",
        {
            "articles": articles,
            "header_title": "Tường thuật trực tiếp",
            "page_title": "Tường thuật trực tiếp",
            "header_icon": "pick",
        },
    )


def _photo(request, upload, caption: str):
    """The phone's photo through Wagtail's own image form (the paper's checks: size,
    format, metadata removed); the form's errors, in Vietnamese, if it is refused."""
    form_class = get_image_form(get_image_model())
    form = form_class(
        data={"title": (caption or "Ảnh tường thuật")[:255]},
        files={"file": upload},
        user=request.user,
    )
    if not form.is_valid():
        errors = [str(e) for field in form.errors.values() for e in field]
        raise ValidationError({"photo": errors or ["Ảnh không hợp lệ."]})
    image = form.save(commit=False)
    image.uploaded_by_user = request.user
    image.save()
    return image


def _post_flags(posts: list[LivePost]) -> dict[int, list[dict]]:
    """The proofreader's flags of each post's title and text (cached by content)."""
    found = {}
    for post in posts:
        pieces = article_pieces(post)
        flags = [f for group in _flags_of(pieces) for f in group] if pieces else []
        if flags:
            found[post.pk] = flags
    return found


@poster_required
def desk(request, article_id: int):
    article = _live_article(article_id)
    coverage = services.coverage_for(article)
    user = request.user
    form = PostForm()
    if request.method == "POST":
        form = PostForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.check_submit(
                    coverage, user, title=data["title"], text=data["text"],
                    has_photo=bool(data["photo"]), embed_url=data["embed_url"],
                )  # fmt: skip
                image = (
                    _photo(request, data["photo"], data["caption"])
                    if data["photo"]
                    else None
                )
                post = services.post_submit(
                    coverage, user, title=data["title"], text=data["text"], image=image,
                    caption=data["caption"], embed_url=data["embed_url"],
                    key_event=data["key_event"],
                )  # fmt: skip
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, _sent_message(post))
                return redirect("live_desk", article_id)
    reviewer = services.can_review(user)
    posts = LivePost.objects.filter(coverage=coverage).select_related("created_by")
    if not reviewer:  # a reporter sees what readers see and their own posts
        posts = posts.filter(Q(status=LivePost.PUBLISHED) | Q(created_by=user))
    posts = list(posts.order_by("-created_at", "-pk")[:DESK_POSTS])
    waiting = [p for p in posts if p.status == LivePost.PENDING]
    others = [p for p in posts if p.status != LivePost.PENDING]
    checked = (waiting + others)[:PROOFREAD_POSTS]
    flags = _post_flags(checked)
    for post in posts:
        post.flags = flags.get(post.pk, [])
        post.editable = services.can_edit(user, post)
    return render(
        request,
        "live/admin/desk.html",
        {
            "article": article,
            "coverage": coverage,
            "form": form,
            "waiting": waiting,
            "others": others,
            "reviewer": reviewer,
            "manager": services.can_manage(user),
            "direct": services.posts_directly(user, coverage),
            "summary_form": SummaryForm(initial={"summary": coverage.summary}),
            "posters_form": DirectPostersForm(
                initial={"users": coverage.direct_posters.all()}
            ),
            "header_title": f"Bàn đăng · {article.title}",
            "page_title": f"Bàn đăng · {article.title}",
            "header_icon": "pick",
            "reader_url": article.url if article.live else "",
        },
    )


def _add_errors(form, exc: ValidationError) -> None:
    """A service's refusal on the form: on its field where the form has one."""
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def _sent_message(post: LivePost) -> str:
    if post.status == LivePost.PUBLISHED:
        return "Đã đăng cập nhật."
    if post.status == LivePost.PROCESSING:
        return "Đã nhận: cập nhật lên trang khi ảnh, video xử lý xong (vài giây)."
    return "Đã gửi, đang chờ biên tập viên duyệt."


def _post(request, post_id: int) -> LivePost:
    return get_object_or_404(LivePost.objects.select_related("coverage"), pk=post_id)


@require_POST
@poster_required
def post_approve(request, post_id: int):
    post = services.post_approve(_post(request, post_id), request.user)
    messages.success(request, _sent_message(post))
    return redirect("live_desk", post.coverage_id)


@require_POST
@poster_required
def post_pin(request, post_id: int):
    post = _post(request, post_id)
    pin = request.POST.get("pin") == "1"
    services.post_pin(post, request.user, pin)
    messages.success(request, "Đã ghim vào diễn biến chính." if pin else "Đã bỏ ghim.")
    return redirect("live_desk", post.coverage_id)


@poster_required
def post_edit(request, post_id: int):
    post = _post(request, post_id)
    if not services.can_edit(request.user, post):
        raise PermissionDenied
    plain = services.compact_text(post)
    if plain is None:
        messages.warning(
            request,
            "Cập nhật này có định dạng hoặc chữ sau ảnh: sửa ở trình sửa đầy đủ để "
            "không mất gì.",
        )
        if request.user.has_perm("live.change_livepost"):
            return redirect("wagtailsnippets_live_livepost:edit", post.pk)
        return redirect("live_desk", post.coverage_id)
    form = PostEditForm(
        initial={"title": post.title, "text": plain, "key_event": post.key_event}
    )
    if request.method == "POST":
        form = PostEditForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.post_edit(
                    post, request.user, title=data["title"], text=data["text"],
                    key_event=data["key_event"],
                )  # fmt: skip
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(
                    request,
                    "Đã sửa; bạn đọc thấy bản sửa trong vài giây."
                    if post.status == LivePost.PUBLISHED
                    else "Đã lưu.",
                )
                return redirect("live_desk", post.coverage_id)
    return render(
        request,
        "live/admin/post_form.html",
        {
            "post": post,
            "form": form,
            "reviewer": services.can_review(request.user),
            "header_title": "Sửa cập nhật",
            "page_title": "Sửa cập nhật",
            "full_edit": request.user.has_perm("live.change_livepost"),
        },
    )


@poster_required
def post_remove(request, post_id: int):
    post = _post(request, post_id)
    if not services.can_review(request.user):
        raise PermissionDenied
    form = RemoveForm()
    if request.method == "POST":
        form = RemoveForm(request.POST)
        if form.is_valid():
            services.post_remove(post, request.user, form.cleaned_data["reason"])
            messages.success(request, "Đã gỡ cập nhật khỏi trang của bạn đọc.")
            return redirect("live_desk", post.coverage_id)
    return render(
        request,
        "live/admin/post_remove.html",
        {
            "post": post,
            "form": form,
            "header_title": "Gỡ cập nhật",
            "page_title": "Gỡ cập nhật",
        },
    )


@require_POST
@poster_required
def coverage_summary(request, article_id: int):
    coverage = get_object_or_404(LiveCoverage, pk=article_id)
    form = SummaryForm(request.POST)
    if form.is_valid():
        services.coverage_update(
            coverage, request.user, summary=form.cleaned_data["summary"]
        )
        messages.success(request, "Đã cập nhật tóm tắt.")
    else:
        messages.error(request, "Tóm tắt dài quá 2.000 ký tự.")
    return redirect("live_desk", article_id)


@require_POST
@poster_required
def coverage_state(request, article_id: int):
    coverage = get_object_or_404(LiveCoverage, pk=article_id)
    ended = request.POST.get("ended") == "1"
    services.coverage_end(coverage, request.user, ended=ended)
    messages.success(
        request,
        "Đã kết thúc tường thuật: trang đọc như một bài viết."
        if ended
        else "Đã mở lại tường thuật.",
    )
    return redirect("live_desk", article_id)


@require_POST
@poster_required
def coverage_posters(request, article_id: int):
    coverage = get_object_or_404(LiveCoverage, pk=article_id)
    form = DirectPostersForm(request.POST)
    if form.is_valid():
        services.coverage_set_direct_posters(
            coverage, request.user, form.cleaned_data["users"]
        )
        messages.success(request, "Đã lưu danh sách phóng viên được đăng thẳng.")
    else:
        messages.error(request, "Danh sách không hợp lệ.")
    return redirect("live_desk", article_id)
