"""The scene-test harness in conftest.py catches what it is meant to catch (so a green scene test means something)."""

from __future__ import annotations

import pytest
from conftest import assert_in_frame, assert_never_off_frame, assert_no_overlap, assert_text_sizes, build
from manim import DOWN, LEFT, RIGHT, UP, FadeIn, FadeOut, Scene, Square, Tex, ValueTracker

from scenes.kit.text import FOOTNOTE, LABEL, title


class _SmallNote(Scene):
    def construct(self) -> None:
        self.add(title("Title"))
        note = Tex("too small", font_size=FOOTNOTE).to_edge(UP, buff=2)
        self.wait(0.5)
        self.play(note.animate.scale(0.8))  # shrunk after being added
        self.play(FadeOut(note))  # gone at the end: only the check after each play sees it
        self.wait(0.5)


class _Readable(Scene):
    def construct(self) -> None:
        self.play(FadeIn(title("Title")), FadeIn(Tex("note", font_size=FOOTNOTE).to_edge(DOWN)))
        self.add(ValueTracker(80.0))  # a tracker's one point is its value, never drawn


class _Overshoot(Scene):
    def construct(self) -> None:
        label = Tex("wanders off", font_size=LABEL)
        self.play(FadeIn(label))
        self.play(label.animate.to_edge(RIGHT, buff=0).shift(0.5 * RIGHT))
        self.play(label.animate.move_to(LEFT))  # back inside by the end


def test_the_text_size_check_catches_text_below_the_footnote_size(scene_media_dir):
    scene = build(_SmallNote, scene_media_dir)
    with pytest.raises(AssertionError, match="too small"):
        assert_text_sizes(scene)


def test_the_checks_pass_a_readable_scene_inside_the_frame(scene_media_dir):
    scene = build(_Readable, scene_media_dir)
    assert len(scene.text_sizes) == 2
    assert_text_sizes(scene)
    assert_in_frame(scene.mobjects)
    assert_never_off_frame(scene)


def test_the_frame_check_catches_a_mobject_that_rested_outside_the_frame(scene_media_dir):
    scene = build(_Overshoot, scene_media_dir)
    assert_in_frame(scene.mobjects)  # the end state alone looks fine
    with pytest.raises(AssertionError, match="wanders off"):
        assert_never_off_frame(scene)


def test_the_overlap_check_catches_overlapping_boxes():
    a, b = Square(1.0), Square(1.0).shift(0.5 * RIGHT)
    with pytest.raises(AssertionError):
        assert_no_overlap([a, b])
    assert_no_overlap([a, Square(1.0).shift(1.0 * RIGHT)])  # touching is fine
