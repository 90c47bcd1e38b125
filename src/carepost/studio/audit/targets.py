"""Readable names for what an audit event is about: "post 'Flu shot reminder'", not
"posts.post 18". Each app registers how to name its models (in ``AppConfig.ready``), as it
registers its event types; the audit app itself knows nothing about them.

Names are looked up when the trail is read (the chain stores only ``target_type`` and
``target_id``), so a renamed post shows its current title, and a deleted object reads
"post 18 (deleted)". A name must never carry PHI: a consent record is named by its reference.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps

__all__ = [
    "data_label",
    "describe_targets",
    "register_data_labels",
    "register_target",
    "target_key",
]


@dataclass(frozen=True)
class _Namer:
    name: Callable[[Any], str]
    related: tuple[str, ...] = ()


_NAMERS: dict[str, _Namer] = {}


def register_target(
    target_type: str, name: Callable[[Any], str], *, related: Iterable[str] = ()
) -> None:
    """``target_type`` is the model's ``app_label.modelname`` (as the chain stores it);
    ``name(obj)`` the words for one object; ``related`` what to ``select_related`` first."""
    _NAMERS[target_type] = _Namer(name, tuple(related))


def target_key(target_type: str, target_id: str) -> str:
    """The value of the audit page's object filter for a target."""
    return f"{target_type}:{target_id}"


def _fallback(target_type: str, target_id: str) -> str:
    try:
        model = apps.get_model(target_type)
    except (LookupError, ValueError):
        return f"{target_type} {target_id}".strip()
    return f"{model._meta.verbose_name} {target_id}"


def describe_targets(pairs: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """Names for many (target_type, target_id) pairs, one query per type."""
    by_type: dict[str, set[str]] = defaultdict(set)
    for target_type, target_id in pairs:
        if target_type and target_id:
            by_type[target_type].add(target_id)
    names: dict[tuple[str, str], str] = {}
    for target_type, ids in by_type.items():
        namer = _NAMERS.get(target_type)
        found: dict[str, Any] = {}
        if namer is not None:
            model = apps.get_model(target_type)
            pks = [i for i in ids if i.isdigit()]
            query = model._default_manager.filter(pk__in=pks)
            if namer.related:
                query = query.select_related(*namer.related)
            found = {str(obj.pk): obj for obj in query}
        for target_id in ids:
            obj = found.get(target_id)
            if obj is not None and namer is not None:
                names[(target_type, target_id)] = namer.name(obj)
            elif namer is not None:
                names[(target_type, target_id)] = f"{_fallback(target_type, target_id)} (deleted)"
            else:
                names[(target_type, target_id)] = _fallback(target_type, target_id)
    return names


_DATA_LABELS: dict[str, dict[str, str]] = {}


def register_data_labels(key: str, labels: dict[str, str]) -> None:
    """How to show the values of one key of events' ``data`` ("platform": "x" → "X")."""
    _DATA_LABELS.setdefault(key, {}).update(labels)


def data_label(key: str, value: Any) -> str:
    return _DATA_LABELS.get(key, {}).get(str(value), str(value))


register_target("auth.user", lambda u: f"user {u.email or u.get_username()}")
