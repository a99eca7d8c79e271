"""Khóa đăng nhập: the managing editor sees who is locked out of the newsroom after too
many wrong passwords, and lifts a lock (logged)."""

from __future__ import annotations

import logging

from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from toasoan.foundation.pagination import id_from_query

from .logins import ADDRESS_FAILURE_LIMIT, locked_addresses
from .roles import MANAGING_EDITOR

log = logging.getLogger(__name__)
SHOWN = 200


def may_unlock(user) -> bool:
    return user.is_active and (
        user.is_superuser or user.groups.filter(name=MANAGING_EDITOR).exists()
    )


def lockouts(request):
    if not may_unlock(request.user):
        raise PermissionDenied
    if request.method == "POST":
        attempt = AccessAttempt.objects.filter(
            pk=id_from_query(request.POST.get("id"))
        ).first()
        what = request.POST.get("what")
        if attempt is None or what not in ("username", "ip"):
            messages.error(
                request, "Không tìm thấy lượt khóa này; có thể nó đã hết hạn."
            )
        elif what == "username":
            reset(username=attempt.username)
            log.warning(
                "login lock lifted for account %r by %s", attempt.username, request.user
            )
            messages.success(request, f"Đã mở khóa tài khoản {attempt.username}.")
        else:
            reset(ip=attempt.ip_address)
            log.warning(
                "login lock lifted for address %s by %s",
                attempt.ip_address,
                request.user,
            )
            messages.success(request, f"Đã mở khóa địa chỉ {attempt.ip_address}.")
        return redirect("newsroom_lockouts")
    attempts = list(AccessAttempt.objects.order_by("-attempt_time")[:SHOWN])
    locked = set(locked_addresses())
    return render(
        request,
        "newsroom/lockouts.html",
        {
            "header_title": "Khóa đăng nhập",
            "page_title": "Khóa đăng nhập",
            "header_icon": "lock",
            "attempts": attempts,
            "limit": settings.AXES_FAILURE_LIMIT,
            "address_limit": ADDRESS_FAILURE_LIMIT,
            "locked_addresses": locked,
        },
    )


def guide(request):
    """Trợ giúp → Hướng dẫn: a short Vietnamese guide for each of the user's roles (all
    of them for an administrator), in place of Wagtail's English editor guide."""
    from .roles import ROLES

    roles = [name for name in ROLES if request.user.groups.filter(name=name).exists()]
    shown = list(ROLES) if request.user.is_superuser or not roles else roles
    return render(
        request,
        "newsroom/guide.html",
        {
            "header_title": "Hướng dẫn sử dụng tòa soạn",
            "page_title": "Hướng dẫn",
            "header_icon": "help",
            "roles": roles,
            "shown": shown,
        },
    )
