"""Settings shared by every environment. Values come from the environment (CAREPOST_*)."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlparse

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("CAREPOST_DATA_DIR", Path.cwd() / "var")).resolve()

SECRET_KEY = os.environ.get("CAREPOST_SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = [h for h in os.environ.get("CAREPOST_ALLOWED_HOSTS", "").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",  # allauth's WebAuthn pages use it
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_tasks",
    "django_tasks_db",
    "carepost.studio.accounts",
    "carepost.studio.audit",
    "carepost.studio.workspaces",
    "carepost.studio.consent",
    "carepost.studio.claims",
    "carepost.studio.posts",
    "carepost.studio.reviews",
    "carepost.studio.publishing",
    "carepost.studio.demo",
]

MIDDLEWARE = [
    "carepost.studio.middleware.RequestSizeLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "carepost.studio.middleware.SessionLifetimeMiddleware",
    "carepost.studio.middleware.MfaRequiredMiddleware",
    "carepost.studio.middleware.ApplicationErrorMiddleware",
    "carepost.studio.middleware.TextInputMiddleware",
]

ROOT_URLCONF = "carepost.studio.urls"
WSGI_APPLICATION = "carepost.studio.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "carepost.studio.context_processors.studio",
            ],
        },
    },
]


def database_from_url(url: str) -> dict[str, object]:
    """A Django DATABASES entry from ``postgresql://user:pass@host:port/name?opt=v`` or
    ``sqlite:///path``."""
    parsed = urlparse(url)
    if parsed.scheme in ("postgres", "postgresql", "pgsql"):
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parsed.path.lstrip("/")),
            "USER": unquote(parsed.username or ""),
            "PASSWORD": unquote(parsed.password or ""),
            "HOST": parsed.hostname or "",
            "PORT": str(parsed.port or ""),
            "CONN_MAX_AGE": int(os.environ.get("CAREPOST_CONN_MAX_AGE", "60")),
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": dict(parse_qsl(parsed.query)),
        }
    if parsed.scheme == "sqlite":
        return sqlite_database(Path(unquote(parsed.path)))
    raise ValueError(f"DATABASE_URL: unsupported scheme {parsed.scheme!r} (postgresql or sqlite)")


def sqlite_database(path: Path) -> dict[str, object]:
    path.parent.mkdir(parents=True, exist_ok=True)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        "OPTIONS": {
            # WAL lets the web server read while the in-process worker writes;
            # IMMEDIATE takes the write lock up front instead of failing mid-transaction.
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;"
            ),
            "transaction_mode": "IMMEDIATE",
        },
    }


_db_url = os.environ.get("DATABASE_URL")
DATABASES = {
    "default": database_from_url(_db_url)
    if _db_url
    else sqlite_database(DATA_DIR / "carepost.sqlite3")
}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# allauth: email login, MFA (TOTP, recovery codes, WebAuthn passkeys).
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "optional"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = False
ACCOUNT_ADAPTER = "carepost.studio.accounts.adapter.AccountAdapter"
# Failed logins: 5 per 5 minutes for one account from one client address (the adapter keys
# them on account + IP), and 30 per 5 minutes from one address across accounts (spraying).
ACCOUNT_RATE_LIMITS = {"login_failed": "30/5m/ip,5/5m/key"}
# Users join by invitation; CAREPOST_SIGNUP_OPEN=1 lets anyone create an account (which still
# sees nothing until an owner adds it to a workspace, and cannot call the API).
CAREPOST_SIGNUP_OPEN = os.environ.get("CAREPOST_SIGNUP_OPEN", "0") == "1"
# Reverse proxies whose X-Forwarded-For is believed (addresses or networks, comma-separated).
CAREPOST_TRUSTED_PROXIES = [
    p.strip() for p in os.environ.get("CAREPOST_TRUSTED_PROXIES", "").split(",") if p.strip()
]
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = True
LOGIN_REDIRECT_URL = "/"
LOGIN_URL = "/accounts/login/"

