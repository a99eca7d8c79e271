"""toasoan: software that runs a Vietnamese regional online newspaper."""

import os


def default_settings_module() -> str:
    """The settings both entry points (the `toasoan` command and the WSGI app) use when
    DJANGO_SETTINGS_MODULE is unset: production where the environment holds a
    SECRET_KEY (a server's does, always; production refuses to start without one),
    development on a laptop, which never needs one."""
    return os.environ.get("DJANGO_SETTINGS_MODULE") or (
        "toasoan.settings.production"
        if os.environ.get("SECRET_KEY")
        else "toasoan.settings.dev"
    )
