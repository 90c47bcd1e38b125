"""Platform specs (data in ``specs.yaml``) and exact counting per platform."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from ..errors import DataFileError, UnknownPlatformError
from ..model import PlatformCount
from .counting import count_text

__all__ = ["PlatformSpec", "count", "get_spec", "known_platforms"]

from .counting import UNITS


@dataclass(frozen=True, slots=True)
class PlatformSpec:
    name: str
    display: str
    limit: int
    unit: str
    source: str
    verified: bool = True
    aliases: tuple[str, ...] = ()


@cache
def _specs() -> dict[str, PlatformSpec]:
    path = "specs.yaml"
    raw: Any = yaml.safe_load(resources.files(__package__).joinpath(path).read_text("utf-8"))
    if not isinstance(raw, dict):
        raise DataFileError("expected a mapping of platforms", path=path)
    specs: dict[str, PlatformSpec] = {}
    for name, body in raw.items():
        try:
            text = body["text"]
            unit = text["unit"]
            if unit not in UNITS:
                raise DataFileError(f"unknown unit {unit!r}", path=path, key=f"{name}.text.unit")
            spec = PlatformSpec(
                name=name,
                display=body.get("display", name),
                limit=int(text["limit"]),
                unit=unit,
                source=text["source"],
                verified=bool(text.get("verified", True)),
                aliases=tuple(body.get("aliases", ())),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise DataFileError(f"invalid platform spec: {exc}", path=path, key=name) from exc
        specs[name] = spec
        for alias in spec.aliases:
            specs[alias] = spec
    return specs


def known_platforms() -> list[str]:
    return sorted({s.name for s in _specs().values()})


def get_spec(platform: str) -> PlatformSpec:
    spec = _specs().get(platform.strip().lower())
    if spec is None:
        raise UnknownPlatformError(platform, known_platforms())
    return spec


def count(text: str, platform: str) -> PlatformCount:
    spec = get_spec(platform)
    return PlatformCount(
        name=spec.name, length=count_text(text, spec.unit), limit=spec.limit, unit=spec.unit
    )
