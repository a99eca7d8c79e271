"""Login throttling for the newsroom (django-axes): five wrong passwords lock that
account from that address for 15 minutes, twenty from one address lock the address; the
managing editor sees the attempts and can lift a lock earlier."""

from __future__ import annotations

from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.utils import timezone
from wagtail.admin.forms.auth import LoginForm

from toasoan.serving.clients import client_ip


def login_username(request, credentials=None) -> str:
    """ "ThuKy " and "thuky" are one account to the lock, so case and spaces buy no tries."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    return str(username).strip().lower()


# One address trying many accounts (a password spray) is stopped after this many
# failures in all within the cool-off, whichever accounts they named.
ADDRESS_FAILURE_LIMIT = 20


class NewsroomLoginHandler(AxesDatabaseHandler):
    """django-axes' database handler, locking (account, address) pairs
    (``AXES_LOCKOUT_PARAMETERS``): a stranger's wrong passwords lock the stranger out,
    never the account's owner at another address. Besides, an address with
    ``ADDRESS_FAILURE_LIMIT`` failures over any accounts is locked as a whole. An IPv6
    address counts as its /64 (``serving.clients.client_ip``)."""

    def is_locked(self, request, credentials=None) -> bool:
        return super().is_locked(request, credentials) or self._address_locked(request)

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request, **kwargs)
        # The pair's count alone decides whether axes answers with the lockout page.
        if request is not None and self._address_locked(request):
            request.axes_locked_out = True

    @staticmethod
    def _address_locked(request) -> bool:
        return locked_addresses(client_ip(request)).exists()


def locked_addresses(address: str | None = None):
    """Addresses with ``ADDRESS_FAILURE_LIMIT`` failures over any accounts within the
    cool-off (only ``address``, when given): what the handler locks and what
    Khóa đăng nhập shows."""
    attempts = AccessAttempt.objects.filter(
        attempt_time__gte=timezone.now() - settings.AXES_COOLOFF_TIME
    )
    if address is not None:
        attempts = attempts.filter(ip_address=address)
    return (
        attempts.values("ip_address")
        .annotate(n=Sum("failures_since_start"))
        .filter(n__gte=ADDRESS_FAILURE_LIMIT)
        .values_list("ip_address", flat=True)
    )


class NewsroomLoginForm(LoginForm):
    """Wagtail's login form, whose password field has no label of its own (Django
    showed the field's name, "Password", on a Vietnamese page)."""

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["password"].label = "Mật khẩu"
        self.fields["remember"].label = "Ghi nhớ đăng nhập"
