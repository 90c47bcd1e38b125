"""Secrets encrypted at rest — platform access and refresh tokens, signed consent forms — with
Fernet (AES-128-CBC + HMAC-SHA256).

Keys: ``CAREPOST_TOKEN_KEYS`` (setting or environment), comma-separated Fernet keys, newest
first. Encryption uses the first; decryption tries each (``MultiFernet``), so a key can be added
in front and ``carepost manage publishing_rotate_keys`` re-encrypts every row with it before
the old key is removed. Without configured keys (development, tests) one key is derived from
``SECRET_KEY``. A value that no key can decrypt fails closed (``TokenDecryptError``).
"""

from __future__ import annotations

import base64
import hashlib
import os
from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import models

__all__ = [
    "PREFIX",
    "EncryptedTextField",
    "Secret",
    "TokenDecryptError",
    "configured_keys",
    "decrypt",
    "encrypt",
    "fernet",
    "rotate",
]

PREFIX = "fernet:"


class TokenDecryptError(Exception):
    """A stored token cannot be decrypted with any configured key (wrong or removed key)."""


def configured_keys() -> list[str]:
    raw = getattr(settings, "CAREPOST_TOKEN_KEYS", None) or os.environ.get(
        "CAREPOST_TOKEN_KEYS", ""
    )
    keys = [k.strip() for k in (raw.split(",") if isinstance(raw, str) else raw) if k.strip()]
    if not keys:
        digest = hashlib.sha256(f"carepost-token-key:{settings.SECRET_KEY}".encode()).digest()
        keys = [base64.urlsafe_b64encode(digest).decode()]
    return keys


@lru_cache(maxsize=8)
def _multi(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(k.encode()) for k in keys])


def fernet() -> MultiFernet:
    return _multi(tuple(configured_keys()))


def encrypt(value: str) -> str:
    if not value:
        return ""
    return PREFIX + fernet().encrypt(value.encode()).decode()


def decrypt(stored: str) -> str:
    if not stored:
        return ""
    if not stored.startswith(PREFIX):
        raise TokenDecryptError("stored token is not encrypted (refusing plaintext)")
    try:
        return fernet().decrypt(stored[len(PREFIX) :].encode()).decode()
    except InvalidToken:
        raise TokenDecryptError("no configured key decrypts this token") from None


def rotate(stored: str) -> str:
    if not stored:
        return ""
    try:
        return PREFIX + fernet().rotate(stored[len(PREFIX) :].encode()).decode()
    except InvalidToken:
        raise TokenDecryptError("no configured key decrypts this token") from None


class Secret(str):
    """A decrypted token that never shows itself in repr/logs."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "Secret('***')"


class EncryptedTextField(models.TextField):
    """Stores ``fernet:<token>``; Python side sees the plaintext as :class:`Secret`."""

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None:
            return value
        return Secret(decrypt(value))

    def to_python(self, value: Any) -> Any:
        if value is None or isinstance(value, Secret):
            return value
        if isinstance(value, str) and value.startswith(PREFIX):
            return Secret(decrypt(value))
        return Secret(value)

    def get_prep_value(self, value: Any) -> Any:
        if value is None:
            return value
        return encrypt(str(value))
