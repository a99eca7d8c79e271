"""Every text the paper stores is what a reader sees: on save, each text field of the
paper's own models (articles and their pages' titles, authors, topics, sections, the
paper's settings, localities, comments...) loses its hidden characters
(``toasoan.vietnamese.visible``), and a one-line field its line breaks. StreamField
bodies are cleaned string by string.

A ``pre_save`` receiver rather than form cleaning, so that the admin, an import, the
scheduled publication of a revision and a script all store the same clean text.
"""

from __future__ import annotations

import functools
import json

from django.apps import apps
from django.db import models

from toasoan.vietnamese.visible import lines, one_line


@functools.cache
def _own_labels() -> frozenset[str]:
    return frozenset(
        config.label
        for config in apps.get_app_configs()
        if config.name.startswith("toasoan.")
    )


@functools.cache
def _text_fields(model: type) -> tuple[list[models.Field], list[models.Field]]:
    """(text fields, StreamFields) of a model, worked out once."""
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
            # What people write; not what a program compares byte for byte (a model
            # names those in TEXT_AS_SENT: an idempotency key must match its retry).
            texts.append(field)
    return texts, streams


def map_strings(value, change):
    """``value`` (JSON-like: lists, tuples, dicts) with ``change`` applied to every
    string in it: a StreamField's raw data here, a feed's items in articles.feeds."""
    if isinstance(value, str):
        return change(value)
    if isinstance(value, list | tuple):
        return type(value)(map_strings(item, change) for item in value)
    if isinstance(value, dict):
        return {key: map_strings(item, change) for key, item in value.items()}
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
        cleaned = map_strings(raw_data, lines)
        if cleaned != raw_data:
            setattr(instance, field.attname, json.dumps(cleaned))
