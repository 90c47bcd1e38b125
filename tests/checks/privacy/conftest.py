from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import pytest

from carepost.checks import CheckInput, Engine, Policy, Report

_ENGINES: dict[int, Engine] = {}


def run_privacy(text: str, policy: Policy | None = None, **fields: Any) -> Report:
    """Check ``text`` with the privacy and consent rules (one engine per policy)."""
    pol = policy or Policy()
    engine = _ENGINES.get(id(pol))
    if engine is None:
        engine = Engine(pol, select=["PHI", "CNS"])
        if policy is None:
            _ENGINES[id(pol)] = engine
    return engine.check(CheckInput.from_dict({"text": text, **fields}))


def blocking_privacy(report: Report) -> bool:
    return any(f.category.value == "privacy" and f.level.value == "error" for f in report.findings)


@pytest.fixture
def check() -> Callable[..., Report]:
    return run_privacy


def policy_from(data: Mapping[str, Any]) -> Policy:
    return Policy.from_mapping(dict(data))
