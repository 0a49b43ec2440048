"""A held picture is encoded once for its whole stretch, not once per frame.

manim hands a frozen stretch (a wait while nothing moves) to its segment encoder
as one frame with a repeat count, and the encoder converted and compressed that
frame ``repeat`` times. In a narrated lecture most frames are held (the words
land while the picture stays), so at 1080p60 that was most of the build: in
ArgmaxOnArrays, 55 s of 65 s CPU went to the encoder, 10 s to drawing.

Here the held picture is converted once and written at the first and last frame
of its stretch; the MP4 shows it until the next frame's time (variable frame
timing, as screen recordings have), so a hold costs two frames whatever its
length. Timing stays exact only without B-frames, which reorder frames: that is
why ``manim.cfg`` sets ``bf = 0``. Any other encoder (VP9 for WebM, a GIF's
frames, or H.264 with B-frames) still gets every frame, converted once.
"""

from __future__ import annotations

from fractions import Fraction

import av
from manim.scene.video_segment_encoder import VideoSegmentEncoder
from manim.typing import RGBAPixelArray

__all__ = ["encode_holds_once", "holds_once"]


def holds_once(encoder: VideoSegmentEncoder) -> bool:
    """Whether this encoder may write a held picture once for its stretch (H.264 without B-frames)."""
    return encoder.spec.codec == "libx264" and dict(encoder.spec.options).get("bf") == "0"


def _write_frame(self: VideoSegmentEncoder, pixels: RGBAPixelArray, *, repeat: int = 1) -> None:
    self._validate_frame(pixels, repeat)
    time_base = Fraction(self.spec.frame_rate.denominator, self.spec.frame_rate.numerator)
    frame = av.VideoFrame.from_ndarray(pixels, format="rgba")  # type: ignore[arg-type]
    if repeat > 1:
        frame = frame.reformat(format=self.spec.pixel_format)  # converted once for every copy
    if repeat == 1:
        times = [self._next_pts]
    elif holds_once(self):
        times = [self._next_pts, self._next_pts + repeat - 1]
    else:
        times = list(range(self._next_pts, self._next_pts + repeat))
    try:
        for pts in times:
            frame.pts = pts
            frame.time_base = time_base
            for packet in self._stream.encode(frame):  # type: ignore[arg-type, union-attr]
                self._container.mux(packet)
    except BaseException as error:
        raise self._operation_error("encode", error) from error
    self._next_pts += repeat


def encode_holds_once() -> None:
    """Make manim's segment encoder write each held picture once for its stretch; idempotent."""
    VideoSegmentEncoder.write_frame = _write_frame  # type: ignore[method-assign]
