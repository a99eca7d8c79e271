import os

from .base import *  # noqa: F403

# `make run` shows the paper as readers see it: its own Vietnamese 404 and error pages.
# A developer who wants Django's tracebacks asks for them: TOASOAN_DEBUG=1.
DEBUG = os.environ.get("TOASOAN_DEBUG") == "1"
# Photos are served by the app here (nginx does it in production); static files by
# runserver's --insecure handler (toasoan serve), since DEBUG is off.
TOASOAN_SERVE_FILES = True
# Development only: a fixed key is fine on a laptop; production.py requires SECRET_KEY.
SECRET_KEY = "dev-only-not-secret-toasoan"
# Any name this computer is reached by (HOST=0.0.0.0 make run, then another computer
# on the network opens http://192.168.1.20:8000): links follow the address used.
ALLOWED_HOSTS = ["*"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
