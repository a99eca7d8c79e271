"""Settings shared by every environment; what differs between machines comes from the
environment (DATABASE_URL, REDIS_URL, SECRET_KEY, ...)."""

import datetime
import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
PROJECT_DIR = BASE_DIR.parent
# Runtime data (SQLite file, uploaded media, demo passwords) lives outside the package.
VAR_DIR = Path(os.environ.get("TOASOAN_VAR_DIR", PROJECT_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)  # SQLite cannot create its directory

# Our apps form one-way layers (CONTRIBUTING.md, checked by `lint-imports`): vietnamese ->
# places -> weather -> articles -> comments, search, ingest -> newsroom.
INSTALLED_APPS = [
    "toasoan.foundation",
    "toasoan.places",
    "toasoan.weather",
    "toasoan.media",
    "toasoan.articles",
    "toasoan.comments",
    "toasoan.search",
    "toasoan.ingest",
    "toasoan.live",
    "toasoan.editions",
    "toasoan.channels",
    "toasoan.podcasts",
    "toasoan.serving",
    "toasoan.newsroom",
    "toasoan.jobs",
    "django_tasks_db",
    "wagtail.contrib.redirects",
    "wagtail.contrib.table_block",
    "wagtail.contrib.settings",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # For its Vietnamese only: Wagtail's workflow status says when a step started with
    # humanize's naturaltime ("27 giây trước"), whose words load only from an installed app.
    "django.contrib.humanize",
    "axes",
]

# No LocaleMiddleware: the site speaks Vietnamese only, so responses carry no
# `Vary: Accept-Language`. Sessions and CSRF only touch responses that use them, which keeps
# anonymous article pages free of cookies and `Vary: Cookie`, so a full-page cache can
# serve them (https://docs.djangoproject.com/en/5.2/topics/cache/#using-vary-headers).
MIDDLEWARE = [
    # Outermost: writes the full-page cache's headers on the finished response.
    "toasoan.serving.middleware.CacheHeaders",
    "toasoan.serving.middleware.ReadFromReplica",
    "django.middleware.security.SecurityMiddleware",
    "toasoan.foundation.middleware.RequestOrigin",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # After WhiteNoise (production puts it after SecurityMiddleware): files need no site.
    "toasoan.serving.memo.SiteGeneration",
    "toasoan.foundation.middleware.CommonMiddleware",  # Django's; slashes added for GET only
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Reader URLs with the old `?page=N` answer 301 to `?trang=N`.
    "toasoan.foundation.pagination.LegacyPageParameter",
    "toasoan.foundation.middleware.SecurityHeaders",
    # Last, as django-axes asks: turns a locked-out login into its answer.
    "axes.middleware.AxesMiddleware",
]

# Login throttling (OWASP ASVS V2.2.1) with django-axes: five wrong passwords lock that
# account from that address for 15 minutes (so a stranger hammering an account locks
# only the stranger; its owner logs in from elsewhere), and twenty failures from one
# address, whatever the accounts, lock the address (newsroom.logins); a good login
# clears the count. Failures are stored and logged ("AXES: New login failure"); the
# managing editor sees them and lifts a lock in the admin (Khóa đăng nhập).
# https://django-axes.readthedocs.io/
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "toasoan.newsroom.logins.NewsroomLoginHandler"
WAGTAILADMIN_USER_LOGIN_FORM = "toasoan.newsroom.logins.NewsroomLoginForm"
# Wagtail's "what's new" banner links to its English release notes.
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "newsroom/lockout.html"
# The address the comments' rate limits see (TOASOAN_CLIENT_IP_HEADER behind a proxy).
AXES_CLIENT_IP_CALLABLE = "toasoan.serving.clients.client_ip"
AXES_USERNAME_CALLABLE = "toasoan.newsroom.logins.login_username"
# Django's admin is not installed; the lockouts view lives in Wagtail's admin.
AXES_ENABLE_ADMIN = False

# Reader pages load scripts, styles, images and forms from this site only: the templates
# carry no inline script or style, and the comment block is fetched from the same origin.
# Media on another host (a CDN, S3) goes in TOASOAN_CSP. The admin is left out (Wagtail's
# pages use inline scripts): https://developer.mozilla.org/docs/Web/HTTP/CSP
# The players a reader's tap puts in place of an embed's poster (articles.embeds): kept
# in a policy set in TOASOAN_CSP that says nothing of frames.
EMBED_FRAMES = (
    "frame-src https://www.youtube-nocookie.com https://www.facebook.com "
    "https://www.tiktok.com https://platform.twitter.com"
)
CONTENT_SECURITY_POLICY = os.environ.get(
    "TOASOAN_CSP",
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'self'; "
    "base-uri 'self'; object-src 'none'",
)
if CONTENT_SECURITY_POLICY and "frame-src" not in CONTENT_SECURITY_POLICY:
    CONTENT_SECURITY_POLICY += "; " + EMBED_FRAMES
# The paper's videos: hls.js feeds the <video> through a blob: URL (Media Source).
if CONTENT_SECURITY_POLICY and "media-src" not in CONTENT_SECURITY_POLICY:
    CONTENT_SECURITY_POLICY += "; media-src 'self' blob:"
# Embedded posts and videos: what their providers say is fetched when the editor saves
# (articles.embeds), with a time limit; Facebook answers only with the paper's app token
# ("app-id|app-secret" of a Facebook app, https://developers.facebook.com/docs/plugins/oembed).
WAGTAILEMBEDS_FINDERS = [{"class": "toasoan.articles.embeds.TimedOEmbedFinder"}]
TOASOAN_FACEBOOK_TOKEN = os.environ.get("TOASOAN_FACEBOOK_TOKEN", "")
# Staff avatars are uploaded, never fetched from Gravatar: the admin would send every
# editor's e-mail hash to a third party (and wait for it on a newsroom without Internet).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# A newspaper needs none of these browser features.
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()"
)

