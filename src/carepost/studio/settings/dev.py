"""The embedded default: SQLite (WAL), in-process worker, console email, DEBUG on localhost."""

import os

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-change-me-0123456789abcdef"  # noqa: F405
ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost"]  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
if os.environ.get("CAREPOST_EMAIL_FILE_DIR"):  # one file per sent message, to read later
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = os.environ["CAREPOST_EMAIL_FILE_DIR"]
# The embedded demo signs in with a password only, unless CAREPOST_REQUIRE_MFA=1 is set;
# test and production settings always require MFA for roles that can see consent records.
CAREPOST_REQUIRE_MFA = os.environ.get("CAREPOST_REQUIRE_MFA", "0") == "1"
