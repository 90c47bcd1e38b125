"""The checker's exceptions.

Findings are never exceptions: a problem in the checked text is a ``Finding``.
Exceptions are for the caller's mistakes and broken configuration::

    CheckError                 anything the checker refuses to do
    ├── InputError             a text or batch line that cannot be checked (why + where)
    │   └── UnknownPlatformError
    ├── PolicyError            a policy file that cannot be loaded (file, line, key)
    ├── DataFileError          a shipped or organization data file (YAML pack) that is invalid
    └── UnknownRuleError       a rule code or selector that names no rule
"""

from __future__ import annotations

__all__ = [
    "CheckError",
    "DataFileError",
    "InputError",
    "PolicyError",
    "UnknownPlatformError",
    "UnknownRuleError",
]


class CheckError(Exception):
    """Base class of every exception the checker raises."""


class InputError(CheckError):
    """A text or input record that cannot be checked."""


class UnknownPlatformError(InputError):
    def __init__(self, platform: str, known: list[str]) -> None:
        self.platform = platform
        self.known = known
        super().__init__(f"unknown platform {platform!r}; known platforms: {', '.join(known)}")


class _LocatedError(CheckError):
    """An error in a file, with the file, line and key it concerns."""

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        key: str | None = None,
    ) -> None:
        self.reason = message
        self.path = path
        self.line = line
        self.key = key
        where = path or "<policy>"
        if line is not None:
            where += f":{line}"
        if key:
            where += f": {key}"
        super().__init__(f"{where}: {message}")


class PolicyError(_LocatedError):
    """A policy (``carepost.toml``) that cannot be loaded."""


class DataFileError(_LocatedError):
    """A YAML data file (phrase list, platform spec, guideline pack) that is invalid."""


class UnknownRuleError(CheckError):
    """A rule code, name or selector prefix that names no rule."""