ROOT_URLCONF = "toasoan.urls"
# Where the newsroom (Wagtail's admin) lives; reader-only middleware leaves it alone.
ADMIN_PREFIX = "/quan-tri/"
# Where a login-restricted page sends a visitor: the newsroom's own login (by name).
LOGIN_URL = "wagtailadmin_login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "toasoan.articles.context_processors.navigation",
            ],
        },
    },
]

WSGI_APPLICATION = "toasoan.wsgi.application"

# SQLite is the embedded default: WAL lets readers work while one writer writes, and
# IMMEDIATE transactions take the write lock up front instead of failing with
# "database is locked" half-way (https://docs.djangoproject.com/en/5.2/ref/databases/#sqlite-transaction-behavior).
SQLITE_PATH = VAR_DIR / "toasoan.sqlite3"
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{SQLITE_PATH}", conn_max_age=60, conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

# Reads of anonymous readers' pages from a streaming replica, when there is one; the
# admin, every write and the loops use the primary (toasoan.serving.routers).
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"], conn_max_age=60, conn_health_checks=True
    )
    DATABASE_ROUTERS = ["toasoan.serving.routers.ReplicaRouter"]

# The full-page caches to purge by surrogate key when content changes (comma-separated
# base URLs of Varnish, e.g. http://127.0.0.1:8080); none on a laptop.
TOASOAN_PURGE_URLS = [
    u for u in os.environ.get("TOASOAN_PURGE_URLS", "").split(",") if u.strip()
]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# Day-first dates in every form and widget of the admin (settings/formats/vi).
FORMAT_MODULE_PATH = ["toasoan.settings.formats"]

# Wagtail's Vietnamese catalogue leaves the sidebar and editor buttons in English;
# ours fills those gaps (scripts/build_admin_vi.py).
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"

