"""One settings module, driven by the environment.

Embedded defaults (SQLite in ``KECHUANG_DATA_DIR``) make ``make demo`` work on a
fresh clone; ``DATABASE_URL`` switches to PostgreSQL; ``KECHUANG_PRODUCTION=1``
turns on the production checks (a secret key must come from the environment).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from kechuang.common.site_config import read_site_config

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("KECHUANG_DATA_DIR", "data")).resolve()

PRODUCTION = os.environ.get("KECHUANG_PRODUCTION", "") == "1"
DEBUG = os.environ.get("KECHUANG_DEBUG", "") == "1" and not PRODUCTION


def _private_data_dir() -> None:
    """The data folder (database, uploads, key) is this account's alone: created 0700, and tightened
    to 0700 if it is ours and open to others. Files in it are made 0600 (uploads: FILE_UPLOAD_PERMISSIONS;
    the SQLite file: kechuang.common.private_files)."""
    DATA_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)
    info = DATA_DIR.stat()
    if hasattr(os, "getuid") and info.st_uid == os.getuid() and info.st_mode & 0o077:
        DATA_DIR.chmod(0o700)


def _secret_key() -> str:
    key = os.environ.get("KECHUANG_SECRET_KEY", "")
    if key:
        return key
    if PRODUCTION:
        raise ImproperlyConfigured("生产模式必须通过环境变量 KECHUANG_SECRET_KEY 提供密钥")
    # Outside production a key is kept in the data folder so sessions survive restarts.
    _private_data_dir()
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        with os.fdopen(os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as out:
            out.write(secrets.token_urlsafe(50))
    return key_file.read_text(encoding="utf-8").strip()


SECRET_KEY = _secret_key()
_private_data_dir()
ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("KECHUANG_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("KECHUANG_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",  # serves the API docs page (Swagger UI) from static files, not from a CDN
    "kechuang.common",
    "kechuang.tenancy",
    "kechuang.notifications",
    "kechuang.plans",
    "kechuang.observations",
    "kechuang.registry",
    "kechuang.collection",
    "kechuang.evaluation",
    "kechuang.reports",
    "kechuang.public",
    "kechuang.home",
]

MIDDLEWARE = [
    "kechuang.common.request_log.RequestLogMiddleware",  # first: its time covers all the others
    "django.middleware.security.SecurityMiddleware",
    "kechuang.common.middleware.ContentSecurityPolicyMiddleware",  # static files and API too
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "kechuang.common.middleware.OutOfRangeIdMiddleware",
    "kechuang.common.busy.BusyDatabaseMiddleware",
]

ROOT_URLCONF = "kechuang.urls"
WSGI_APPLICATION = "kechuang.wsgi.application"

TEMPLATES = [
    {
        # Django's, letting each page's context go once rendered (common/template_backend.py).
        "BACKEND": "kechuang.common.template_backend.DjangoTemplates",
        "NAME": "django",  # the alias Django's own backend has
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kechuang.home.context_processors.nav",
                "kechuang.common.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'kechuang.sqlite3'}",
        conn_max_age=int(os.environ.get("KECHUANG_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"].setdefault("OPTIONS", {})
    # Concurrent writers queue instead of failing: every transaction takes the write lock when it
    # begins (IMMEDIATE) and waits up to ``timeout`` seconds for it; WAL lets readers (logins, pages)
    # go on while a writer writes. A writer still refused gets the retry page (common.busy), not a 500.
    DATABASES["default"]["OPTIONS"].update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": int(os.environ.get("KECHUANG_SQLITE_TIMEOUT", "20")),
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Not a rule for passwords: Django tells it when a password changed, and it ends the user's API tokens.
    {"NAME": "kechuang.tenancy.domain.tokens.PasswordChangeEndsTokens"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]  # project-wide CSS, scripts and vendored ECharts
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns about a missing root
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = DATA_DIR / "uploads"
FILE_UPLOAD_PERMISSIONS = 0o600  # stored plan documents: readable by this account only
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
MEDIA_URL = "/media/"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Uploads: plan documents and spreadsheets; larger bodies are refused before parsing.
KECHUANG_MAX_UPLOAD_BYTES = int(os.environ.get("KECHUANG_MAX_UPLOAD_BYTES", str(20 * 1024 * 1024)))
# Attachments to monthly reports and task updates (common/attachments.py): PDF, images, .xlsx, each at
# most this size, stored with random names under the data folder and served only after an access check.
KECHUANG_MAX_ATTACHMENT_BYTES = int(os.environ.get("KECHUANG_MAX_ATTACHMENT_BYTES", str(10 * 1024 * 1024)))
KECHUANG_ATTACHMENT_DIR = DATA_DIR / "attachments"
# Generated reports kept for download (reports/stored.py).
KECHUANG_REPORT_DIR = DATA_DIR / "reports"
# Backups (docs/backup.md): `kechuang run-scheduled` writes one a day into this folder and keeps the
# KECHUANG_BACKUP_KEEP most recent (0: no scheduled backups). /healthz fails below this much free disk.
KECHUANG_BACKUP_DIR = Path(os.environ.get("KECHUANG_BACKUP_DIR", "") or DATA_DIR / "backups").resolve()
KECHUANG_BACKUP_KEEP = int(os.environ.get("KECHUANG_BACKUP_KEEP", "7"))
KECHUANG_HEALTH_MIN_FREE_BYTES = int(os.environ.get("KECHUANG_HEALTH_MIN_FREE_BYTES", str(1024**3)))
# Report charts drawn before, by what they draw (reports/render/charts.py): shared by server processes.
KECHUANG_CHART_CACHE_DIR = DATA_DIR / "cache" / "charts"
# The server (waitress, cli/serve.py) refuses larger bodies before reading them: the largest upload
# plus room for the multipart envelope and the other form fields.
KECHUANG_MAX_REQUEST_BYTES = KECHUANG_MAX_UPLOAD_BYTES + 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024  # a form's fields or a JSON body, files excluded
# The review page saves a whole plan in one form (about 7 fields per indicator and 4 per target): a
# 100-indicator plan sends some 1,500. The byte limit above still bounds what a request may hold.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # larger uploads are spooled to a temporary file, not held in memory
# Every uploaded file is parsed in a child process (common/untrusted.py) that may use this much memory
# beyond what the server already holds, and is killed after this many seconds: a hostile file fails its
# own upload instead of the server. At most KECHUANG_PARSE_CHILDREN parse at once (one per core of a
# 2-core, 24 GB server: 2 × 1 GB); further uploads wait for a free slot.
KECHUANG_PARSE_MEMORY_BYTES = int(os.environ.get("KECHUANG_PARSE_MEMORY_BYTES", str(1024 * 1024 * 1024)))
# A child that finds the file is a scan lifts its own limit to this before loading the OCR models
# (measured: +1.4 GB of address space, 0.8 GB resident, for an A4 page); no other file gets past the 1 GB.
KECHUANG_PARSE_OCR_MEMORY_BYTES = int(
    os.environ.get("KECHUANG_PARSE_OCR_MEMORY_BYTES", str(2560 * 1024 * 1024))
)
KECHUANG_PARSE_SECONDS = float(os.environ.get("KECHUANG_PARSE_SECONDS", "60"))
KECHUANG_PARSE_CHILDREN = int(os.environ.get("KECHUANG_PARSE_CHILDREN", "2"))

# Content-Security-Policy on every response (common/middleware.py): scripts, styles, images and
# connections from this site only, no inline scripts; inline style *attributes* stay allowed (ECharts
# tooltips set them). KECHUANG_CSP replaces the whole policy (e.g. to add report-uri).
KECHUANG_CSP = os.environ.get("KECHUANG_CSP", "").strip() or (
    "default-src 'self'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)

# E-mail for notifications (kechuang.notifications, docs/notifications.md). With KECHUANG_EMAIL_HOST set,
# mail goes out through that SMTP server; without it, to the console (the demo and a fresh clone).
# Mail is queued with the action and sent after it commits; `kechuang run-scheduled` retries what failed.
# `kechuang setup` stores its answers in the data folder (common/site_config.py); the environment wins.
_SITE = read_site_config(DATA_DIR)


def _site(env: str, key: str, default: str = "") -> str:
    return os.environ.get(env, str(_SITE.get(key, default)))


EMAIL_HOST = _site("KECHUANG_EMAIL_HOST", "email_host")
EMAIL_BACKEND = os.environ.get("KECHUANG_EMAIL_BACKEND", "") or (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = int(_site("KECHUANG_EMAIL_PORT", "email_port", "25"))
EMAIL_HOST_USER = _site("KECHUANG_EMAIL_USER", "email_user")
EMAIL_HOST_PASSWORD = _site("KECHUANG_EMAIL_PASSWORD", "email_password")
EMAIL_USE_TLS = _site("KECHUANG_EMAIL_TLS", "email_tls") == "1"  # STARTTLS, usually port 587
EMAIL_USE_SSL = _site("KECHUANG_EMAIL_SSL", "email_ssl") == "1"  # implicit TLS, usually port 465
EMAIL_TIMEOUT = int(os.environ.get("KECHUANG_EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = _site("KECHUANG_EMAIL_FROM", "email_from", "科创平台 <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The address people open the site at, for links in e-mail (e.g. https://kechuang.example.gov.cn).
KECHUANG_SITE_URL = _site("KECHUANG_SITE_URL", "site_url").strip()
# The name in every page's header and title (e.g. 鹿城区科创规划监测评估平台); empty: the product's name.
KECHUANG_SITE_NAME = _site("KECHUANG_SITE_NAME", "site_name").strip()
# 0: the web server never talks to the mail server; only `kechuang run-scheduled` sends.
KECHUANG_EMAIL_IMMEDIATE = os.environ.get("KECHUANG_EMAIL_IMMEDIATE", "1") != "0"
KECHUANG_EMAIL_MAX_ATTEMPTS = int(os.environ.get("KECHUANG_EMAIL_MAX_ATTEMPTS", "8"))
# Scheduled reminders (`kechuang run-scheduled`): days before a monthly report's deadline; days before a
# task's deadline year ends; days before a qualification certificate expires.
KECHUANG_REPORT_DUE_DAYS = int(os.environ.get("KECHUANG_REPORT_DUE_DAYS", "3"))
KECHUANG_TASK_DUE_DAYS = tuple(
    int(d) for d in os.environ.get("KECHUANG_TASK_DUE_DAYS", "90,30").split(",") if d.strip()
)
KECHUANG_CERT_EXPIRY_DAYS = tuple(
    int(d) for d in os.environ.get("KECHUANG_CERT_EXPIRY_DAYS", "90,30").split(",") if d.strip()
)

SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# KECHUANG_HTTPS=1: served through the HTTPS reverse proxy of the README, which sets
# X-Forwarded-Proto. Plain HTTP is redirected to HTTPS, browsers are told to use only HTTPS (HSTS),
# cookies travel only over HTTPS. Without it (the plain-HTTP set-up for a trusted network) cookies
# are not marked secure, or a browser on http:// could never log in.
HTTPS = os.environ.get("KECHUANG_HTTPS", "") == "1"
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = int(os.environ.get("KECHUANG_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = os.environ.get("KECHUANG_HSTS_PRELOAD", "1") == "1"
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    KECHUANG_CSP += "; upgrade-insecure-requests"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # 403s and other refusals (django.request, django.security.*): one line each, no traceback
    # (common/log_filters.py); 500s keep theirs.
    "filters": {"one_line_refusals": {"()": "kechuang.common.log_filters.ClientErrorsWithoutTraceback"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["one_line_refusals"]}},
    "loggers": {
        "django.request": {"filters": ["one_line_refusals"]},
        # One line per request (common/request_log.py): user, method, path without query, status, time.
        # KECHUANG_REQUEST_LOG=0 turns it off (e.g. when the reverse proxy already logs).
        "kechuang.requests": {
            "handlers": ["console"],
            "level": "INFO" if os.environ.get("KECHUANG_REQUEST_LOG", "1") != "0" else "WARNING",
            "propagate": False,
        },
    },
    "root": {"handlers": ["console"], "level": os.environ.get("KECHUANG_LOG_LEVEL", "WARNING")},
}

# Failed-login counting (registry/login.py) and other short-lived counters; per process is enough
# for the embedded deployment, a shared cache can be configured with KECHUANG_CACHE_URL later.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "kechuang"}}