# Rate-limit counters (and anything else cached) are shared by every worker and survive
# restarts: Django's database cache; `migrate` creates its table (carepost.studio.accounts).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "carepost_cache",
        # culling at the default 300 entries would let a flood of keys reset the counters
        "OPTIONS": {"MAX_ENTRIES": 100_000, "CULL_FREQUENCY": 4},
    }
}
EMAIL_TIMEOUT = int(os.environ.get("CAREPOST_EMAIL_TIMEOUT", "10"))
# Outgoing email (invitations, review requests, client approval links): SMTP in production;
# the demo (settings.dev) prints to the console, or writes files to CAREPOST_EMAIL_FILE_DIR.
EMAIL_HOST = os.environ.get("CAREPOST_SMTP_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("CAREPOST_SMTP_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("CAREPOST_SMTP_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("CAREPOST_SMTP_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("CAREPOST_SMTP_STARTTLS", "0") == "1"
EMAIL_USE_SSL = os.environ.get("CAREPOST_SMTP_SSL", "0") == "1"
DEFAULT_FROM_EMAIL = os.environ.get("CAREPOST_EMAIL_FROM", "carepost <noreply@localhost>")

# REST API uploads (/api/v1/check/upload): bytes per file, files per request.
CAREPOST_API_UPLOAD_MAX_BYTES = int(
    os.environ.get("CAREPOST_API_UPLOAD_MAX_BYTES", str(50 * 1024 * 1024))
)
CAREPOST_API_UPLOAD_MAX_FILES = int(os.environ.get("CAREPOST_API_UPLOAD_MAX_FILES", "10"))

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "media/"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

SESSION_COOKIE_HTTPONLY = True
# Automatic logoff: idle timeout and absolute lifetime (seconds), enforced by
# carepost.studio.middleware.SessionLifetimeMiddleware; the cookie never outlives the maximum.
CAREPOST_SESSION_IDLE_SECONDS = int(os.environ.get("CAREPOST_SESSION_IDLE_SECONDS", "900"))
CAREPOST_SESSION_MAX_SECONDS = int(os.environ.get("CAREPOST_SESSION_MAX_SECONDS", "43200"))
SESSION_COOKIE_AGE = CAREPOST_SESSION_MAX_SECONDS
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Members whose roles can see consent records (ePHI) must set up TOTP before using the studio.
CAREPOST_REQUIRE_MFA = os.environ.get("CAREPOST_REQUIRE_MFA", "1") != "0"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# The audit chain's HMAC key(s) never live in the database: CAREPOST_AUDIT_KEY (comma-separated,
# newest first) or CAREPOST_AUDIT_KEY_FILE; unset, a key is derived from the secret key
# (carepost.studio.audit.keys). Signed checkpoints of the chain's head go to this directory
# (hourly with `carepost serve`, or `carepost audit checkpoint` from cron): copy them off-host.
CAREPOST_AUDIT_CHECKPOINT_DIR = Path(
    os.environ.get("CAREPOST_AUDIT_CHECKPOINT_DIR", DATA_DIR / "audit-checkpoints")
)

# --- Bounds on each request's work (issue 11, findings 3 and 8) ---------------------------------
# Texts: see carepost.studio.posts.checking for what each bound covers.
CAREPOST_MAX_TEXT_CHARS = int(os.environ.get("CAREPOST_MAX_TEXT_CHARS", "65536"))
CAREPOST_MAX_CHECK_CHARS = int(
    os.environ.get("CAREPOST_MAX_CHECK_CHARS", str(4 * CAREPOST_MAX_TEXT_CHARS))
)
CAREPOST_CHECK_BUDGET_SECONDS = float(os.environ.get("CAREPOST_CHECK_BUDGET_SECONDS", "15"))
CAREPOST_CHECK_RATE_PER_MINUTE = int(os.environ.get("CAREPOST_CHECK_RATE_PER_MINUTE", "120"))
CAREPOST_CHECK_CHARS_PER_MINUTE = int(os.environ.get("CAREPOST_CHECK_CHARS_PER_MINUTE", "1000000"))
# Uploads (bytes): per kind (the platforms' own limits apply on top: carepost.studio.posts.
# uploads), per workspace in total, and pixels per image (read from the header, before any
# pixel is decoded; Pillow's own decompression-bomb threshold).
_MB = 1024 * 1024
CAREPOST_UPLOAD_MAX_BYTES = {
    "image": int(os.environ.get("CAREPOST_UPLOAD_MAX_IMAGE_MB", "8")) * _MB,
    "gif": int(os.environ.get("CAREPOST_UPLOAD_MAX_GIF_MB", "15")) * _MB,
    "video": int(os.environ.get("CAREPOST_UPLOAD_MAX_VIDEO_MB", "512")) * _MB,
}
CAREPOST_UPLOAD_MAX_PIXELS = int(os.environ.get("CAREPOST_UPLOAD_MAX_PIXELS", "89478485"))
CAREPOST_WORKSPACE_MEDIA_QUOTA_BYTES = (
    int(os.environ.get("CAREPOST_WORKSPACE_MEDIA_QUOTA_MB", "5120")) * _MB
)
# Request bodies. Form and JSON fields: 4 MB, above what the text bounds let through (ten 64K
# texts with form encoding), so an over-long text gets the 422 that names it rather than a bare
# 400. Files over 2.5 MB stream to a temporary file instead of memory. A whole request may be
# at most the largest upload plus 1 MB; a longer one is refused with 413 before its body is
# read (carepost.studio.middleware.RequestSizeLimitMiddleware).
DATA_UPLOAD_MAX_MEMORY_SIZE = 4 * _MB
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * _MB + _MB // 2
CAREPOST_MAX_REQUEST_BYTES = max(CAREPOST_UPLOAD_MAX_BYTES.values()) + _MB

CAREPOST_BASE_URL = os.environ.get("CAREPOST_BASE_URL", "http://127.0.0.1:8000")

CAREPOST_DEMO_EMAIL = "demo@carepost.example"
CAREPOST_DEMO_PASSWORD = "carepost-demo-2026"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("CAREPOST_LOG_LEVEL", "INFO")},
    "loggers": {"django_tasks_db": {"level": "WARNING"}, "django.tasks": {"level": "WARNING"}},
}
