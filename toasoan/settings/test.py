"""Fast, deterministic settings for the test suite (as bakerydemo does)."""

import os
import tempfile

from .base import *  # noqa: F403

DEBUG = False
# A fragment computed to depend on a key no purge makes fails the test that renders it.
TOASOAN_STRICT_KEYS = True
SECRET_KEY = "test-only-not-secret"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Jobs run at once, in the test's own process; tests/jobs switch to the database
# backend and start a real worker process, which reads the test's database and media
# through these variables.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
if os.environ.get("TOASOAN_TEST_TASKS") == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
MEDIA_ROOT = os.environ.get("TOASOAN_TEST_MEDIA_ROOT") or tempfile.mkdtemp(
    prefix="toasoan-media-"
)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not :memory:, so that the live server's threads (browser tests) each open
    # their own connection, as in production.
    test_dir = tempfile.mkdtemp(prefix="toasoan-db-")
    DATABASES["default"]["TEST"] = {"NAME": f"{test_dir}/test.sqlite3"}  # noqa: F405
