"""`carepost adapt` and `carepost check --platform` from the command line."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from carepost.cli import main

MASTER = (
    "Flu shots are in at all three clinics. A 2023 review found vaccination cut hospital stays "
    "by about 40% (doi:10.1001/jama.2023.1234). Book at https://riverside-clinic.org/flu today. "
    "This post is general information, not medical advice. #FluSeason #FluShot"
)


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue()


def test_adapt_json(tmp_path: Path) -> None:
    master = tmp_path / "master.txt"
    master.write_text(MASTER, encoding="utf-8")
    policy = tmp_path / "carepost.toml"
    policy.write_text('[organization]\nwebsite = ["riverside-clinic.org"]\n', encoding="utf-8")
    code, out = run(
        "adapt",
        str(master),
        "--platforms",
        "x,instagram",
        "--platforms",
        "linkedin",
        "--format",
        "json",
        "--campaign",
        "flu-2026",
        "--policy",
        str(policy),
    )
    assert code == 0
    doc = json.loads(out)
    assert [v["platform"] for v in doc["variants"]] == ["x", "instagram", "linkedin"]
    x, ig, li = doc["variants"]
    assert x["reports"][0]["platform"]["unit"] == "weighted"
    assert "utm_campaign=flu-2026" in x["parts"][0]
    assert ig["moved_links"] and "link in bio" in ig["parts"][0]
    assert "\\(doi:10.1001/jama.2023.1234\\)" in li["parts"][0]


def test_adapt_text(tmp_path: Path) -> None:
    master = tmp_path / "master.txt"
    master.write_text(MASTER, encoding="utf-8")
    code, out = run("adapt", str(master), "--platforms", "bluesky")
    assert code == 0
    assert out.startswith("== Bluesky (bluesky): ok")
    assert "graphemes" in out and "1 variants in" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--platforms", "myspace"], "unknown platform 'myspace'"),
        (["--platforms", ","], "--platforms needs at least one platform"),
    ],
)
def test_adapt_bad_input_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    master = tmp_path / "master.txt"
    master.write_text(MASTER, encoding="utf-8")
    code, _ = run("adapt", str(master), *argv)
    assert code == 2
    assert message in capsys.readouterr().err


def test_adapt_blocking_variant_exits_1(tmp_path: Path) -> None:
    master = tmp_path / "master.txt"
    master.write_text("See https://riverside-clinic.org/p?patient=jane for details.", "utf-8")
    code, out = run("adapt", str(master), "--platforms", "facebook", "--format", "json")
    assert code == 1
    assert "jane" not in json.loads(out)["variants"][0]["problems"][0]


@pytest.mark.parametrize("platform", ["x", "bluesky", "mastodon", "threads", "youtube"])
def test_check_json_carries_the_platform_block(platform: str) -> None:
    code, out = run(
        "check",
        "--text",
        "Flu shots 💉 at https://example.org/flu",
        "--platform",
        platform,
        "--format",
        "json",
    )
    assert code == 0
    block = json.loads(out)["platform"]
    assert block["name"] == platform
    assert block["remaining"] == block["limit"] - block["length"]
