"""Comment write-side: posting with every abuse check, and the moderators' actions.

A comment acknowledged to the reader is committed before the answer leaves (the view calls
these outside any request-wide transaction); a retry with the same idempotency key returns
the comment stored the first time instead of storing another.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from wagtail.models import Site

from toasoan.articles.names import known_names
from toasoan.serving import keys as surrogate_keys
from toasoan.serving.purge import purge
from toasoan.vietnamese import is_unaccented, proofread, restore_diacritics
from toasoan.vietnamese.visible import has_visible

from . import text as comment_text
from .models import (
    BODY_MAX,
    BODY_MIN,
    NAME_MAX,
    REASON_MAX,
    Ban,
    Comment,
    CommentLog,
    CommentSettings,
    Like,
    Policy,
    Report,
    Status,
)

logger = logging.getLogger(__name__)


class CommentError(Exception):
    """Why a comment was not stored, in Vietnamese for the reader; ``status`` for the API."""

    def __init__(self, message: str, *, field: str = "__all__", status: int = 400):
        super().__init__(message)
        self.message = message
        self.field = field
        self.status = status


@dataclass
class Outcome:
    """``confirm``: the text looked unaccented; nothing was stored, ``restored`` is offered.
    ``stored``: the comment is committed (``replayed`` when an earlier try stored it)."""

    kind: str
    comment: Comment | None = None
    restored: str = ""
    replayed: bool = False
    restored_name: str = ""  # the name with its marks, when it was typed without


def paper_settings(request=None) -> CommentSettings:
    if request is not None:
        return CommentSettings.for_request(request)
    site = Site.objects.filter(is_default_site=True).first()
    return CommentSettings.for_site(site) if site else CommentSettings()


def article_policy(article, rules: CommentSettings) -> str:
    policy = article.comment_policy or rules.policy
    if (
        policy != Policy.CLOSED
        and rules.close_after_days
        and article.first_published_at
    ):
        if timezone.now() - article.first_published_at > dt.timedelta(
            days=rules.close_after_days
        ):
            return Policy.CLOSED
    return policy


def _lock(*keys: str) -> None:
    """Serialize the posts that share a key (hex digests, always taken in the same order:
    idempotency key, commenter, text), so two parallel requests cannot both pass a check
    made before the insert: the rate limit, the duplicate text, the replay of a key.
    SQLite needs nothing: its IMMEDIATE transactions already take the write lock."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for key in keys:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [int(key[:15], 16)])


# With a reader token the limits count per browser; the address keeps a higher cap of
# its own (an office or a carrier's NAT is many readers, a script behind it is one).
IP_PER_MINUTE = 6
IP_DAILY_FACTOR = 10


def _check_rate(
    rules: CommentSettings, ip_hash: str, email_hash: str, now, reader_hash: str = ""
) -> None:
    who = Q(reader_hash=reader_hash) if reader_hash else Q(ip_hash=ip_hash)
    if email_hash:
        who |= Q(email_hash=email_hash)
    if reader_hash:
        recent = Comment.objects.filter(
            ip_hash=ip_hash, created_at__gte=now - dt.timedelta(minutes=1)
        ).count()
        if recent >= IP_PER_MINUTE:
            raise CommentError(
                "Có quá nhiều bình luận gửi từ cùng một mạng trong một phút. "
                "Vui lòng chờ một lát rồi gửi lại.",
                status=429,
            )
        if (
            rules.daily_limit
            and Comment.objects.filter(
                ip_hash=ip_hash, created_at__gte=now - dt.timedelta(days=1)
            ).count()
            >= rules.daily_limit * IP_DAILY_FACTOR
        ):
            raise CommentError(
                "Mạng bạn đang dùng đã gửi quá nhiều bình luận trong 24 giờ qua. "
                "Vui lòng quay lại sau.",
                status=429,
            )
    if rules.min_interval_seconds:
        since = now - dt.timedelta(seconds=rules.min_interval_seconds)
        last = (
            Comment.objects.filter(who, created_at__gte=since)
            .order_by("-created_at")
            .values_list("created_at", flat=True)
            .first()
        )
        if last is not None:
            wait = rules.min_interval_seconds - int((now - last).total_seconds())
            raise CommentError(
                f"Bạn gửi bình luận quá nhanh. Vui lòng chờ {max(wait, 1)} giây rồi gửi lại.",
                status=429,
            )
    if rules.daily_limit:
        since = now - dt.timedelta(days=1)
        if (
            Comment.objects.filter(who, created_at__gte=since).count()
            >= rules.daily_limit
        ):
            raise CommentError(
                f"Bạn đã gửi {rules.daily_limit} bình luận trong 24 giờ qua, "
                "mức tối đa cho mỗi bạn đọc. Vui lòng quay lại sau.",
                status=429,
            )


