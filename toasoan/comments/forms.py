"""The reader's comment form: field parsing, the honeypot and the minimum fill time.

The content rules (length, links, word lists, rate limits, bans) live in services, so the
HTML form and the JSON API answer the same way.
"""

from __future__ import annotations

import time
import uuid

from django import forms
from django.conf import settings
from django.core import signing

from .models import NAME_MAX, RAW_BODY_MAX, Report

SIGNER_SALT = "toasoan.comments.form"
# Long enough to write a long comment with a break; one token no longer serves a bot for a
# day, nor on another article.
FORM_MAX_AGE = 4 * 3600


READER_SALT = "toasoan.comments.reader"
READER_MAX_AGE = 365 * 24 * 3600


def reader_token() -> str:
    """A new browser's signed identity (random, nothing about the person), kept by
    site.js in localStorage: the rate limits count per browser with it."""
    return signing.TimestampSigner(salt=READER_SALT).sign(uuid.uuid4().hex)


def reader_id(token: str) -> str:
    """The id inside a genuine reader token, or "" (missing, forged or older than a year)."""
    try:
        return signing.TimestampSigner(salt=READER_SALT).unsign(
            token or "", max_age=READER_MAX_AGE
        )
    except (signing.BadSignature, ValueError):
        return ""


def form_token(article_id: int) -> str:
    """Signed article and time the form was served: proves a person had this article's
    form open for a moment."""
    return signing.TimestampSigner(salt=SIGNER_SALT).sign(
        f"{article_id}:{int(time.time())}"
    )


def well_formed_unicode(value: str) -> None:
    """A lone surrogate ("\\ud800" in JSON) cannot be stored or shown: refuse it here."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise forms.ValidationError(
            "Nội dung có ký tự không hợp lệ. Vui lòng gõ lại rồi gửi."
        ) from exc


class CommentForm(forms.Form):
    name = forms.CharField(
        label="Họ tên",
        max_length=NAME_MAX,
        error_messages={
            "required": "Vui lòng nhập tên của bạn.",
            "max_length": f"Tên dài quá {NAME_MAX} ký tự.",
        },
    )
    email = forms.EmailField(
        label="E-mail (không bắt buộc, không hiển thị)",
        required=False,
        error_messages={"invalid": "Địa chỉ e-mail không hợp lệ."},
    )
    body = forms.CharField(
        label="Ý kiến của bạn",
        max_length=RAW_BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        strip=False,
        error_messages={
            "required": "Vui lòng nhập nội dung bình luận.",
            "max_length": "Bình luận quá dài.",
        },
    )
    notify = forms.BooleanField(
        label="Báo cho tôi qua e-mail khi bình luận được đăng hoặc có người trả lời",
        required=False,
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)
    # Honeypot: hidden from people by CSS, filled in by form-filling bots.
    website = forms.CharField(label="Để trống ô này", required=False)
    ts = forms.CharField(
        widget=forms.HiddenInput,
        error_messages={"required": "Biểu mẫu thiếu mã, vui lòng tải lại trang."},
    )
    idempotency_key = forms.CharField(
        widget=forms.HiddenInput, required=False, max_length=64
    )
    confirmed = forms.BooleanField(widget=forms.HiddenInput, required=False)
    reader = forms.CharField(widget=forms.HiddenInput, required=False, max_length=200)
    original = forms.CharField(
        widget=forms.HiddenInput, required=False, max_length=RAW_BODY_MAX, strip=False
    )

    def __init__(self, *args, article_id: int, tokens: bool = True, **kwargs):
        """``tokens=False``: the form as every reader gets it from the cache, its
        per-reader fields empty (site.js fills them from ``/binh-luan/<id>/phien``)."""
        self.article_id = article_id
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField):
                field.validators.append(well_formed_unicode)
        if not self.is_bound and tokens:
            self.initial.setdefault("ts", form_token(article_id))
            self.initial.setdefault("idempotency_key", uuid.uuid4().hex)
            self.initial.setdefault("reader", reader_token())

    def clean_reader(self):
        return reader_id(self.cleaned_data.get("reader", ""))

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError("Không gửi được bình luận.")
        return ""

    def clean_ts(self):
        try:
            signed = signing.TimestampSigner(salt=SIGNER_SALT).unsign(
                self.cleaned_data["ts"], max_age=FORM_MAX_AGE
            )
            article, _, served = signed.partition(":")
            if article != str(self.article_id):
                raise ValueError("a token of another article")
            started = int(served)
        except (signing.BadSignature, ValueError) as exc:
            raise forms.ValidationError(
                "Biểu mẫu đã hết hạn hoặc không hợp lệ. Vui lòng tải lại trang rồi gửi lại."
            ) from exc
        if time.time() - started < getattr(settings, "COMMENTS_MIN_FILL_SECONDS", 3):
            raise forms.ValidationError(
                "Bạn gửi quá nhanh sau khi mở trang. Vui lòng đọc lại bình luận rồi bấm Gửi."
            )
        return self.cleaned_data["ts"]

    def first_errors(self) -> dict[str, list[str]]:
        errors = {}
        for field, messages in self.errors.items():
            target = "__all__" if field in {"website", "ts"} else field
            errors.setdefault(target, []).extend(messages)
        return errors


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label="Lý do",
        choices=Report.Reason.choices,
        error_messages={
            "required": "Vui lòng chọn lý do báo cáo.",
            "invalid_choice": "Lý do không hợp lệ.",
        },
    )
