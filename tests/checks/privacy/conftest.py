from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import pytest

from carepost.checks import CheckInput, Engine, Policy, Report

_DEFAULT: list[Engine] = []


def run_privacy(text: str, policy: Policy | None = None, **fields: Any) -> Report:
    """Check ``text`` with the privacy and consent rules (the default engine is reused)."""
    if policy is not None:
        engine = Engine(policy, select=["PHI", "CNS"])
    else:
        if not _DEFAULT:
            _DEFAULT.append(Engine(Policy(), select=["PHI", "CNS"]))
        engine = _DEFAULT[0]
    return engine.check(CheckInput.from_dict({"text": text, **fields}))


def blocking_privacy(report: Report) -> bool:
    return any(f.category.value == "privacy" and f.level.value == "error" for f in report.findings)


@pytest.fixture
def check() -> Callable[..., Report]:
    return run_privacy


def policy_from(data: Mapping[str, Any]) -> Policy:
    return Policy.from_mapping(dict(data))
