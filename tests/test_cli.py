from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest

from carepost.cli import main

LONG = "Flu shots are here. " * 15


def run(*argv: str, stdin: bytes | None = None) -> tuple[int, str, str]:
    proc = subprocess.run(
        [sys.executable, "-m", "carepost.cli", *argv], input=stdin, capture_output=True
    )
    return proc.returncode, proc.stdout.decode(), proc.stderr.decode()


def call(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue()


def test_check_clean_and_blocking_exit_codes(tmp_path):
    ok = tmp_path / "ok.txt"
    ok.write_text("Flu shots are here.\n", encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_text(LONG, encoding="utf-8")
    assert call("check", str(ok), "--platform", "x")[0] == 0
    code, out = call("check", str(bad), "--platform", "x")
    assert code == 1
    assert "PLT001 [error]" in out and "300/280" in out


def test_check_reads_stdin():
    code, out, _ = run("check", "-", "--platform", "x", "--format", "json", stdin=LONG.encode())
    assert code == 1
    assert json.loads(out)["platform"]["remaining"] == -20


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (lambda p: p.mkdir(), "is a directory"),
        (lambda p: p.write_bytes(b"caf\xe9 hours"), "not valid UTF-8 (byte 3"),
        (lambda p: p.write_bytes(b""), "empty"),
        (lambda p: p.write_bytes(b"a" * 10 * 1024 * 1024), "at most 1,000,000"),
        (lambda p: None, "no such file"),
    ],
)
def test_bad_inputs_exit_2_with_a_message(tmp_path, setup, message):
    target = tmp_path / "input.txt"
    setup(target)
    code, out, err = run("check", str(target))
    assert code == 2
    assert message in err
    assert "Traceback" not in err


def test_unknown_platform_and_selector_exit_2():
    code, _, err = run("check", "--text", "hi", "--platform", "myspace")
    assert code == 2 and "unknown platform 'myspace'" in err
    code, _, err = run("check", "--text", "hi", "--select", "NOPE")
    assert code == 2 and "matches no rule" in err
    code, _, err = run("check", "--format", "yaml", "--text", "hi")
    assert code == 2 and "invalid choice" in err


def test_jsonl_batch_keeps_order_and_isolates_bad_lines(tmp_path):
    lines = [
        json.dumps({"id": "a", "text": "Flu shots today", "platform": "x"}),
        "{not json",
        json.dumps({"id": "c", "text": LONG, "platform": "x"}),
        json.dumps({"id": "d", "text": "hi", "platform": "myspace"}),
        "",
        json.dumps({"id": "f", "text": "Open Saturday", "kind": "reply", "in_reply_to": "open?"}),
    ]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out = call("check", "--jsonl", str(path), "--format", "jsonl")
    records = [json.loads(line) for line in out.splitlines()]
    assert code == 2
    assert [r.get("id") for r in records] == ["a", None, "c", "d", "f"]
    assert records[1]["line"] == 2 and "invalid JSON" in records[1]["error"]
    assert records[2]["blocking"] is True
    assert records[3]["line"] == 4 and "unknown platform" in records[3]["error"]
    assert records[4]["blocking"] is False


def test_jsonl_dev_corpus_one_report_per_line(dev_corpus):
    code, out = call("check", "--jsonl", str(dev_corpus), "--format", "jsonl")
    expected_ids = [json.loads(line)["id"] for line in dev_corpus.read_text().splitlines() if line]
    got = [json.loads(line) for line in out.splitlines()]
    assert [g["id"] for g in got] == expected_ids
    assert all("findings" in g and "platform" in g for g in got)
    assert code in (0, 1)


def test_sarif_format_from_cli():
    code, out = call("check", "--text", LONG, "--platform", "x", "--format", "sarif")
    log = json.loads(out)
    assert code == 1
    assert log["version"] == "2.1.0"
    assert log["runs"][0]["results"][0]["ruleId"] == "PLT001"


def test_rules_and_rule_commands():
    code, out = call("rules")
    assert code == 0 and "PLT001" in out and "text-over-limit" in out
    code, out = call("rule", "PLT001")
    assert code == 0 and "## Why it matters" in out
    code, out = call("rule", "text-over-limit", "--format", "json")
    meta = json.loads(out)
    assert meta["code"] == "PLT001" and meta["examples"]["bad"]
    code, _, err = run("rule", "PHI999")
    assert code == 2 and "no rule" in err