WAGTAIL_SITE_NAME = "Báo Thanh Hóa (demo)"
WAGTAILADMIN_BASE_URL = os.environ.get("TOASOAN_BASE_URL", "http://127.0.0.1:8000")
# The newsroom works in Vietnamese; editors may still pick English in their profile.
WAGTAILADMIN_PERMITTED_LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
WAGTAIL_I18N_ENABLED = False
# Slugs are ASCII, with marks folded (đ -> d), like the paper's own /{slug}-{id}.htm.
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
# Slow work (share cards, related lists; later transcodes and PDF pages) runs in
# `toasoan worker`, never in a request: jobs are rows in the paper's own database
# (django-tasks-db), so they survive restarts and any app machine's worker takes them.
# Wagtail's own tasks (reference index, image hashes) go the same way.
# https://docs.wagtail.org/en/stable/reference/settings.html#tasks
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A running job whose worker has not beaten for this long is put back in the queue.
# How often a live page's readers ask for its updates (toasoan.live): 10 s (plus up to a
# fifth more, at random, so readers do not ask in step).
TOASOAN_LIVE_POLL_SECONDS = int(os.environ.get("TOASOAN_LIVE_POLL_SECONDS", "10"))
# The print edition (toasoan.editions): the largest PDF the managing editor may upload,
# and its most pages.
TOASOAN_EDITION_MAX_MB = int(os.environ.get("TOASOAN_EDITION_MAX_MB", "300"))
TOASOAN_EDITION_MAX_PAGES = int(os.environ.get("TOASOAN_EDITION_MAX_PAGES", "64"))
# Video and audio (toasoan.media): the largest upload the newsroom may send (4 GB by
# default), the longest programme, and the HLS ladder: "height:kbit/s" rungs, each made
# only when the upload is at least that tall (never upscaled); an H.264/AAC upload of a
# rung's height is packaged as it is, not encoded again.
TOASOAN_MEDIA_MAX_MB = int(os.environ.get("TOASOAN_MEDIA_MAX_MB", "4096"))
TOASOAN_MEDIA_MAX_HOURS = float(os.environ.get("TOASOAN_MEDIA_MAX_HOURS", "4"))
# Podcasts and radio programmes: the loudness every episode is brought to (EBU R128, in
# LUFS; -16 is what podcast apps expect, -23 broadcast).
TOASOAN_AUDIO_LUFS = float(os.environ.get("TOASOAN_AUDIO_LUFS", "-16"))
TOASOAN_VIDEO_LADDER = os.environ.get(
    "TOASOAN_VIDEO_LADDER", "360:800,720:2500,1080:5000"
)
# What ffmpeg may use on a crafted or huge upload: memory (MB) and wall time per second
# of programme (plus ten minutes), per run.
TOASOAN_FFMPEG_MEMORY_MB = int(os.environ.get("TOASOAN_FFMPEG_MEMORY_MB", "4096"))
TOASOAN_FFMPEG_SECONDS_PER_SECOND = float(
    os.environ.get("TOASOAN_FFMPEG_SECONDS_PER_SECOND", "20")
)
TOASOAN_JOBS_STALE_SECONDS = int(os.environ.get("TOASOAN_JOBS_STALE_SECONDS", "60"))
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
# Every upload is stored without GPS, camera or author metadata (articles.photos).
WAGTAILIMAGES_IMAGE_FORM_BASE = "toasoan.articles.photos.PhotoForm"
# 50 megapixels (a 48 MP phone, a 45 MP camera): decoding one takes ~200 MB, not the
# ~500 MB and 15 s of Wagtail's default 128 MP, and a bigger photo is refused with its
# reason before anything opens its pixels.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 50_000_000
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "odt"]
# Workflows (draft -> review -> publish) and moderation are on by default in Wagtail 7.
WAGTAIL_WORKFLOW_ENABLED = True

# Comments: a form must have been open this long before it is sent (bots are faster);
# behind a reverse proxy, name the header that carries the reader's IP, e.g.
# "HTTP_X_REAL_IP", and make sure the proxy overwrites it.
COMMENTS_MIN_FILL_SECONDS = 3
COMMENTS_CLIENT_IP_HEADER = os.environ.get("TOASOAN_CLIENT_IP_HEADER", "")
# Salt for the IP and e-mail hashes; falls back to SECRET_KEY.
COMMENTS_HASH_SALT = os.environ.get("TOASOAN_HASH_SALT", "")
DEFAULT_FROM_EMAIL = os.environ.get(
    "TOASOAN_FROM_EMAIL", "Tòa soạn <toasoan@localhost>"
)

# Weather (Open-Meteo, no key): fetched in the background, never while a page renders.
WEATHER_API_URL = os.environ.get(
    "TOASOAN_WEATHER_URL", "https://api.open-meteo.com/v1/forecast"
)
# The unit whose weather the home page shows: Phường Hạc Thành, seat of Thanh Hóa province.
WEATHER_DEFAULT_CODE = os.environ.get("TOASOAN_WEATHER_CODE", "14797")

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
