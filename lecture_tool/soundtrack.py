"""The lecture's sound track: one AAC piece per scene, encoded once, joined frame by frame.

Each scene's sound is brought to the target loudness on its own (from the
figures measured when the scene was built) and encoded once as an ADTS AAC
piece, kept in the build's work folder under a key of its source and
settings. Joining the pieces copies their AAC frames, so after a one-scene
edit only that scene's piece is encoded: seconds, not the minute that
re-encoding the whole lecture's sound costs.

AAC codes 1024 samples a frame, and a decoder needs the frame before a
frame to rebuild it. A piece starts with the encoder's priming frame and
holds one frame more than its scene needs (the scene's tail is the quiet
after its last line). At a join, the next piece's priming frame replaces the
last frame of the previous one, so every scene's first words decode exactly
as encoded, and every scene starts within half a frame (10.7 ms, under one
video frame at 60 fps) of its picture, with no drift over the lecture.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from lecture_voice import NarrationError, loudness
from lecture_voice.loudness import Loudness

from .deps import digest
from .media import MediaError, run_ffmpeg

__all__ = ["FRAME", "RATE", "Piece", "ScenePiece", "adts_frames", "join_pieces", "scene_pieces", "silent"]

RATE = 48000
FRAME = 1024  # samples in one AAC frame
# Stereo, as the scenes' sound is (manim writes two identical channels): a mono mix would sum them, 3 dB louder.
_LAYOUT = "aresample=48000,aformat=sample_fmts=fltp:sample_rates=48000:channel_layouts=stereo"
_AAC = ["-c:a", "aac", "-aac_coder", "fast", "-b:a", "160k"]  # fast coder: 3x quicker, nothing audible lost on a voice
_VERSION = "1"  # part of every piece's key: bump when the encoding below changes


@dataclass(frozen=True)
class ScenePiece:
    """What a scene brings to the sound track: its video, its length, its loudness and seconds of speech."""

    video: Path
    duration: float
    level: Loudness
    speech: float
    audio: bool = True


def silent(scene: ScenePiece) -> bool:
    """Whether the scene's piece is silence: it has no sound, or none loud enough to measure."""
    return not scene.audio or scene.level.integrated is None


@dataclass(frozen=True)
class Piece:
    """A scene's encoded piece: its ADTS file and loudness, as measured after encoding."""

    path: Path
    level: Loudness


def frames_in(seconds: float) -> int:
    """The AAC frames a piece of ``seconds`` holds: enough for all of it, and one spare."""
    return math.floor(seconds * RATE / FRAME) + 1


def adts_frames(data: bytes) -> list[bytes]:
    """The frames of an ADTS AAC stream, each with its header (length in bits 30-42 of the header).

    Raises
    ------
    MediaError
        When the bytes are not ADTS frames end to end.
    """
    frames, at = [], 0
    while at < len(data):
        head = data[at:at + 7]
        if len(head) < 7 or head[0] != 0xFF or head[1] & 0xF0 != 0xF0:
            raise MediaError(f"not an ADTS AAC stream at byte {at}")
        size = (head[3] & 0x03) << 11 | head[4] << 3 | head[5] >> 5
        if size < 7:
            raise MediaError(f"bad ADTS frame length {size} at byte {at}")
        frames.append(data[at:at + size])
        at += size
    return frames


def _encode(scene: ScenePiece, chain: str, dst: Path) -> Loudness:
    """Encode the scene's sound (or silence) through ``chain`` as ``frames_in(duration)`` frames; its loudness."""
    samples = frames_in(scene.duration) * FRAME
    fit = f"apad=whole_len={samples},atrim=end_sample={samples}"
    if scene.audio:
        source = ["-i", str(scene.video), "-map", "0:a:0", "-af", f"{chain},{fit}"]
    else:
        source = ["-f", "lavfi", "-i", f"anullsrc=r={RATE}:cl=stereo", "-af", f"{_LAYOUT},{fit}"]
    run_ffmpeg(["ffmpeg", "-y", "-v", "error", *source, *_AAC, "-f", "adts", str(dst)],
               f"ffmpeg sound of {scene.video.name}")
    if not scene.audio:
        return Loudness(None, None)
    try:
        return loudness.measure_loudness(dst)
    except NarrationError as e:
        raise MediaError(str(e)) from None


def _gain_chain(gain_db: float, limit: bool) -> str:
    if not limit:
        return f"{_LAYOUT},volume={gain_db:.3f}dB"  # loudness and peaks move by the gain, exactly
    # The limiter runs at 4x the sample rate, so the peaks it catches are close to true peaks.
    return (f"{_LAYOUT},aresample=192000,volume={gain_db:.3f}dB,"
            f"alimiter=limit={10 ** (loudness.LIMIT_DBTP / 20):.6f}:attack=1:release=50:level=0:latency=1,{_LAYOUT}")


