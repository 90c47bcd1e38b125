"""One rule for text that comes from a request, used by every form, view and API schema.

Text is refused (a 4xx that names the field) when it holds

* a NUL character: PostgreSQL cannot store it (a 500 there) and SQLite stores it silently;
* a surrogate code point (``"\\ud800"`` from a JSON escape): not encodable as UTF-8;
* U+FFFD, the replacement character: Django decodes invalid UTF-8 in form data to U+FFFD, so
  it is how invalid bytes reach a view; no social post needs one.

Where it applies:

* forms: ``CleanTextFormMixin`` (every text value of ``cleaned_data``) or ``CleanCharField``;
* the REST API: the ``SafeStr`` type in ninja schemas (a 422 naming the field);
* views that read ``request.POST`` / ``request.GET`` directly: ``TextInputMiddleware``
  (``carepost.studio.middleware``) refuses the request before the view runs (a 400 naming the
  parameter), so a comment body or a note cannot bypass the rule.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from django import forms
from django.core.exceptions import ValidationError
from pydantic import AfterValidator

from .errors import ValidationFailed

__all__ = [
    "CleanCharField",
    "CleanTextFormMixin",
    "SafeStr",
    "check_text_value",
    "text_problem",
    "validate_clean_text",
]

_BAD = re.compile("[\x00\ud800-\udfff\ufffd]")


def text_problem(value: str) -> str | None:
    """Why ``value`` is not acceptable text, or None when it is."""
    match = _BAD.search(value)
    if match is None:
        return None
    char = match.group()
    if char == "\x00":
        return "contains a NUL character"
    if char == "\ufffd":
        return "contains bytes that are not valid UTF-8 (or U+FFFD)"
    return "contains an unpaired surrogate (not valid Unicode text)"


def check_text_value(value: Any, *, field: str) -> Any:
    """Raise ``ValidationFailed`` naming ``field`` when a string value is not acceptable."""
    if isinstance(value, str):
        problem = text_problem(value)
        if problem:
            raise ValidationFailed(f"{field}: {problem}", field=field)
    return value


def validate_clean_text(value: Any) -> None:
    """A Django validator (forms and model fields)."""
    if isinstance(value, str) and (problem := text_problem(value)):
        raise ValidationError(f"The text {problem}.", code="invalid_text")


class CleanCharField(forms.CharField):
    """A ``CharField`` that refuses NUL, surrogates and U+FFFD (Django's own refuses NUL only)."""

    default_validators = [validate_clean_text]


class CleanTextFormMixin:
    """Put first in a form's bases: every text value in ``cleaned_data`` is checked, and a bad
    one becomes an error on its own field."""

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean()  # type: ignore[misc]
        for name, value in list(cleaned.items()):
            values = value if isinstance(value, list | tuple) else [value]
            for item in values:
                if isinstance(item, str) and (problem := text_problem(item)):
                    self.add_error(name, f"The text {problem}.")  # type: ignore[attr-defined]
                    break
        return cleaned


def _pydantic_check(value: str) -> str:
    problem = text_problem(value)
    if problem:
        raise ValueError(f"the text {problem}")
    return value


SafeStr = Annotated[str, AfterValidator(_pydantic_check)]
"""A ``str`` for ninja/pydantic schemas that refuses NUL, surrogates and U+FFFD."""
