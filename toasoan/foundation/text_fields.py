"""Every text the paper stores is what a reader sees: on save, each text field of the
paper's own models (articles and their pages' titles, authors, topics, sections, the
paper's settings, localities, comments...) loses its hidden characters
(``toasoan.vietnamese.visible``), and a one-line field its line breaks. StreamField
bodies are cleaned string by string.

A ``pre_save`` receiver rather than form cleaning, so that the admin, an import, the
scheduled publication of a revision and a script all store the same clean text.
"""

from __future__ import annotations

import json

from django.apps import apps
from django.db import models

from toasoan.vietnamese.visible import lines, one_line

_OWN_LABELS: set[str] | None = None
_FIELDS: dict[type, tuple[list[models.Field], list[models.Field]]] = {}


def _own_labels() -> set[str]:
    global _OWN_LABELS
    if _OWN_LABELS is None:
        _OWN_LABELS = {
            config.label
            for config in apps.get_app_configs()
            if config.name.startswith("toasoan.")
        }
    return _OWN_LABELS


def _text_fields(model: type) -> tuple[list[models.Field], list[models.Field]]:
    """(text fields, StreamFields) of a model, worked out once."""
    if model not in _FIELDS:
        from wagtail.fields import StreamField

        texts, streams = [], []
        for field in model._meta.concrete_fields:
            if isinstance(field, StreamField):
                streams.append(field)
            elif (
                isinstance(field, models.CharField | models.TextField)
                and not field.choices
                and field.name not in getattr(model, "TEXT_AS_SENT", ())
            ):
                # What people write; not what a program compares byte for byte (a
                # model names those in TEXT_AS_SENT: an idempotency key must match
                # its retry).
                texts.append(field)
        _FIELDS[model] = (texts, streams)
    return _FIELDS[model]


def _clean_raw(value):
    if isinstance(value, str):
        return lines(value)
    if isinstance(value, list):
        return [_clean_raw(item) for item in value]
    if isinstance(value, dict):
        return {key: _clean_raw(item) for key, item in value.items()}
    return value


def clean_text_fields(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or sender._meta.app_label not in _own_labels():
        return
    texts, streams = _text_fields(sender)
    for field in texts:
        if update_fields is not None and field.name not in update_fields:
            continue
        value = getattr(instance, field.attname)
        if not isinstance(value, str) or not value:
            continue
        cleaned = (
            one_line(value) if isinstance(field, models.CharField) else lines(value)
        )
        if cleaned != value:
            setattr(instance, field.attname, cleaned)
    for field in streams:
        if update_fields is not None and field.name not in update_fields:
            continue
        value = getattr(instance, field.attname)
        raw_data = field.get_prep_value(value)
        if isinstance(raw_data, str):
            raw_data = json.loads(raw_data)
        cleaned = _clean_raw(raw_data)
        if cleaned != raw_data:
            setattr(instance, field.attname, json.dumps(cleaned))
