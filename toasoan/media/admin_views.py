"""The newsroom's views of a video beyond Wagtail's forms: the uploader's endpoints (a
large file in pieces, resumable), captions, the poster, processing again."""

from __future__ import annotations

import json

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_http_methods, require_POST
from wagtail.admin import messages
from wagtail.log_actions import log

from . import captions, services
from .forms import CaptionForm
from .models import MediaCaption, MediaItem, MediaUpload


def _need(request, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied


def _error(message: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


@require_POST
def upload_start(request):
    """{"name", "size"} -> {"token", "received", "chunk"}: a new upload in pieces."""
    _need(request, "media.add_mediaitem")
    try:
        data = json.loads(request.body or b"{}")
        name, size = str(data.get("name", ""))[:255], int(data.get("size", -1))
        kind = "audio" if data.get("kind") == "audio" else "video"
    except (ValueError, TypeError):
        return _error("Yêu cầu không hợp lệ.")
    if size < 0:
        return _error("Thiếu kích thước tệp.")
    try:
        upload = services.upload_start(
            user=request.user, name=name, size=size, kind=kind
        )
    except ValidationError as exc:
        return _error(" ".join(exc.messages))
    return JsonResponse(
        {"token": upload.token, "received": 0, "chunk": services.CHUNK_BYTES}
    )


@require_http_methods(["GET", "POST"])
def upload_piece(request, token: str):
    """GET: how much arrived (to resume); POST: the next piece, its offset in the
    X-Upload-Offset header."""
    _need(request, "media.add_mediaitem")
    upload = MediaUpload.objects.filter(token=token, user=request.user).first()
    if upload is None:
        return _error("Phiên tải lên đã hết hạn: hãy chọn lại tệp.", status=404)
    if request.method == "POST":
        try:
            offset = int(request.headers.get("X-Upload-Offset", "-1"))
        except ValueError:
            offset = -1
        if offset < 0:
            return _error("Thiếu vị trí của phần tệp.")
        # Read from the stream: Django's in-memory limit is for forms, not pieces.
        data = request.read(services.CHUNK_BYTES + 1)
        try:
            upload = services.upload_append(upload=upload, offset=offset, data=data)
        except ValidationError as exc:
            fresh = MediaUpload.objects.filter(pk=upload.pk).first()
            return JsonResponse(
                {
                    "error": " ".join(exc.messages),
                    "received": fresh.received if fresh else 0,
                    "gone": fresh is None,
                },
                status=409 if fresh else 400,
            )
    return JsonResponse(
        {"received": upload.received, "size": upload.size, "done": upload.checked}
    )


@require_POST
def reprocess(request, pk: int):
    _need(request, "media.change_mediaitem")
    item = get_object_or_404(MediaItem, pk=pk)
    if not item.file:
        messages.error(request, "Không còn tệp gốc: hãy tải tệp lên lại.")
    else:
        services.media_process(item=item)
        messages.success(request, f"Đã đưa “{item}” vào hàng đợi xử lý lại.")
    return redirect("media:edit", pk)


@require_POST
def caption_add(request, pk: int):
    _need(request, "media.change_mediaitem")
    item = get_object_or_404(MediaItem, pk=pk)
    form = CaptionForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect("media:edit", pk)
    upload = form.cleaned_data["file"]
    if upload.size > captions.MAX_BYTES:  # said before reading it into memory
        messages.error(request, "Tệp phụ đề quá lớn (tối đa 2 MB).")
        return redirect("media:edit", pk)
    try:
        caption = services.caption_set(
            item=item,
            language=form.cleaned_data["language"],
            label=form.cleaned_data["label"],
            data=upload.read(),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        log(
            item,
            "media.captions",
            user=request.user,
            data={"language": caption.language},
        )
        messages.success(
            request, f"Đã thêm phụ đề {caption} ({caption.cues} câu) cho “{item}”."
        )
    return redirect("media:edit", pk)


@require_POST
def caption_delete(request, pk: int):
    _need(request, "media.change_mediaitem")
    caption = get_object_or_404(MediaCaption.objects.select_related("media"), pk=pk)
    item = caption.media
    services.caption_delete(caption=caption)
    messages.success(request, f"Đã xóa phụ đề {caption}.")
    return redirect("media:edit", item.pk)


@require_POST
def poster_choose(request, pk: int):
    _need(request, "media.change_mediaitem")
    item = get_object_or_404(MediaItem, pk=pk)
    try:
        services.poster_choose(item=item, index=int(request.POST.get("index", "0")))
    except (ValueError, ValidationError):
        messages.error(request, "Không có khung hình này.")
    else:
        messages.success(request, "Đã đổi ảnh đại diện của video.")
    return redirect("media:edit", pk)
