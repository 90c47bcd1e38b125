from __future__ import annotations

import pytest

from carepost.checks import CheckInput, Engine, Policy


@pytest.fixture(scope="session")
def engine() -> Engine:
    return Engine(Policy())


def codes(engine: Engine, text: str, **fields: object) -> set[str]:
    report = engine.check(CheckInput.from_dict({"text": text, **fields}))
    return {f.code for f in report.findings}
