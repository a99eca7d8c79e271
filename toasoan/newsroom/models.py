"""The newsroom's workflow step: group approval that knows about proofreading."""

from __future__ import annotations

from wagtail.models import AbstractGroupApprovalTask


class ProofreadApprovalTask(AbstractGroupApprovalTask):
    """Wagtail's group approval, but an article with proofreading flags nobody looked at
    cannot be approved in one click: the reviewer sees how many there are in the button
    ("Duyệt dù còn 2 chỗ có thể sai chính tả") and confirms in a dialog, with a note."""

    def get_actions(self, obj, user):
        actions = super().get_actions(obj, user)
        flags = _flag_count(obj)
        if not flags or not actions:
            return actions
        label = f"Duyệt dù còn {flags} chỗ có thể sai chính tả"
        return [a for a in actions if a[0] != "approve"] + [("approve", label, True)]

    @classmethod
    def get_description(cls):
        return (
            "Thành viên các nhóm được chọn duyệt bước này; bài còn lỗi chính tả chưa "
            "xử lý phải được xác nhận trước khi duyệt."
        )

    class Meta:
        verbose_name = "bước duyệt có soát chính tả"
        verbose_name_plural = "bước duyệt có soát chính tả"


def _flag_count(obj) -> int:
    from toasoan.articles.models import ArticlePage
    from toasoan.articles.proofreading import latest_flag_count

    page = getattr(obj, "specific_deferred", obj)
    if not isinstance(page, ArticlePage):
        return 0
    return latest_flag_count(page)


__all__ = ["ProofreadApprovalTask"]
