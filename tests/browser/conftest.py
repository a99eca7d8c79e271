import shutil
from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parent.parent.parent / "test-artifacts"


def _find(*names):
    for name in names:
        path = shutil.which(name)
        if path:
            return path
    return None


@pytest.fixture(scope="session")
def chromium():
    """Debian's headless Chromium driven by Selenium. Installed by .ci/run; a missing
    browser is an error, never a silent skip."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    binary = _find("chromium", "chromium-browser", "google-chrome")
    driver_path = _find("chromedriver")
    assert binary and driver_path, (
        "Chromium and chromedriver are required (apt-get install chromium chromium-driver)"
    )
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--window-size=412,915",
        "--lang=vi",
        # A busy 2-core CI machine: never let Chromium throttle or park the renderer,
        # which shows as "Timed out receiving message from renderer".
        "--disable-renderer-backgrounding",
        "--disable-background-timer-throttling",
        "--disable-backgrounding-occluded-windows",
        "--disable-extensions",
        # Players are started by the tests' scripts, not a finger: sound may play.
        "--autoplay-policy=no-user-gesture-required",
    ):
        options.add_argument(arg)
    # Console messages, so a test can see what the Content-Security-Policy refused.
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


def log_in(chromium, live_server, user) -> None:
    """The browser holds ``user``'s admin session (logged in by Django's test client)."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    chromium.get(live_server.url + "/quan-tri/login/")
    chromium.add_cookie(
        {
            "name": settings.SESSION_COOKIE_NAME,
            "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
            "path": "/",
        }
    )


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


# Varnish with the project's VCL and the readers' front before it, for the browser tests
# that read through the cache as readers do.
from tests.serving.conftest import front, varnish  # noqa: E402, F401


def ranged_serve(request, path, document_root):
    """Media files as nginx serves them in production: with byte ranges (Django's own
    ``serve`` answers whole files only, and a browser cannot seek in audio without
    ranges)."""
    import mimetypes
    import re
    from pathlib import Path as _Path

    from django.http import FileResponse, Http404, HttpResponse

    root = _Path(document_root).resolve()
    target = (root / path).resolve()
    if root not in target.parents or not target.is_file():
        raise Http404
    size = target.stat().st_size
    kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
    found = re.fullmatch(r"bytes=(\d+)-(\d*)", request.headers.get("Range", ""))
    if not found:
        response = FileResponse(open(target, "rb"), content_type=kind)
        response["Accept-Ranges"] = "bytes"
        return response
    start = int(found.group(1))
    end = min(int(found.group(2) or size - 1), size - 1)
    with open(target, "rb") as fh:
        fh.seek(start)
        body = fh.read(end - start + 1)
    response = HttpResponse(body, status=206, content_type=kind)
    response["Content-Range"] = f"bytes {start}-{end}/{size}"
    response["Accept-Ranges"] = "bytes"
    return response
