"""Frames from a video for the face and text checks (ffmpeg from the imageio-ffmpeg wheel).

Two sampling modes (``[options.media] video_sampling``):

- ``scene`` (default): decode at ``video_fps`` (2 per second), keep the first frame, every
  frame whose brightness histogram differs from the last kept one (a cut to another
  scene; a slow pan over the same scene does not count), and at least one frame every
  ``max_gap_s`` seconds; a static shot costs one frame every few seconds, not twenty.
- ``fixed``: every frame decoded at ``video_fps``.

At most ``max_frames`` frames are kept (the rate drops for long videos).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..errors import PolicyError
from .metadata import MediaError
from .vision import Frame

__all__ = ["Sampling", "sample_frames"]


LONG_VIDEO_S = 120.0


@dataclass(frozen=True, slots=True)
class Sampling:
    mode: str = "scene"
    fps: float = 2.0
    max_frames: int = 40
    max_gap_s: float = 5.0
    scene_threshold: float = 0.3  # half the L1 distance of 32-bin grey histograms, 0-1
    max_side: int = 1280

    @classmethod
    def from_options(cls, options: Any) -> Sampling:
        def num(key: str, default: float, lo: float, hi: float) -> float:
            value = options.get(key, default) if hasattr(options, "get") else default
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise PolicyError("must be a number", key=f"options.media.{key}")
            if not lo <= value <= hi:
                raise PolicyError(f"must be between {lo} and {hi}", key=f"options.media.{key}")
            return float(value)

        mode = options.get("video_sampling", "scene") if hasattr(options, "get") else "scene"
        if mode not in ("scene", "fixed"):
            raise PolicyError("must be 'scene' or 'fixed'", key="options.media.video_sampling")
        return cls(
            mode=str(mode),
            fps=num("video_fps", 2.0, 0.05, 30.0),
            max_frames=int(num("video_max_frames", 40, 1, 1000)),
            max_gap_s=num("video_max_gap_s", 5.0, 0.1, 3600.0),
            scene_threshold=num("video_scene_threshold", 0.3, 0.0, 1.0),
        )


def sample_frames(
    path: str, *, duration_s: float | None, width: int, height: int, sampling: Sampling
) -> Iterator[Frame]:
    """Decoded frames (RGB, longest side at most ``sampling.max_side``) with their times."""
    import subprocess

    import numpy as np

    from .probe import ffmpeg_exe

    if width <= 0 or height <= 0:
        raise MediaError("the video has no frame size")
    decode_cap = sampling.max_frames * (4 if sampling.mode == "scene" else 1)
    fps = sampling.fps
    if duration_s and duration_s * fps > decode_cap:
        fps = decode_cap / duration_s
    factor = min(1.0, sampling.max_side / max(width, height))
    out_w = max(2, int(width * factor) // 2 * 2)
    out_h = max(2, int(height * factor) // 2 * 2)
    frame_bytes = out_w * out_h * 3
    cmd = [
        ffmpeg_exe(),
        "-hide_banner",
        "-nostdin",
        "-loglevel",
        "error",
        # Long videos: decode key frames only (a sample every few seconds is all we keep).
        *(["-skip_frame", "nokey"] if (duration_s or 0) > LONG_VIDEO_S else []),
        "-i",
        path,
        "-an",
        "-sn",
        "-vf",
        f"fps={fps:.6f},scale={out_w}:{out_h}",
        "-f",
        "rawvideo",
        "-pix_fmt",
        "rgb24",
        "-",
    ]
    try:
        proc = subprocess.Popen(
            cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
    except OSError as exc:
        raise MediaError(f"cannot start ffmpeg ({type(exc).__name__})") from None
    assert proc.stdout is not None
    try:
        kept = 0
        last_thumb: Any = None
        last_time = -1e9
        index = 0
        while kept < sampling.max_frames:
            raw = proc.stdout.read(frame_bytes)
            if len(raw) < frame_bytes:
                break
            time_s = index / fps
            index += 1
            pixels = np.frombuffer(raw, dtype=np.uint8).reshape(out_h, out_w, 3)
            if sampling.mode == "scene":
                thumb = _histogram(pixels)
                changed = last_thumb is None or (
                    float(np.abs(thumb - last_thumb).sum()) / 2 >= sampling.scene_threshold
                )
                if not changed and time_s - last_time < sampling.max_gap_s:
                    continue
                last_thumb = thumb
            last_time = time_s
            kept += 1
            yield Frame(
                pixels=pixels, scale=width / out_w, time_s=time_s, original_size=(width, height)
            )
        if index == 0:
            raise MediaError("no frame could be decoded from the video")
    finally:
        proc.stdout.close()
        if proc.poll() is None:
            proc.kill()
        proc.wait()


def _histogram(pixels: Any) -> Any:
    """Normalised 32-bin grey histogram of a frame."""
    import cv2

    gray = cv2.cvtColor(pixels, cv2.COLOR_RGB2GRAY)
    hist = cv2.calcHist([gray], [0], None, [32], [0, 256]).ravel()
    return hist / max(1.0, float(hist.sum()))
