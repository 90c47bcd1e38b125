"""The decision thresholds of the model's findings: data in ``thresholds.yaml`` next to the model,
written by calibration (``carepost train``), validated on load with file:line errors.

Each head has one or two *tiers*: a level and the probability from which the model's finding
takes that level. Example::

    model_sha256: 3f5e...
    heads:
      phi:
        tiers:
          - level: error
            threshold: 0.91
            rule: max recall at false-flag rate <= 0.03 (rules OR model)
          - level: warning
            threshold: 0.55
            rule: max recall at false-flag rate <= 0.10 (rules OR model)
        measured: {...}       # the calibration figures (free-form, shown by `carepost eval`)
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import DataFileError
from ..model import Level
from .heads import HEADS

__all__ = ["HeadThresholds", "Thresholds", "Tier", "load_thresholds"]


@dataclass(frozen=True, slots=True)
class Tier:
    level: Level
    threshold: float
    rule: str = ""


@dataclass(frozen=True, slots=True)
class HeadThresholds:
    head: str
    tiers: tuple[Tier, ...]  # strictest (highest threshold) first
    measured: Mapping[str, Any] = field(default_factory=dict)
    #: another head that must reach a probability too (an absolute claim is a claim)
    requires: tuple[str, float] | None = None
    #: hand-written rules lowered one level when this head's probability is under ``below``
    demote: tuple[tuple[str, ...], float] | None = None
    #: claims: the model's tiers also hold where the claims detector finds only health talk
    health_talk: bool = False

    def level_for(self, prob: float) -> Level | None:
        for tier in self.tiers:
            if prob >= tier.threshold:
                return tier.level
        return None


@dataclass(frozen=True, slots=True)
class Thresholds:
    heads: Mapping[str, HeadThresholds]
    model_sha256: str | None
    source: str
    calibration: Mapping[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "model_sha256": self.model_sha256,
            "calibration": dict(self.calibration),
            "heads": {
                name: {
                    "health_talk": h.health_talk,
                    "demote": (
                        {"codes": list(h.demote[0]), "below": h.demote[1]} if h.demote else None
                    ),
                    "requires": (
                        {"head": h.requires[0], "threshold": h.requires[1]} if h.requires else None
                    ),
                    "tiers": [
                        {"level": t.level.value, "threshold": t.threshold, "rule": t.rule}
                        for t in h.tiers
                    ],
                    "measured": dict(h.measured),
                }
                for name, h in self.heads.items()
            },
        }


def _load_lines(path: Path) -> Any:
    from ..vocab import load_yaml

    return load_yaml(path)


def _requires(raw: dict[str, Any], name: str, fail: Any) -> tuple[str, float] | None:
    req = raw.get("requires")
    if req is None:
        return None
    key = f"heads.{name}.requires"
    if not isinstance(req, dict) or req.get("head") not in HEADS or req.get("head") == name:
        raise fail("expected {head: <another head>, threshold: <0..1>}", raw, "requires", key)
    value = req.get("threshold")
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise fail("threshold must be a number from 0 to 1", req, "threshold", key)
    return str(req["head"]), float(value)


def _flag(raw: dict[str, Any], key: str, name: str, fail: Any) -> bool:
    value = raw.get(key, False)
    if not isinstance(value, bool):
        raise fail("expected true or false", raw, key, f"heads.{name}.{key}")
    return value


def _demote(raw: dict[str, Any], name: str, fail: Any) -> tuple[tuple[str, ...], float] | None:
    dem = raw.get("demote")
    if dem is None:
        return None
    key = f"heads.{name}.demote"
    codes = dem.get("codes") if isinstance(dem, dict) else None
    if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
        raise fail("expected {codes: [rule codes], below: <0..1>}", raw, "demote", key)
    value = dem.get("below")
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise fail("below must be a number from 0 to 1", dem, "below", key)
    return tuple(codes), float(value)


def load_thresholds(path: str | Path) -> Thresholds:
    """Read and validate a thresholds file (``DataFileError`` names file, line and key)."""
    from ..vocab import line_of

    p = Path(path)
    if not p.is_file():
        raise DataFileError("the thresholds file is missing", path=str(p))
    data = _load_lines(p)
    where = str(p)

    def fail(message: str, node: Any, key: str | int | None, name: str) -> DataFileError:
        return DataFileError(message, path=where, line=line_of(node, key), key=name)

    if not isinstance(data, dict):
        raise DataFileError("expected a mapping at the top", path=where, line=1)
    heads_raw = data.get("heads")
    if not isinstance(heads_raw, dict):
        raise fail("expected a 'heads' mapping", data, "heads", "heads")
    unknown = sorted(set(heads_raw) - set(HEADS))
    if unknown:
        raise fail(f"unknown head (known: {', '.join(HEADS)})", heads_raw, unknown[0], unknown[0])
    heads: dict[str, HeadThresholds] = {}
    for name in HEADS:
        raw = heads_raw.get(name)
        if raw is None:
            raise fail("missing head", heads_raw, None, f"heads.{name}")
        if not isinstance(raw, dict) or not isinstance(raw.get("tiers"), list):
            raise fail("expected a mapping with a 'tiers' list", heads_raw, name, f"heads.{name}")
        tiers: list[Tier] = []
        for i, t in enumerate(raw["tiers"]):
            key = f"heads.{name}.tiers[{i}]"
            if not isinstance(t, dict):
                raise fail("expected a mapping (level, threshold)", raw["tiers"], i, key)
            try:
                level = Level(str(t.get("level")))
            except ValueError:
                raise fail(
                    "level must be error, warning or note", t, "level", key + ".level"
                ) from None
            value = t.get("threshold")
            if (
                isinstance(value, bool)
                or not isinstance(value, int | float)
                or not (0.0 <= float(value) <= 1.0)
            ):
                raise fail("threshold must be a number from 0 to 1", t, "threshold", key)
            tiers.append(Tier(level, float(value), str(t.get("rule", ""))))
        if not tiers:
            raise fail("at least one tier is needed", raw, "tiers", f"heads.{name}.tiers")
        for a, b in itertools.pairwise(tiers):
            if not (a.threshold >= b.threshold and a.level.rank > b.level.rank):
                raise fail(
                    "tiers must go from the strictest level and highest threshold down",
                    raw,
                    "tiers",
                    f"heads.{name}.tiers",
                )
        measured = raw.get("measured") or {}
        heads[name] = HeadThresholds(
            name,
            tuple(tiers),
            dict(measured),
            _requires(raw, name, fail),
            _demote(raw, name, fail),
            _flag(raw, "health_talk", name, fail),
        )
    sha = data.get("model_sha256")
    calibration = data.get("calibration") or {}
    return Thresholds(
        heads=heads,
        model_sha256=str(sha) if sha else None,
        source=where,
        calibration=dict(calibration) if isinstance(calibration, dict) else {},
    )
