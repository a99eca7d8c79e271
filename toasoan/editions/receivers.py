from toasoan.serving import keys
from toasoan.serving.purge import purge


def settings_saved(sender, **kwargs):
    """The PDF link shows on every page of every edition (hard: a link the paper took
    away must not be served stale)."""
    purge([keys.EDITION_SETTINGS], removed=True)


def edition_deleting(sender, instance, **kwargs):
    """An edition deleted in the admin: its pages leave search, its files the storage,
    its pages the caches."""
    from .services import edition_deleted

    edition_deleted(instance, list(instance.pages.values_list("pk", flat=True)))
