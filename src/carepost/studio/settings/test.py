"""Test settings: in-memory-ish SQLite unless DATABASE_URL points at PostgreSQL."""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import database_from_url, sqlite_database

DEBUG = False
SECRET_KEY = "test-only-key-0123456789abcdef0123456789abcdef"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed; never in production
_url = os.environ.get("DATABASE_URL")
DATABASES = {
    "default": database_from_url(_url)
    if _url
    else sqlite_database(Path(tempfile.gettempdir()) / "carepost-test" / "db.sqlite3")
}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
MEDIA_ROOT = Path(tempfile.gettempdir()) / "carepost-test" / "media"
CAREPOST_REQUIRE_MFA = True
