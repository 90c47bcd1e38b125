"""`carepost strip-metadata` and `carepost check --media`."""

from __future__ import annotations

import io
import json

from PIL import Image

from carepost.cli import main

from .fixtures import exif_with_gps, gradient, jpeg_bytes


def call(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue()


def test_strip_metadata_writes_only_out(tmp_path, capsys):
    src = tmp_path / "in.jpg"
    src.write_bytes(jpeg_bytes(gradient(), exif=exif_with_gps().tobytes()))
    before = src.read_bytes()
    out = tmp_path / "sub" / "out.jpg"
    out.parent.mkdir()
    code, text = call("strip-metadata", str(src), str(out))
    assert code == 0 and "removed APP1 (EXIF)" in text
    assert src.read_bytes() == before
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["in.jpg", "out.jpg", "sub"]

    code, _ = call("strip-metadata", str(src), str(out))
    assert code == 2 and "already exists" in capsys.readouterr().err
    code, _ = call("strip-metadata", str(src), str(src))
    assert code == 2 and "is the input file" in capsys.readouterr().err
    assert src.read_bytes() == before
    code, _ = call("strip-metadata", str(src), str(src), "--overwrite")
    assert code == 0 and len(src.read_bytes()) < len(before)


def test_strip_metadata_bad_input_exits_2(tmp_path, capsys):
    bad = tmp_path / "bad.jpg"
    bad.write_bytes(b"")
    code, _ = call("strip-metadata", str(bad), str(tmp_path / "o.jpg"))
    assert code == 2
    err = capsys.readouterr().err
    assert "empty" in err and "Traceback" not in err
    assert not (tmp_path / "o.jpg").exists()


def test_check_media_reports_metadata_in_json(tmp_path):
    src = tmp_path / "in.jpg"
    src.write_bytes(jpeg_bytes(gradient(), exif=exif_with_gps().tobytes()))
    code, text = call(
        "check",
        "--text",
        "Health fair photos!",
        "--media",
        str(src),
        "--format",
        "json",
        "--select",
        "MED001",
    )
    assert code == 1
    (finding,) = json.loads(text)["findings"]
    assert finding["code"] == "MED001"
    assert finding["data"]["media"]["file"] == str(src)
    assert finding["fix"]["applicability"] == "safe"


def test_check_media_missing_file_is_a_usage_error(tmp_path, capsys):
    code, _ = call("check", "--text", "Hi", "--media", str(tmp_path / "nope.jpg"))
    assert code == 2 and "no such file" in capsys.readouterr().err


def test_jsonl_batch_media_get_their_dimensions_and_bad_files_do_not_stop_the_batch(tmp_path):
    photo = tmp_path / "tall.jpg"
    Image.new("RGB", (90, 160), (120, 130, 140)).save(photo)
    batch = tmp_path / "batch.jsonl"
    lines = [
        {"id": "a", "text": "Our new lobby!", "platform": "instagram", "media": [str(photo)]},
        {"id": "b", "text": "Our new lobby!", "media": [str(tmp_path / "missing.jpg")]},
    ]
    batch.write_text("\n".join(json.dumps(x) for x in lines), encoding="utf-8")
    code, text = call("check", "--jsonl", str(batch), "--format", "jsonl")
    first, second = (json.loads(x) for x in text.strip().splitlines())
    assert code == 1
    assert any(f["code"].startswith("PLT") and "9:16" in f["message"] for f in first["findings"])
    assert [f["code"] for f in second["findings"]] == ["MED004"]
    assert "no such file" in second["findings"][0]["message"]