def test_eval_prints_metrics(dev_corpus):
    code, out = call("eval", str(dev_corpus), "--format", "json")
    result = json.loads(out)
    assert code == 0
    assert result["items"] == len([x for x in dev_corpus.read_text().splitlines() if x.strip()])
    assert set(result["labels"]) == {
        "phi",
        "phi_routed",
        "reply_confirmation",
        "reply_confirmation_routed",
        "claim",
        "absolute_claim",
        "needs_disclaimer",
    }
    phi = result["labels"]["phi"]
    assert phi["positives"] + phi["negatives"] == result["items"]
    lo, hi = phi["ci95"]["recall"]
    assert lo <= phi["recall"] <= hi
    assert result["labels"]["phi_routed"]["recall"] >= phi["recall"]
    assert result["phi_recall_by_category"]
    assert set(result["thresholds"]["heads"]) >= {"phi", "reply_confirms_care"}
    assert result["model"]["sha256"] and result["model"]["load_seconds"] > 0
    assert result["throughput"]["posts_per_s"] > 0
    assert result["throughput"]["single_post_p50_ms"] > 0
    code, out = call("eval", str(dev_corpus))
    assert "phi_routed" in out and "posts/s" in out and "thresholds in use" in out


def test_eval_scores_against_labels(tmp_path):
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(
        "\n".join(
            [
                json.dumps(
                    {
                        "id": "1",
                        "text": "Flu shots",
                        "phi": False,
                        "claim": "none",
                        "needs_disclaimer": False,
                    }
                ),
                json.dumps(
                    {
                        "id": "2",
                        "text": "Masks",
                        "phi": True,
                        "claim": "absolute",
                        "needs_disclaimer": True,
                    }
                ),
                "[1, 2]",
            ]
        ),
        encoding="utf-8",
    )
    code, out = call("eval", str(corpus), "--format", "json", "--select", "PLT")
    result = json.loads(out)
    assert code == 2  # one malformed line
    assert result["errors"][0]["line"] == 3
    assert result["labels"]["phi"]["misses"] == ["2"]
    assert result["labels"]["phi"]["tn"] == 1


def test_check_jsonl_with_two_jobs_matches_one(tmp_path, dev_corpus):
    lines = dev_corpus.read_text(encoding="utf-8").splitlines()[:70]
    batch = tmp_path / "batch.jsonl"
    batch.write_text("\n".join([*lines[:40], "not json", *lines[40:]]) + "\n", encoding="utf-8")
    code1, out1 = call("check", "--jsonl", str(batch), "--format", "jsonl")
    code2, out2 = call("check", "--jsonl", str(batch), "--format", "jsonl", "--jobs", "2")
    assert code1 == code2 == 2  # the bad line
    strip = [
        {k: v for k, v in json.loads(x).items() if k != "elapsed_ms"} for x in out1.splitlines()
    ]
    strip2 = [
        {k: v for k, v in json.loads(x).items() if k != "elapsed_ms"} for x in out2.splitlines()
    ]
    assert strip == strip2 and len(strip) == 71
    assert strip[40]["line"] == 41 and "invalid JSON" in strip[40]["error"]


def test_train_without_torch_says_how_to_get_it(tmp_path):
    import importlib.util

    if importlib.util.find_spec("torch") is not None:
        pytest.skip("torch is installed here (the training environment)")
    code, _, err = run("train", str(tmp_path), "--out", str(tmp_path / "m"))
    assert code == 2
    assert "torch" in err and "pip install torch==2.13.0" in err


def test_docs_are_up_to_date():
    code, out = call("docs", "--check", "docs/rules")
    assert code == 0, out


def test_docs_check_detects_staleness(tmp_path):
    assert call("docs", str(tmp_path))[0] == 0
    (tmp_path / "PLT001.md").write_text("edited by hand", encoding="utf-8")
    code, out = call("docs", "--check", str(tmp_path))
    assert code == 1 and "PLT001.md" in out


def test_media_only_check_needs_no_text():
    from pathlib import Path

    import carepost.checks.media as media_pkg

    gps = Path(media_pkg.__file__).parent / "samples" / "gps.jpg"
    code, out = call("check", "--media", str(gps), "--platform", "instagram", "--format", "json")
    report = json.loads(out)
    assert code == 1
    assert "MED001" in {f["code"] for f in report["findings"]}
    assert report["platform"]["length"] == 0
