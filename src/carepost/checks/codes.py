"""Codes are forever: renamed codes redirect, removed codes stay listed and are never reused."""

from __future__ import annotations

__all__ = ["REDIRECTS", "RETIRED"]

#: old code -> current code
REDIRECTS: dict[str, str] = {}

#: removed code -> why (shown when someone asks for it)
RETIRED: dict[str, str] = {}
