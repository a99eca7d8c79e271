"""Media on S3-compatible object storage (``TOASOAN_S3_BUCKET``), for several app
machines: django-storages' S3Storage, with the cache lifetimes nginx gives the same
files on a local disk (deploy/nginx/files.conf)."""

from __future__ import annotations

from storages.backends.s3 import S3Storage

# Folders whose files never change once written: each video run and print edition run
# writes a folder of its own, a caption gets a new name when replaced.
IMMUTABLE = ("video/", "editions/")


class MediaStorage(S3Storage):
    def get_object_parameters(self, name: str) -> dict:
        params = super().get_object_parameters(name)
        if name.startswith(IMMUTABLE):
            params.setdefault("CacheControl", "public, max-age=31536000, immutable")
        else:
            params.setdefault("CacheControl", "public, max-age=604800")
        return params
