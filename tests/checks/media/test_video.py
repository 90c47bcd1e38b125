"""Video: probing, frame sampling, faces and text across frames, metadata strip."""

from __future__ import annotations

import json
import subprocess

import pytest
import skimage.data
from PIL import Image

from carepost.checks import CheckInput, Engine, MediaRef, Policy, PolicyError
from carepost.checks.media import describe, probe, strip_metadata
from carepost.checks.media.probe import ffmpeg_exe
from carepost.checks.media.video import Sampling, sample_frames
from carepost.cli import main

from .fixtures import gradient, text_card, write_video


@pytest.fixture(scope="module")
def clip(tmp_path_factory):
    """4 s: 2 s of a face, then 2 s of a patient whiteboard (320×240, 10 fps)."""
    path = tmp_path_factory.mktemp("video") / "clip.mp4"
    board = text_card(["RM 12  J. Smith", "DOB 03/04/1950"], size=(320, 240), font_size=22)
    write_video(path, [(Image.fromarray(skimage.data.astronaut()), 2.0), (board, 2.0)])
    return path


def test_probe_reads_duration_size_and_kind(clip):
    info = probe(str(clip))
    assert info.problem is None and info.kind == "video" and info.format == "MP4"
    assert (info.width, info.height) == (320, 240)
    assert info.duration_s == pytest.approx(4.0, abs=0.2)
    ref = describe(str(clip))
    assert (ref.kind, ref.width, ref.height, ref.format) == ("video", 320, 240, "mp4")
    assert ref.duration_s == pytest.approx(4.0, abs=0.2) and ref.size_bytes == clip.stat().st_size


def test_scene_sampling_keeps_one_frame_per_still_shot(clip):
    frames = list(
        sample_frames(str(clip), duration_s=4.0, width=320, height=240, sampling=Sampling())
    )
    assert [round(f.time_s, 1) for f in frames] == [0.0, 2.0]
    fixed = list(
        sample_frames(
            str(clip), duration_s=4.0, width=320, height=240, sampling=Sampling(mode="fixed", fps=1)
        )
    )
    assert len(fixed) == 4


def test_faces_and_text_are_found_once_with_their_time(clip, ocr_engine):
    item = CheckInput(text="A day on the unit.", media=(MediaRef(path=str(clip)),))
    findings = Engine(select=["MED010", "MED020"]).check(item).findings
    faces = [f for f in findings if f.code == "MED010"]
    texts = [f for f in findings if f.code == "MED020"]
    assert len(faces) == 1 and faces[0].data["media"]["time_s"] == 0.0
    assert texts and {f.data["media"]["time_s"] for f in texts} == {2.0}
    assert "at 2.0s" in texts[0].message


def test_fixed_rate_sampling_still_deduplicates(clip, ocr_engine):
    policy = Policy.from_mapping(
        {"options": {"media": {"video_sampling": "fixed", "video_fps": 2}}}
    )
    item = CheckInput(text="A day on the unit.", media=(MediaRef(path=str(clip)),))
    faces = [f for f in Engine(policy, select=["MED010"]).check(item).findings]
    assert len(faces) == 1


@pytest.mark.parametrize(
    ("options", "key"),
    [
        ({"video_sampling": "often"}, "options.media.video_sampling"),
        ({"video_fps": "fast"}, "options.media.video_fps"),
        ({"face_side": 10}, "options.media.face_side"),
    ],
)
def test_bad_media_options_are_policy_errors(clip, options, key):
    policy = Policy.from_mapping({"options": {"media": options}})
    item = CheckInput(text="A day on the unit.", media=(MediaRef(path=str(clip)),))
    with pytest.raises(PolicyError, match=key):
        Engine(policy, select=["MED010"]).check(item)


def test_video_location_is_flagged_and_stripped_without_reencoding(tmp_path):
    src = tmp_path / "walk.mp4"
    write_video(src, [(gradient((64, 48)), 1.0)], size=(64, 48))
    tagged = tmp_path / "tagged.mp4"
    subprocess.run(
        [
            ffmpeg_exe(),
            "-loglevel",
            "error",
            "-i",
            str(src),
            "-c",
            "copy",
            "-metadata",
            "location=+37.7749-122.4194/",
            "-metadata",
            "artist=Jane Doe",
            str(tagged),
        ],
        check=True,
    )
    item = CheckInput(text="Walk with a doc!", media=(MediaRef(path=str(tagged)),))
    codes = {f.code for f in Engine(select=["MED001", "MED002"]).check(item).findings}
    assert codes == {"MED001", "MED002"}
    out = tmp_path / "clean.mp4"
    strip_metadata(tagged, out)
    item = CheckInput(text="Walk with a doc!", media=(MediaRef(path=str(out)),))
    assert Engine(select=["MED001", "MED002"]).check(item).findings == ()
    assert probe(str(out)).duration_s == pytest.approx(1.0, abs=0.2)


def test_cli_json_carries_media_file_box_and_time(clip, ocr_engine, capsys):
    import io

    out = io.StringIO()
    code = main(
        [
            "check",
            "--text",
            "A day on the unit.",
            "--media",
            str(clip),
            "--format",
            "json",
            "--select",
            "MED010",
        ],
        out=out,
    )
    assert code == 1
    (finding,) = json.loads(out.getvalue())["findings"]
    media = finding["data"]["media"]
    assert media["file"] == str(clip) and media["time_s"] == 0.0
    assert set(media["box"]) == {"x", "y", "width", "height"}


def test_a_face_in_a_video_with_sound_mentions_the_voice(clip, tmp_path):
    voiced = tmp_path / "voiced.mp4"
    subprocess.run(
        [
            ffmpeg_exe(),
            "-loglevel",
            "error",
            "-i",
            str(clip),
            "-f",
            "lavfi",
            "-i",
            "sine=frequency=440:duration=4",
            "-c:v",
            "copy",
            "-c:a",
            "aac",
            "-shortest",
            str(voiced),
        ],
        check=True,
    )
    assert probe(str(voiced)).has_audio and not probe(str(clip)).has_audio
    item = CheckInput(text="A day on the unit.", media=(MediaRef(path=str(voiced)),))
    (face,) = Engine(select=["MED010"]).check(item).findings
    assert "voice" in face.message


def test_long_videos_are_sampled_from_key_frames(tmp_path):
    path = tmp_path / "long.mp4"
    dark, light = (
        Image.new("RGB", (64, 48), (20, 20, 20)),
        Image.new("RGB", (64, 48), (230, 230, 230)),
    )
    write_video(path, [(dark, 70.0), (light, 70.0)], fps=5, size=(64, 48), keyframe_every=10)
    info = probe(str(path))
    assert info.duration_s == pytest.approx(140, abs=1)
    frames = list(
        sample_frames(
            str(path), duration_s=info.duration_s, width=64, height=48, sampling=Sampling()
        )
    )
    times = [f.time_s for f in frames]
    assert times[0] == 0.0 and any(69 <= t <= 72 for t in times)
    assert len(frames) <= Sampling().max_frames