def _make_piece(scene: ScenePiece, dst: Path) -> Loudness:
    """Encode one scene's piece at the target loudness, under the lecture's true-peak ceiling.

    A plain gain when the scene's peaks allow it (its lines are normalized
    already, so it is a few tenths of a dB); otherwise, or when the encoded
    piece lands off target or over the ceiling, gain and a true-peak limiter,
    the gain settled by measuring (:func:`lecture_voice.loudness.settle_gain`).
    """
    level = scene.level
    if not scene.audio or level.integrated is None:  # silent(), spelled out: below, integrated is a number
        return _encode(ScenePiece(scene.video, scene.duration, level, 0.0, audio=False), _LAYOUT, dst)
    gain = loudness.TARGET_LUFS - level.integrated
    peak = level.true_peak if level.true_peak is not None else 0.0
    if peak + gain <= loudness.LIMIT_DBTP:
        got = _encode(scene, _gain_chain(gain, limit=False), dst)
        if _on_target(got):
            return got

    tried: list[Loudness] = []

    def limited(g: float) -> float | None:
        tried.append(_encode(scene, _gain_chain(g, limit=True), dst))
        return tried[-1].integrated

    loudness.settle_gain(limited, gain, 6, level.integrated)
    return tried[-1]  # the gain settled on is the last one tried: ``dst`` holds that piece already


def _on_target(level: Loudness) -> bool:
    return (level.integrated is not None and abs(level.integrated - loudness.TARGET_LUFS) <= loudness.TOLERANCE_LU
            and level.true_peak is not None and level.true_peak <= loudness.LECTURE_TRUE_PEAK_DBTP)


def _key(scene: ScenePiece) -> str:
    if silent(scene):  # silence of one length is one piece, whichever scene it is for
        return digest(json.dumps([_VERSION, ["silence"], scene.duration]))[:16]
    stat = scene.video.stat()
    source = [str(scene.video.resolve()), stat.st_size, stat.st_mtime_ns]
    return digest(json.dumps([_VERSION, source, scene.duration, scene.level, scene.audio]))[:16]


def scene_pieces(scenes: Sequence[ScenePiece], cache: Path, prefix: str, jobs: int = 1) -> list[Piece]:
    """Each scene's piece from ``cache``, encoding (``jobs`` at a time) only those not there yet.

    Pieces are named ``{prefix}-{key}.aac`` with their loudness beside them in
    a ``.json``; pieces of ``prefix`` no scene uses any more are removed.
    """
    cache.mkdir(parents=True, exist_ok=True)
    paths = [cache / f"{prefix}-{_key(s)}.aac" for s in scenes]

    def piece(scene: ScenePiece, path: Path) -> Piece:
        meta = path.with_suffix(".json")
        if path.is_file() and meta.is_file():
            return Piece(path, Loudness(*json.loads(meta.read_text(encoding="utf-8"))))
        tmp = path.with_name(f".{path.name}.{os.getpid()}")
        try:
            level = _make_piece(scene, tmp)
            tmp.replace(path)
        finally:
            tmp.unlink(missing_ok=True)
        meta.write_text(json.dumps(list(level)), encoding="utf-8")
        return Piece(path, level)

    todo = dict(zip(paths, scenes, strict=True))  # each piece made once, however many scenes share it
    with ThreadPoolExecutor(max(1, jobs)) as pool:
        made = dict(zip(todo, pool.map(piece, todo.values(), todo), strict=True))
    pieces = [made[path] for path in paths]
    used = {p.name for p in paths} | {p.with_suffix(".json").name for p in paths}
    for old in cache.glob(f"{prefix}-*"):
        if old.name not in used:
            old.unlink(missing_ok=True)
    return pieces


def join_pieces(pieces: Sequence[Piece], durations: Sequence[float], dst: Path) -> None:
    """Join the pieces' frames into one ADTS stream ``dst`` that starts with one priming frame.

    Scene k's sound fills frames ``round(start_k)`` to ``round(end_k)`` of the
    lecture (in frames of 1024 samples). Each piece keeps its priming frame, so
    its first frame of sound decodes exactly as it was encoded; that priming
    frame takes the place of the previous scene's last frame, which is in the
    quiet after its last line. The last piece keeps one frame more, so the
    stream is the lecture's length after its own priming frame (which the
    player skips: :func:`media.concat_lecture`).
    """
    start = 0.0
    with dst.open("wb") as out:
        for k, (piece, duration) in enumerate(zip(pieces, durations, strict=True)):
            end = start + duration
            wanted = round(end * RATE / FRAME) - round(start * RATE / FRAME) + (k == len(pieces) - 1)
            frames = adts_frames(piece.path.read_bytes())
            if len(frames) < wanted:
                raise MediaError(f"sound piece {piece.path.name}: {len(frames)} frames, {wanted} needed")
            out.write(b"".join(frames[:wanted]))
            start = end
