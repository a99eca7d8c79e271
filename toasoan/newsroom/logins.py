"""Login throttling for the newsroom (django-axes): five wrong passwords lock the account
and the address for 15 minutes; the managing editor can lift a lock earlier."""

from __future__ import annotations


def login_username(request, credentials=None) -> str:
    """ "ThuKy " and "thuky" are one account to the lock, so case and spaces buy no tries."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    return str(username).strip().lower()