def comment_submit(
    *,
    article,
    name: str,
    body: str,
    ip: str,
    email: str = "",
    parent_id: int | None = None,
    notify: bool = False,
    confirmed: bool = False,
    original: str = "",
    idempotency_key: str = "",
    rules: CommentSettings | None = None,
    reader: str = "",
) -> Outcome:
    """Check and store one reader comment; raise CommentError with the reason otherwise."""
    rules = rules or paper_settings()
    key = idempotency_key.strip()[:64] or None
    if key:
        earlier = Comment.objects.filter(idempotency_key=key).first()
        if earlier is not None:
            if earlier.article_id != article.pk:
                raise CommentError(
                    "Mã gửi bình luận đã được dùng cho bài khác.", status=409
                )
            return Outcome("stored", earlier, replayed=True)

    policy = article_policy(article, rules)
    if policy == Policy.CLOSED:
        raise CommentError("Bài viết này đã đóng bình luận.", status=403)

    name = " ".join(comment_text.clean_body(name).split())
    body = comment_text.clean_body(body)
    email = email.strip().lower()
    if not has_visible(name):
        raise CommentError("Vui lòng nhập tên của bạn.", field="name")
    if len(name) > NAME_MAX:
        raise CommentError(f"Tên dài quá {NAME_MAX} ký tự.", field="name")
    if len(body) < BODY_MIN or not has_visible(body):
        raise CommentError("Vui lòng nhập nội dung bình luận.", field="body")
    if len(body) > BODY_MAX:
        raise CommentError(
            f"Bình luận dài {len(body)} ký tự, vượt mức {BODY_MAX} ký tự. Vui lòng rút gọn.",
            field="body",
        )
    _check_content(body, rules, name=name)
    ip_hash = comment_text.salted_hash(ip or "unknown")
    reader_hash = comment_text.salted_hash(f"reader:{reader}") if reader else ""
    email_hash = comment_text.salted_hash(email) if email else ""
    bans = Q(kind=Ban.Kind.IP, value_hash=ip_hash)
    if email_hash:
        bans |= Q(kind=Ban.Kind.EMAIL, value_hash=email_hash)
    if Ban.objects.filter(bans).exists():
        raise CommentError(
            "Bạn không thể gửi bình luận trên trang này. Liên hệ tòa soạn nếu có nhầm lẫn.",
            status=403,
        )

    parent = None
    if parent_id:
        parent = Comment.objects.filter(
            pk=parent_id, article=article, status=Status.APPROVED
        ).first()
        if parent is None:
            raise CommentError(
                "Bình luận bạn muốn trả lời không còn nữa.", field="parent"
            )
        if parent.parent_id:  # one reply level: join the thread
            parent = Comment.objects.get(pk=parent.parent_id)

    unaccented = is_unaccented(body)
    if unaccented and not confirmed:
        # The name too, offered beside the text: "Nguyen Van An" → "Nguyễn Văn An".
        restored_name = restore_diacritics(name) if is_unaccented(name) else ""
        return Outcome(
            "confirm",
            restored=restore_diacritics(body),
            restored_name=restored_name if restored_name != name else "",
        )

    original = comment_text.clean_body(original)[:BODY_MAX] if confirmed else ""
    if original:  # stored for moderators to see: the same rules as the body
        _check_content(original, rules)
    source = original or body
    restored = restore_diacritics(source) if original and is_unaccented(source) else ""
    flags = _flags(body, name, rules, unaccented=unaccented)
    fp = comment_text.fingerprint(body)

    now = timezone.now()
    try:
        with transaction.atomic():
            key_hash = comment_text.salted_hash(f"key:{key}") if key else None
            _lock(*filter(None, [key_hash, reader_hash, ip_hash, fp]))
            if key and (earlier := Comment.objects.filter(idempotency_key=key).first()):
                return Outcome("stored", earlier, replayed=True)
            if (
                Comment.objects.filter(article=article, fingerprint=fp)
                .exclude(status=Status.REJECTED)
                .exists()
            ):
                raise CommentError(
                    "Bình luận này đã được gửi trước đó.", field="body", status=409
                )
            _check_rate(rules, ip_hash, email_hash, now, reader_hash)
            status = Status.PENDING
            serious = any(f["kind"] != "spelling" for f in flags)
            if (
                policy == Policy.POST_TRUSTED
                and not serious
                and _trusted(ip_hash, email_hash)
            ):
                status = Status.APPROVED
            comment = Comment.objects.create(
                article=article,
                parent=parent,
                name=name,
                email=email,
                email_hash=email_hash,
                ip_hash=ip_hash,
                reader_hash=reader_hash,
                body=body,
                original_body=source,
                restored_body=restored,
                fingerprint=fp,
                status=status,
                flags=flags,
                flagged=serious,
                notify=bool(notify and email),
                idempotency_key=key,
                moderated_at=now if status == Status.APPROVED else None,
            )
    except IntegrityError:
        # Two tries with one key raced past the first check: the other one stored it.
        earlier = Comment.objects.filter(idempotency_key=key).first() if key else None
        if earlier is None:
            raise
        return Outcome("stored", earlier, replayed=True)
    if comment.status == Status.APPROVED:
        transaction.on_commit(lambda: notify_reply(comment))
    return Outcome("stored", comment)


