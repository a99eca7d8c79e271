"""What the newsroom does to a live page: send a post, review and publish it, correct,
pin or take it down, keep the summary current, end the coverage.

The review rule: a post by someone who may review (Biên tập viên, Thư ký tòa soạn) or
by a reporter the managing editor named for this coverage goes up at once; a reporter's
other posts wait for a reviewer's one tap. A post with photos or an embed goes up once the
worker has made the phones' renditions and fetched the video's poster (``tasks``): a
reader never waits for them, nor sees a half-made post.

Every change readers can see goes through ``_changed``: the coverage's version goes up
and one purge of the live key reaches the page and the readers' poll. The lists, feeds
and sitemaps that show the article (its page key) learn of the new update time at most
every few minutes (``LISTS_EVERY``): a post every 10 s must not re-render the home page
every 10 s.

Every service locks the post's row and writes only what it changed: the photo job, an
editor and a takedown may act on the same post at the same moment.
"""

from __future__ import annotations

import datetime as dt
import html
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from toasoan.articles.embeds import provider_for
from toasoan.articles.models import ArticlePage
from toasoan.articles.sitemaps import chunk_touch
from toasoan.articles.text import article_text_changed
from toasoan.jobs.enqueue import enqueue_now, job_enqueue
from toasoan.serving import keys
from toasoan.serving.purge import purge
from toasoan.vietnamese import normalize

from .models import LiveCoverage, LivePost

TEXT_MAX = 5000
TITLE_MAX = 200
LISTS_EVERY = dt.timedelta(minutes=5)


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
    if post.status == LivePost.REMOVED:
        return False  # the takedown's record stays as it was
    if can_review(user):
        return True
    if post.created_by_id != user.pk:
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


def check_post(
    title: str, text: str, *, has_media: bool = False, embed_url: str = ""
) -> None:
    """What a post must be, in the reporter's words."""
    errors = {}
    if len(title) > TITLE_MAX:
        errors["title"] = f"Tiêu đề dài quá {TITLE_MAX} ký tự."
    if len(text) > TEXT_MAX:
        errors["text"] = (
            f"Nội dung dài quá {TEXT_MAX} ký tự; hãy chia thành nhiều cập nhật."
        )
    if not text.strip() and not has_media and not embed_url:
        errors["text"] = (
            "Cập nhật trống: hãy viết vài dòng, gửi ảnh hoặc dán liên kết video."
        )
    if embed_url and provider_for(embed_url) is None:
        errors["embed_url"] = (
            "Chỉ nhúng được video hoặc bài của YouTube, Facebook, TikTok và X (Twitter)."
        )
    if errors:
        raise ValidationError(errors)


def check_submit(
    coverage: LiveCoverage, user, *, title="", text="", has_photo=False, embed_url=""
) -> None:
    """Everything ``post_submit`` refuses, asked before the desk stores a photo (a refused
    post leaves no image behind in the library)."""
    if not can_post(user):
        raise PermissionDenied
    if not coverage.is_live:
        raise ValidationError(
            "Tường thuật đã kết thúc; thư ký tòa soạn mở lại trước khi gửi cập nhật mới."
        )
    check_post(normalize(title).strip(), text, has_media=has_photo, embed_url=embed_url)


def needs_media(post: LivePost) -> bool:
    return any(b.block_type in ("figure", "gallery", "embed") for b in post.body)


def _locked(post: LivePost) -> LivePost:
    """The post's row as it is now, locked until the transaction ends."""
    return (
        LivePost.objects.select_for_update(of=("self",))
        .select_related("coverage")
        .get(pk=post.pk)
    )


def _go_up(post: LivePost, user) -> None:
    """Published now, or once the worker has its photos ready (``post`` is locked)."""
    post.published_by = user
    if needs_media(post):
        post.status = LivePost.PROCESSING
        post.save(update_fields=["status", "published_by"])
        enqueue_media(post)
        return
    post.status = LivePost.PUBLISHED
    post.published_at = timezone.now()
    post.save(update_fields=["status", "published_by", "published_at"])
    _changed(post.coverage, post)


def enqueue_media(post: LivePost) -> None:
    from .tasks import live_post_media_job

    job_enqueue(live_post_media_job, post_id=post.pk)


def _changed(
    coverage: LiveCoverage, *posts: LivePost, removed: bool = False, lists: bool = False
) -> None:
    """A change readers see: a new version for the coverage and the posts it touched,
    and the purge of the live key (hard for a takedown: no stale copy may show it even
    while the app is down). The row lock orders concurrent changes, so no two share a
    version."""
    with transaction.atomic():
        locked = LiveCoverage.objects.select_for_update().get(pk=coverage.pk)
        locked.version += 1
        locked.save(update_fields=["version"])
        coverage.version = locked.version
        for post in posts:
            post.version = locked.version
            LivePost.objects.filter(pk=post.pk).update(version=locked.version)
        purge([keys.live(coverage.article_id)], removed=removed)
        now = timezone.now()
        if lists:
            delay = None  # the end, a reopening, a takedown: the lists at once
        elif locked.lists_due_at is None or locked.lists_due_at <= now:
            # The lists learn of this change in a few minutes, with every change of
            # those minutes (the job comes after the last one of the night too). Kept on
            # the locked row, so a rolled-back change schedules nothing.
            delay = LISTS_EVERY
            locked.lists_due_at = now + LISTS_EVERY
            locked.save(update_fields=["lists_due_at"])
        else:
            return  # a job is due already and will carry this change
        from .tasks import live_lists_job

        article_id = coverage.article_id
        transaction.on_commit(
            lambda: enqueue_now(
                live_lists_job, (), {"article_id": article_id}, delay=delay
            ),
            robust=True,
        )


