from .base import *  # noqa: F403

DEBUG = True
# Development only: a fixed key is fine on a laptop; production.py requires SECRET_KEY.
SECRET_KEY = "dev-only-not-secret-toasoan"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