def _check_content(text: str, rules: CommentSettings, *, name: str = "") -> None:
    """What no stored text may hold: HTML, too many links, banned words (in the name too).
    The same rules for the body and for the reader's own version kept beside it."""
    if "<" in text and ">" in text and comment_text.looks_like_html(text):
        raise CommentError(
            "Bình luận chỉ nhận chữ thường, không nhận mã HTML. Vui lòng bỏ các thẻ <…>.",
            field="body",
        )
    links = comment_text.count_links(text)
    if links > rules.max_links:
        raise CommentError(
            f"Bình luận có {links} liên kết; mỗi bình luận chỉ được tối đa {rules.max_links}.",
            field="body",
        )
    banned = comment_text.find_words(
        f"{name}\n{text}", comment_text.word_list(rules.banned_words), strict=True
    )
    if banned:
        raise CommentError(
            "Bình luận có từ ngữ không được phép đăng: "
            + ", ".join(banned)
            + ". Vui lòng sửa lại.",
            field="body",
        )


def _flags(
    body: str, name: str, rules: CommentSettings, *, unaccented: bool
) -> list[dict]:
    flags = []
    # The banned list, loosely, too: "dm" left unmarked in marked text is not refused
    # (it may be innocent) but a person should see it.
    words = comment_text.word_list(rules.suspect_words) + comment_text.word_list(
        rules.banned_words
    )
    for word in comment_text.find_words(f"{name}\n{body}", words):
        flags.append(
            {"kind": "suspect", "text": word, "message": f"Có từ cần xem xét: {word}"}
        )
    if unaccented:
        flags.append(
            {"kind": "unaccented", "text": "", "message": "Bạn đọc giữ bản không dấu"}
        )
    if scripts := comment_text.mixed_scripts(name):
        flags.append({
            "kind": "name",
            "text": name,
            "message": "Tên trộn chữ Latinh với chữ " + ", ".join(scripts)
            + " trông giống nhau (có thể giả danh)",
        })  # fmt: skip
    # Names the paper has published (Pù Nhi, Phàn Thị Huê) are no typos in a comment.
    for flag in proofread(body, published=known_names()):
        flags.append({
            "kind": "spelling",
            "text": flag.text,
            "suggestion": flag.suggestion or "",
            "message": flag.message,
        })  # fmt: skip
    return flags


def _trusted(ip_hash: str, email_hash: str) -> bool:
    """Post-moderation is earned: an approved comment and no rejected one."""
    who = Q(email_hash=email_hash) if email_hash else Q(ip_hash=ip_hash)
    history = Comment.objects.filter(who)
    return (
        history.filter(status=Status.APPROVED).exists()
        and not history.filter(status=Status.REJECTED).exists()
    )


# --- moderation -------------------------------------------------------------------------


def _log(comment, action, user, *, before="", after="", note=""):
    CommentLog.objects.create(
        comment=comment, action=action, user=user, before=before, after=after, note=note
    )


@transaction.atomic
def comment_edit(*, comment: Comment, user, body: str) -> bool:
    """Replace the public text; the reader's original and every earlier version stay."""
    body = comment_text.clean_body(body)
    if not body:
        raise CommentError(
            "Nội dung sau khi biên tập không được để trống.", field="body"
        )
    if len(body) > BODY_MAX:
        raise CommentError(f"Nội dung dài quá {BODY_MAX} ký tự.", field="body")
    if body == comment.body:
        return False
    _log(comment, CommentLog.Action.EDIT, user, before=comment.body, after=body)
    comment.body = body
    comment.edited_at = timezone.now()
    # The warnings follow the text now shown (a moderator who removed an insult removed
    # its flag); reports still waiting keep the comment flagged.
    comment.flags = _flags(body, comment.name, paper_settings(), unaccented=False)
    comment.flagged = comment.reported_at is not None or any(
        f["kind"] != "spelling" for f in comment.flags
    )
    comment.save(update_fields=["body", "edited_at", "flags", "flagged"])
    return True


