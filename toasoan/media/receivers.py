def media_deleting(sender, instance, **kwargs):
    """A video deleted in the admin: its files leave the storage, its pages the caches."""
    from .services import media_deleted

    media_deleted(instance)
