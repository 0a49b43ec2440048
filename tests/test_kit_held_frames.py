"""A held picture is encoded once for its stretch and still shows for every frame of it (scenes/kit/held_frames.py)."""

from __future__ import annotations

import subprocess
from fractions import Fraction

import av
import numpy as np
import pytest
from manim._config.video_encoder import VideoEncoderSpec
from manim.scene.video_segment_encoder import VideoSegmentEncoder

import scenes.kit  # noqa: F401  (applies the kit's encoding rule)

W, H, RATE = 128, 72, 60


def picture(k: int) -> np.ndarray:
    """A flat picture with a bright square at a place that depends on ``k``."""
    img = np.zeros((H, W, 4), np.uint8)
    img[..., 3] = 255
    img[10:40, 8 * k:8 * k + 30, :3] = (230, 200, 40)
    return img


def encode(path, options: dict[str, str], stretches: list[tuple[int, int]]) -> None:
    spec = VideoEncoderSpec("mp4", "libx264", "yuv420p", W, H, Fraction(RATE), tuple(sorted(options.items())))
    encoder = VideoSegmentEncoder(target=path, spec=spec)
    for k, repeat in stretches:
        encoder.write_frame(picture(k), repeat=repeat)
    encoder.finish()


def frames_at_the_frame_rate(path) -> np.ndarray:
    """The video decoded at a constant 60 fps, as ffmpeg and every player show it."""
    raw = subprocess.run(["ffmpeg", "-v", "error", "-i", str(path), "-vf", f"fps={RATE}", "-pix_fmt", "rgb24",
                          "-f", "rawvideo", "-"], capture_output=True, check=True).stdout
    return np.frombuffer(raw, np.uint8).reshape(-1, H, W, 3).astype(int)


def packets(path) -> int:
    with av.open(str(path)) as c:
        return sum(1 for p in c.demux(video=0) if p.size)


STRETCHES = [(0, 1), (1, 1), (2, 90), (3, 1), (4, 45)]


@pytest.mark.parametrize("options, encoded", [({"bf": "0"}, 7), ({}, 138)], ids=["no-b-frames", "b-frames"])
def test_every_frame_of_a_hold_shows_its_picture(tmp_path, options, encoded):
    path = tmp_path / "segment.mp4"
    encode(path, options, STRETCHES)
    shown = frames_at_the_frame_rate(path)
    expected = [k for k, repeat in STRETCHES for _ in range(repeat)]
    assert len(shown) == len(expected) == 138
    for t, k in enumerate(expected):
        errors = [np.abs(shown[t] - picture(j)[..., :3]).mean() for j in range(5)]
        assert int(np.argmin(errors)) == k, f"frame {t} shows picture {np.argmin(errors)}, not {k}"
        assert errors[k] < 3
    assert packets(path) == encoded  # a hold costs two frames without B-frames, all of its frames with them