def _moderate(
    comment: Comment, user, status: str, action: str, reason: str = ""
) -> None:
    comment.status = status
    comment.reject_reason = reason
    comment.moderated_at = timezone.now()
    comment.moderated_by = user
    comment.reported_at = None  # the reports it had are dealt with
    comment.save(
        update_fields=[
            "status", "reject_reason", "moderated_at", "moderated_by", "reported_at"
        ]
    )  # fmt: skip
    _log(comment, action, user, note=reason)


@transaction.atomic
def comment_approve(*, comment: Comment, user) -> None:
    if comment.status == Status.APPROVED:
        if comment.reported_at is not None:  # reported, read again, kept
            _moderate(comment, user, Status.APPROVED, CommentLog.Action.APPROVE,
                      "Giữ lại sau khi bị báo cáo")  # fmt: skip
        return
    _moderate(comment, user, Status.APPROVED, CommentLog.Action.APPROVE)
    transaction.on_commit(lambda: (notify_approved(comment), notify_reply(comment)))


@transaction.atomic
def comment_reject(*, comment: Comment, user, reason: str) -> None:
    reason = reason.strip()[:REASON_MAX]
    if not reason:
        raise CommentError("Vui lòng ghi lý do từ chối.", field="reason")
    _moderate(comment, user, Status.REJECTED, CommentLog.Action.REJECT, reason)


@transaction.atomic
def comment_ban(*, comment: Comment, user, kind: str, reason: str = "") -> Ban:
    if kind == Ban.Kind.EMAIL:
        if not comment.email_hash:
            raise CommentError("Bình luận này không có e-mail để chặn.")
        value = comment.email_hash
    elif kind == Ban.Kind.IP:
        value = comment.ip_hash
    else:
        raise CommentError("Kiểu chặn không hợp lệ.")
    ban, _ = Ban.objects.get_or_create(
        kind=kind,
        value_hash=value,
        defaults={"reason": reason[:REASON_MAX], "created_by": user},
    )
    _log(
        comment,
        CommentLog.Action.BAN,
        user,
        note=f"{Ban.Kind(kind).label}: {reason}"[:REASON_MAX],
    )
    return ban


def comment_report(*, comment: Comment, ip: str, reason: str) -> bool:
    """Count a reader's report once per IP; reported comments go back to the queue's top."""
    if reason not in Report.Reason.values:
        raise CommentError("Vui lòng chọn lý do báo cáo.", field="reason")
    return _once_per_reader(
        Report,
        comment,
        ip,
        {"reports": F("reports") + 1, "flagged": True, "reported_at": timezone.now()},
        reason=reason,
    )


def comment_like(*, comment: Comment, ip: str) -> bool:
    liked = _once_per_reader(Like, comment, ip, {"likes": F("likes") + 1})
    if liked:  # the count shows beside the comment in the cached block
        purge([surrogate_keys.likes(comment.article_id)])
    return liked


def _once_per_reader(
    model, comment: Comment, ip: str, counters: dict, **fields
) -> bool:
    """Record one reader's like or report (unique per comment and IP hash) and bump the
    comment's counter in the same transaction; False if this reader already did."""
    try:
        with transaction.atomic():
            model.objects.create(
                comment=comment, ip_hash=comment_text.salted_hash(ip), **fields
            )
            Comment.objects.filter(pk=comment.pk).update(**counters)
    except IntegrityError:
        return False
    return True


# --- notifications ----------------------------------------------------------------------


def _send(to: str, subject: str, message: str) -> None:
    try:
        send_mail(subject, message, settings.DEFAULT_FROM_EMAIL, [to])
    except Exception:  # a mail server outage must not undo a moderator's approval
        logger.exception("could not send comment notification")


def notify_approved(comment: Comment) -> None:
    if comment.notify and comment.email:
        url = comment.article.get_full_url()
        _send(
            comment.email,
            "Bình luận của bạn đã được đăng",
            f'Chào {comment.name},\n\nBình luận của bạn tại bài "{comment.article.title}" '
            f"đã được đăng:\n{url}#binh-luan-{comment.pk}\n\nCảm ơn bạn đã góp ý.",
        )


def notify_reply(comment: Comment) -> None:
    parent = comment.parent
    if parent and parent.notify and parent.email and parent.email != comment.email:
        url = comment.article.get_full_url()
        _send(
            parent.email,
            "Có người trả lời bình luận của bạn",
            f"Chào {parent.name},\n\n{comment.name} đã trả lời bình luận của bạn tại bài "
            f'"{comment.article.title}":\n\n{comment.body}\n\n{url}#binh-luan-{comment.pk}',
        )
