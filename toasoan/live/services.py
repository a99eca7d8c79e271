"""What the newsroom does to a live page: send a post, review and publish it, correct,
pin or take it down, keep the summary current, end the coverage.

The review rule: a post by someone who may review (Biên tập viên, Thư ký tòa soạn) or
by a reporter the managing editor named for this coverage goes up at once; a reporter's
other posts wait for a reviewer's one tap. A post with photos or an embed goes up once the
worker has made the phones' renditions and fetched the video's poster (``tasks``): a
reader never waits for them, nor sees a half-made post.

Every change readers can see goes through ``_changed``: the coverage's version goes up,
the article's "last published" time (feeds, sitemaps) with it, and one purge of the
article's key reaches its page, the readers' poll and the lists that show it.
"""

from __future__ import annotations

import html
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from toasoan.articles.embeds import provider_for
from toasoan.articles.models import ArticlePage
from toasoan.articles.sitemaps import chunk_touch
from toasoan.jobs.enqueue import job_enqueue
from toasoan.serving import keys
from toasoan.serving.purge import purge
from toasoan.vietnamese import normalize

from .models import LiveCoverage, LivePost

TEXT_MAX = 5000
TITLE_MAX = 200


def can_review(user) -> bool:
    return user.has_perm("live.review_livepost")


def can_manage(user) -> bool:
    return user.has_perm("live.manage_livecoverage")


def can_post(user) -> bool:
    return user.has_perm("live.send_livepost")


def posts_directly(user, coverage: LiveCoverage) -> bool:
    return can_review(user) or coverage.direct_posters.filter(pk=user.pk).exists()


def can_edit(user, post: LivePost) -> bool:
    """Reviewers edit any post; its author edits it while it waits, or afterwards when
    allowed to post directly."""
    if can_review(user):
        return True
    if post.created_by_id != user.pk or post.status == LivePost.REMOVED:
        return False
    return post.status == LivePost.PENDING or posts_directly(user, post.coverage)


def coverage_for(article: ArticlePage) -> LiveCoverage:
    coverage, _ = LiveCoverage.objects.get_or_create(
        article=article,
        defaults={"started_at": article.first_published_at or timezone.now()},
    )
    return coverage


def paragraphs_html(text: str) -> list[str]:
    """The lines a reporter typed as paragraphs (a blank line between two), a single
    line break kept inside one; escaped, never taken as markup."""
    text = normalize(text.replace("\r\n", "\n")).strip()
    chunks = [c.strip() for c in re.split(r"\n\s*\n", text) if c.strip()]
    return [
        "<p>"
        + "<br/>".join(html.escape(line.strip()) for line in c.split("\n"))
        + "</p>"
        for c in chunks
    ]


def body_from(text: str, image=None, caption: str = "", embed_url: str = "", kept=()):
    """A post's StreamField data: its paragraphs, then the photo, then the embed (what a
    phone sends), then blocks an editor added in the full editor (``kept``)."""
    body = [{"type": "paragraph", "value": p} for p in paragraphs_html(text)]
    if image is not None:
        body.append(
            {
                "type": "figure",
                "value": {"image": image.pk, "caption": normalize(caption).strip(), "credit": "", "wide": ""},
            }
        )  # fmt: skip
    if embed_url:
        body.append({"type": "embed", "value": {"url": embed_url, "caption": ""}})
    body += list(kept)
    return body


def check_post(title: str, text: str, image, embed_url: str) -> None:
    """What a post must be, in the reporter's words."""
    errors = {}
    if len(title) > TITLE_MAX:
        errors["title"] = f"Tiêu đề dài quá {TITLE_MAX} ký tự."
    if len(text) > TEXT_MAX:
        errors["text"] = (
            f"Nội dung dài quá {TEXT_MAX} ký tự; hãy chia thành nhiều cập nhật."
        )
    if not text.strip() and image is None and not embed_url:
        errors["text"] = (
            "Cập nhật trống: hãy viết vài dòng, gửi ảnh hoặc dán liên kết video."
        )
    if embed_url and provider_for(embed_url) is None:
        errors["embed_url"] = (
            "Chỉ nhúng được video hoặc bài của YouTube, Facebook, TikTok và X (Twitter)."
        )
    if errors:
        raise ValidationError(errors)


def _needs_media(post: LivePost) -> bool:
    return any(b.block_type in ("figure", "gallery", "embed") for b in post.body)


def _go_up(post: LivePost, user) -> None:
    """Published now, or once the worker has its photos ready."""
    post.published_by = user
    if _needs_media(post):
        post.status = LivePost.PROCESSING
        post.save()
        from .tasks import live_post_media_job

        job_enqueue(live_post_media_job, post_id=post.pk)
        return
    post.status = LivePost.PUBLISHED
    post.published_at = timezone.now()
    post.save()
    _changed(post.coverage, post)


