"""Production: PostgreSQL and Redis from the environment, behind a full-page cache.

Every value that differs between machines comes from the environment; `make prod-up`
writes a complete one to var/prod/env, and README's "Production" section lists them.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import MIDDLEWARE


def env_flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    return default if value is None else value == "1"


DEBUG = False
try:
    SECRET_KEY = os.environ["SECRET_KEY"]
except KeyError as exc:
    raise ImproperlyConfigured("Set SECRET_KEY in the environment.") from exc
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h]
CSRF_TRUSTED_ORIGINS = [
    o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o
]

if os.environ.get("REDIS_URL"):
    # Django's cache (fragments, navigation, proofreading flags) in
    # Redis, shared by every worker on every machine. Timeouts are short so that a
    # Redis that is gone costs a request half a second, not a worker.
    CACHES = {
        "default": {
            "BACKEND": "toasoan.serving.redis_cache.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": "toasoan",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    # Sessions in the database with a copy in Redis: reads cost no query, and a Redis
    # that restarts empty (it keeps no snapshot: deploy/redis/redis.conf) or is gone
    # logs nobody out (toasoan.serving.redis_cache reads a lost server as a miss).
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

if not os.environ.get("DATABASE_URL"):
    # Without it base.py would quietly run production on a SQLite file.
    raise ImproperlyConfigured("Set DATABASE_URL (PostgreSQL) in the environment.")

# Static files: hashed names (a changed file is a new URL), so the front and browsers may
# keep them a year; WhiteNoise serves them from the app too, for the app port and for
# machines without the front. Photos (media) go to S3-compatible storage when a bucket
# is named, so that every app machine sees every upload; else the local disk, which the
# front serves.
_after = MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1
MIDDLEWARE = [
    *MIDDLEWARE[:_after],
    "whitenoise.middleware.WhiteNoiseMiddleware",  # where WhiteNoise asks to be
    *MIDDLEWARE[_after:],
]
WHITENOISE_MAX_AGE = 365 * 24 * 3600
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
if os.environ.get("TOASOAN_S3_BUCKET"):
    # https://django-storages.readthedocs.io/en/latest/backends/amazon-S3.html
    STORAGES["default"] = {
        # django-storages' S3Storage with long cache lifetimes for video segments.
        "BACKEND": "toasoan.foundation.storage.MediaStorage",
        "OPTIONS": {
            "bucket_name": os.environ["TOASOAN_S3_BUCKET"],
            "endpoint_url": os.environ.get("TOASOAN_S3_ENDPOINT") or None,
            "custom_domain": os.environ.get("TOASOAN_MEDIA_DOMAIN") or None,
            "querystring_auth": False,
            "file_overwrite": False,
        },
    }

# Trust X-Forwarded-Proto only behind the TLS proxy that sets it (and strips a client's):
# otherwise anyone could claim https and be sent HSTS or secure-only cookies over http.
if os.environ.get("TOASOAN_TLS_PROXY") == "1":
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Secure cookies and the HTTPS redirect are on unless the environment says this is a
# rehearsal on plain http://127.0.0.1 (make prod-up).
SESSION_COOKIE_SECURE = env_flag("TOASOAN_SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_flag("SECURE_SSL_REDIRECT", True)
# A year: browsers then never try plain http for the paper (what the HSTS preload list
# asks for, and Mozilla's recommendation); make prod-up's http rehearsal sets 0.
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_CONTENT_TYPE_NOSNIFF = True
# HSTS for subdomains and the browsers' preload list are decisions for the paper's own
# domain (a subdomain may still serve plain HTTP, and preload is hard to undo), not
# defaults a package can make: https://docs.djangoproject.com/en/5.2/ref/middleware/#http-strict-transport-security
SECURE_HSTS_INCLUDE_SUBDOMAINS = os.environ.get("SECURE_HSTS_INCLUDE_SUBDOMAINS") == "1"
SECURE_HSTS_PRELOAD = os.environ.get("SECURE_HSTS_PRELOAD") == "1"
SILENCED_SYSTEM_CHECKS = ["security.W005", "security.W021"]
if not SESSION_COOKIE_SECURE or not SECURE_SSL_REDIRECT:
    SILENCED_SYSTEM_CHECKS += ["security.W008", "security.W012", "security.W016"]

# Mail (password resets, moderators' notices): an SMTP relay from the environment.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS") == "1"
EMAIL_USE_SSL = os.environ.get("EMAIL_USE_SSL") == "1"
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)  # noqa: F405
