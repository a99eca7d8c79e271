"""The live app's background job: a post's photos and video posters, then the post."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from toasoan.articles.embeds import body_embed_urls, prepare_embeds
from toasoan.articles.pictures import body_photos, make_renditions
from toasoan.jobs.enqueue import job

from .models import LivePost


def post_subjects(kwargs_list: list[dict]) -> list[tuple[str, str]]:
    from django.urls import reverse

    ids = [k.get("post_id") for k in kwargs_list]
    found = LivePost.objects.select_related("coverage__article").in_bulk(
        [i for i in ids if isinstance(i, int)]
    )
    return [
        (
            f"{found[pk].coverage.article.title}: {found[pk]}",
            reverse("live_desk", args=[found[pk].coverage_id]),
        )
        if pk in found
        else (f"Cập nhật #{pk} (đã xóa)", "")
        for pk in ids
    ]


@job(label="Ảnh, video của cập nhật trực tiếp", subjects=post_subjects, priority=10)
def live_post_media_job(*, post_id: int) -> str:
    """Renditions for phones of a post's photos and its embeds' posters; then the post
    goes up (it waited as "Đang xử lý ảnh, video"). Whatever fails here (a broken photo,
    an unreachable provider, the storage) does not hold the post back: it goes up with
    the photo shown missing or the video as a link, and then the job fails naming what
    went wrong, so staff see it; a retry makes what is missing and purges only if it
    made something. A worker killed mid-job leaves the post waiting, and the job goes
    back to the queue (jobs.worker)."""
    from .services import _changed

    post = LivePost.objects.select_related("coverage").filter(pk=post_id).first()
    if post is None:
        return "đã xóa"
    failed: list[str] = []
    made = posters = 0
    try:
        images = {image.pk: image for image, _ in body_photos(post.body)}
        made = make_renditions(images.values(), failed)
        _, posters = prepare_embeds(body_embed_urls(post.body), failed)
    except Exception as exc:  # noqa: BLE001 (the post must not stay hidden)
        failed.append(str(exc))
    with transaction.atomic():
        post = (
            LivePost.objects.select_for_update(of=("self",))
            .select_related("coverage")
            .filter(pk=post_id)
            .first()
        )
        if post is None:  # deleted meanwhile
            return "đã xóa"
        if post.status == LivePost.PROCESSING:
            post.status = LivePost.PUBLISHED
            post.published_at = timezone.now()
            post.save(update_fields=["status", "published_at"])
            _changed(post.coverage, post)
        elif post.status == LivePost.PUBLISHED and (made or posters):
            _changed(post.coverage, post)  # readers' copies without the photos
    if failed:
        raise RuntimeError("Không làm được: " + "; ".join(failed))
    return f"{made} ảnh, {posters} ảnh bìa video"


@job(label="Cập nhật danh sách bài (tường thuật)")
def live_lists_job(*, article_id: int) -> None:
    """The lists, feeds and sitemaps that show a live page learn of its latest
    posts (its update time), a few minutes after a post (services.LISTS_EVERY)."""
    from .services import lists_changed

    lists_changed(article_id)