def _changed(coverage: LiveCoverage, *posts: LivePost) -> None:
    """A change readers see: a new version for the coverage and the posts it touched,
    and the purge. The row lock orders concurrent posts, so no two share a version."""
    with transaction.atomic():
        locked = LiveCoverage.objects.select_for_update().get(pk=coverage.pk)
        locked.version += 1
        locked.save(update_fields=["version"])
        coverage.version = locked.version
        for post in posts:
            post.version = locked.version
            LivePost.objects.filter(pk=post.pk).update(version=locked.version)
        now = timezone.now()
        # Feeds and sitemaps read the article's last publication as its update time.
        updated = ArticlePage.objects.filter(pk=coverage.article_id, live=True).update(
            last_published_at=now
        )
        if updated:
            chunk_touch(coverage.article_id, now)
        purge([keys.page(coverage.article_id)])


@transaction.atomic
def post_submit(
    coverage: LiveCoverage,
    user,
    *,
    title: str = "",
    text: str = "",
    image=None,
    caption: str = "",
    embed_url: str = "",
    key_event: bool = False,
) -> LivePost:
    if not can_post(user):
        raise PermissionDenied
    title = normalize(title).strip()
    if not coverage.is_live:
        raise ValidationError(
            "Tường thuật đã kết thúc; thư ký tòa soạn mở lại trước khi gửi cập nhật mới."
        )
    check_post(title, text, image, embed_url)
    post = LivePost(
        coverage=coverage,
        title=title,
        body=body_from(text, image, caption, embed_url),
        key_event=bool(key_event and can_review(user)),
        created_by=user,
    )
    post.save()
    log(instance=post, action="wagtail.create", user=user)
    if posts_directly(user, coverage):
        _go_up(post, user)
        log(instance=post, action="live.publish", user=user)
    return post


@transaction.atomic
def post_approve(post: LivePost, user) -> LivePost:
    if not can_review(user):
        raise PermissionDenied
    if post.status != LivePost.PENDING:
        return post
    _go_up(post, user)
    log(instance=post, action="live.publish", user=user)
    return post


@transaction.atomic
def post_edit(
    post: LivePost, user, *, title: str, text: str, key_event=None
) -> LivePost:
    """The compact editor: the title and the text; photos, videos and what the full
    editor added stay as they are, after the text."""
    if not can_edit(user, post):
        raise PermissionDenied
    title = normalize(title).strip()
    kept = [
        {"type": b.block_type, "value": b.block.get_prep_value(b.value), "id": b.id}
        for b in post.body
        if b.block_type != "paragraph"
    ]
    check_post(title, text, None, "x" if kept else "")
    post.title = title
    post.body = body_from(text, kept=kept)
    if key_event is not None and can_review(user):
        post.key_event = bool(key_event)
    return post_changed(post, user)


def post_changed(post: LivePost, user) -> LivePost:
    """A post saved by an editor (the compact form or the full editor): a published one
    is marked corrected and shown so to readers at once."""
    if post.status == LivePost.PUBLISHED:
        post.edited_at = timezone.now()
    post.save()
    log(instance=post, action="wagtail.edit", user=user)
    if post.status == LivePost.PUBLISHED:
        _changed(post.coverage, post)
    return post


@transaction.atomic
def post_pin(post: LivePost, user, key_event: bool) -> LivePost:
    if not can_review(user):
        raise PermissionDenied
    if post.key_event != key_event:
        post.key_event = key_event
        post.save(update_fields=["key_event"])
        log(instance=post, action="live.pin" if key_event else "live.unpin", user=user)
        if post.status == LivePost.PUBLISHED:
            _changed(post.coverage, post)
    return post


@transaction.atomic
def post_remove(post: LivePost, user, reason: str) -> LivePost:
    """Taken off readers' pages (and out of the poll) at once; kept, with who, when and
    why, for the paper's record, like an article's takedown."""
    if not can_review(user):
        raise PermissionDenied
    reason = normalize(reason).strip()
    if not reason:
        raise ValidationError({"reason": "Hãy ghi lý do gỡ (chỉ tòa soạn thấy)."})
    if post.status == LivePost.REMOVED:
        return post
    was_shown = post.version > 0
    post.status = LivePost.REMOVED
    post.removed_at = timezone.now()
    post.removed_by = user
    post.removal_reason = reason
    post.save()
    log(instance=post, action="live.remove", user=user, data={"reason": reason})
    if was_shown:
        _changed(post.coverage, post)
    return post


@transaction.atomic
def coverage_update(coverage: LiveCoverage, user, *, summary: str) -> LiveCoverage:
    if not can_review(user):
        raise PermissionDenied
    coverage.summary = normalize(summary).strip()[:2000]
    coverage.save(update_fields=["summary"])
    _changed(coverage)
    return coverage


@transaction.atomic
def coverage_end(coverage: LiveCoverage, user, *, ended: bool = True) -> LiveCoverage:
    """ "Đã kết thúc": the page stops polling and reads as an article; reopened, it
    polls again."""
    if not can_manage(user):
        raise PermissionDenied
    coverage.ended_at = timezone.now() if ended else None
    coverage.save(update_fields=["ended_at"])
    log(
        instance=coverage.article,
        action="live.end" if ended else "live.reopen",
        user=user,
    )
    _changed(coverage)
    return coverage


@transaction.atomic
def coverage_set_direct_posters(coverage: LiveCoverage, user, users) -> None:
    if not can_manage(user):
        raise PermissionDenied
    coverage.direct_posters.set(users)