def lists_changed(article_id: int) -> None:
    """The article's update time (feeds, sitemaps) now, a purge of its page key (the
    lists, feeds and sitemaps that show it), and its search entry with the posts."""
    now = timezone.now()
    if ArticlePage.objects.filter(pk=article_id, live=True).update(
        last_published_at=now
    ):
        chunk_touch(article_id, now)
    purge([keys.page(article_id)])
    # And search finds the posts' words (the search app listens).
    article_text_changed.send(sender=ArticlePage, article_id=article_id)


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
    check_submit(
        coverage,
        user,
        title=title,
        text=text,
        has_photo=image is not None,
        embed_url=embed_url,
    )
    post = LivePost(
        coverage=coverage,
        title=normalize(title).strip(),
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
    """A waiting post goes up; one still waiting for its photos ("Đăng ngay") goes up at
    once (the photos' renditions are then made when first asked for)."""
    if not can_review(user):
        raise PermissionDenied
    post = _locked(post)
    if post.status == LivePost.PENDING:
        _go_up(post, user)
    elif post.status == LivePost.PROCESSING:
        post.status = LivePost.PUBLISHED
        post.published_at = timezone.now()
        post.published_by = user
        post.save(update_fields=["status", "published_at", "published_by"])
        _changed(post.coverage, post)
    else:
        return post
    log(instance=post, action="live.publish", user=user)
    return post


def compact_text(post: LivePost) -> str | None:
    """The post's words as the compact editor shows them, or None when it cannot edit
    them without losing something: a paragraph with formatting (bold, a link, a list)
    or a paragraph after a photo, which the full editor keeps in place."""
    from toasoan.articles.text import rich_text_plain

    texts, after_media = [], False
    for block in post.body:
        if block.block_type != "paragraph":
            after_media = True
            continue
        source = block.value.source
        if after_media or re.search(r"<(?!/?p>|br\s*/?>)", source):
            return None
        texts.append(rich_text_plain(source)[0].strip())
    return "\n\n".join(texts)


@transaction.atomic
def post_edit(
    post: LivePost, user, *, title: str, text: str, key_event=None
) -> LivePost:
    """The compact editor: the title and the text; photos, videos and what the full
    editor added stay as they are, after the text."""
    post = _locked(post)
    if not can_edit(user, post):
        raise PermissionDenied
    if compact_text(post) is None:
        raise ValidationError(
            "Cập nhật này có định dạng hoặc chữ sau ảnh: hãy dùng “Sửa đầy đủ”."
        )
    kept = [
        {"type": b.block_type, "value": b.block.get_prep_value(b.value), "id": b.id}
        for b in post.body
        if b.block_type != "paragraph"
    ]
    title = normalize(title).strip()
    check_post(title, text, has_media=bool(kept))
    before = {"title": post.title, "body": post.body.get_prep_value()}
    post.title = title
    post.body = body_from(text, kept=kept)
    if key_event is not None and can_review(user):
        post.key_event = bool(key_event)
    post.save(update_fields=["title", "body", "key_event"])
    return post_changed(post, user, before=before)


def post_changed(post: LivePost, user, *, before=None, logged=False) -> LivePost:
    """A post saved by an editor (the compact form, or the full editor, which logged it
    itself): a published one is marked corrected and shown so to readers at once; what
    it said before is kept in the log."""
    if post.status == LivePost.PUBLISHED:
        post.edited_at = timezone.now()
        LivePost.objects.filter(pk=post.pk).update(edited_at=post.edited_at)
    if not logged:
        log(
            instance=post,
            action="wagtail.edit",
            user=user,
            data={"before": before} if before else None,
        )
    if post.status == LivePost.PUBLISHED:
        _changed(post.coverage, post)
        if needs_media(post):  # a photo added in the full editor: its renditions
            enqueue_media(post)
    return post


@transaction.atomic
def post_pin(post: LivePost, user, key_event: bool) -> LivePost:
    if not can_review(user):
        raise PermissionDenied
    post = _locked(post)
    if post.key_event != key_event and post.status != LivePost.REMOVED:
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
    post = _locked(post)
    if post.status == LivePost.REMOVED:
        return post
    was_shown = post.version > 0
    post.status = LivePost.REMOVED
    post.removed_at = timezone.now()
    post.removed_by = user
    post.removal_reason = reason
    post.save(update_fields=["status", "removed_at", "removed_by", "removal_reason"])
    log(instance=post, action="live.remove", user=user, data={"reason": reason})
    if was_shown:
        _changed(post.coverage, post, removed=True, lists=True)
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
    _changed(coverage, lists=True)
    return coverage


@transaction.atomic
def coverage_set_direct_posters(coverage: LiveCoverage, user, users) -> None:
    if not can_manage(user):
        raise PermissionDenied
    coverage.direct_posters.set(users)
