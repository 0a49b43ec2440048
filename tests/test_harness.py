"""The scene-test harness (tests/harness.py) catches what it is meant to catch: a green scene test means something."""

from __future__ import annotations

import harness
import numpy as np
import pytest
from harness import (
    assert_in_frame,
    assert_never_off_frame,
    assert_no_overlap,
    assert_readable_in_every_section,
    assert_text_sizes,
    build,
    still,
)
from manim import DOWN, LEFT, RIGHT, UP, FadeIn, FadeOut, Paragraph, Scene, Square, Tex, ValueTracker

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


class _AddedOffFrame(Scene):
    def construct(self) -> None:
        self.next_section("Inside")
        self.play(FadeIn(title("Title")))
        self.add(Tex("added outside", font_size=LABEL).move_to(8 * RIGHT))  # added, never played
        self.next_section("Cleared")
        self.clear()
        self.play(FadeIn(title("Title")))


class _OverlapInOneSection(Scene):
    def construct(self) -> None:
        self.a, self.b = Square(1.0), Square(1.0).shift(0.5 * RIGHT)
        self.next_section("Overlapping")
        self.play(FadeIn(self.a), FadeIn(self.b))
        self.next_section("Apart")
        self.play(self.b.animate.shift(2 * RIGHT))
        self.hidden = Square(1.0).set_opacity(0)  # on screen but not drawn: never overlaps anything
        self.add(self.hidden)


class _SmallCode(Scene):
    def construct(self) -> None:
        self.add(title("Title"), Paragraph("x = 1", font="DejaVu Sans Mono", font_size=10))


def test_the_text_size_check_catches_text_below_the_footnote_size(scene_media_dir):
    scene = build(_SmallNote, scene_media_dir)
    with pytest.raises(AssertionError, match="too small"):
        assert_text_sizes(scene)


def test_the_text_size_check_reads_code_paragraphs_in_their_own_font(scene_media_dir):
    scene = build(_SmallCode, scene_media_dir)
    with pytest.raises(AssertionError, match="x = 1"):
        assert_text_sizes(scene)


def test_the_checks_pass_a_readable_scene_inside_the_frame(scene_media_dir):
    scene = build(_Readable, scene_media_dir)
    assert len(scene.text_sizes) == 2
    assert_readable_in_every_section(scene)


def test_the_frame_check_catches_a_mobject_that_rested_outside_the_frame(scene_media_dir):
    scene = build(_Overshoot, scene_media_dir)
    assert_in_frame(scene.mobjects)  # the end state alone looks fine
    with pytest.raises(AssertionError, match="wanders off"):
        assert_never_off_frame(scene)


def test_the_frame_check_catches_a_mobject_added_outside_the_frame_at_the_end_of_a_section(scene_media_dir):
    scene = build(_AddedOffFrame, scene_media_dir)
    assert scene.section_names == ["Inside", "Cleared"] and len(scene.sections) == 2
    assert_in_frame(scene.mobjects)
    with pytest.raises(AssertionError, match="section 'Inside'.*added outside"):
        assert_never_off_frame(scene)


def test_the_overlap_check_catches_overlapping_boxes():
    a, b = Square(1.0), Square(1.0).shift(0.5 * RIGHT)
    with pytest.raises(AssertionError):
        assert_no_overlap([a, b])
    assert_no_overlap([a, Square(1.0).shift(1.0 * RIGHT)])  # touching is fine


def test_the_overlap_check_runs_over_every_section(scene_media_dir):
    scene = build(_OverlapInOneSection, scene_media_dir)
    assert [s.section for s in scene.sections] == ["Overlapping", "Apart"]
    assert_no_overlap([scene.a, scene.b])  # the end state alone looks fine ...
    with pytest.raises(AssertionError, match="section 'Overlapping'"):
        assert_no_overlap([scene.a, scene.b], scene)  # ... but the first section overlapped
    last = scene.sections[-1].boxes
    assert scene.a in last and scene.hidden not in last  # a mobject drawn with no ink has no box to overlap


def test_a_scene_is_built_once_per_parameter_file_and_a_lecture_scene_is_found_by_name(tmp_path):
    first = harness.scene(_Readable)
    assert harness.scene(_Readable) is first
    params = tmp_path / "params.toml"
    params.write_text("")
    assert harness.scene(_Readable, params) is not first
    assert harness.scene_class("ArgmaxOnArrays").__name__ == "ArgmaxOnArrays"
    with pytest.raises(LookupError, match="NoSuchScene"):
        harness.scene_class("NoSuchScene")


def test_a_still_is_the_last_frame_of_the_same_build(scene_media_dir):
    scene = build(_Readable, scene_media_dir)
    frame = still(scene, 480, 270)
    assert frame.shape == (270, 480, 3)
    assert still(scene, 480, 270) is frame  # drawn once per size
    ink = np.abs(frame.astype(int) - harness.BACKGROUND).max(axis=2) > 100
    rows = np.flatnonzero(ink.any(axis=1))
    assert rows.min() < 270 // 4 and rows.max() > 3 * 270 // 4  # the title at the top, the note at the bottom
    assert not ink[270 // 4 : 3 * 270 // 4].any()  # nothing between them
    note_only = still(build(_Readable, scene_media_dir), 960, 540)
    assert note_only.shape == (540, 960, 3)


def test_the_fast_geometry_is_manims_own():
    """The per-play checks take points, heights and font sizes in a few numpy calls: the same as manim's."""
    from manim import (
        BackgroundRectangle,
        Circle,
        DecimalNumber,
        Dot,
        Group,
        ImageMobject,
        MathTex,
        Text,
        VGroup,
    )

    tex = MathTex(r"p_k = \frac{e^{z_k}}{\sum_j e^{z_j}}").scale(0.7).rotate(0.3)
    number = DecimalNumber(-12.345, num_decimal_places=2)
    number.set_value(0.5)  # rebuilt digits keep the size they were given
    text = Text("Logits", font_size=30).shift(2 * LEFT)
    backed = VGroup(BackgroundRectangle(tex, buff=0.4), tex.copy())
    shapes = VGroup(Circle().shift(3 * UP), VGroup(Dot(), VGroup()))
    image = Group(ImageMobject(np.zeros((4, 4, 3), dtype=np.uint8)).shift(RIGHT), Circle())
    for mob in (tex, number, text, backed, shapes, image, Circle(), Dot()):
        ours = harness.boundary_points(mob)
        theirs = np.reshape(mob.get_points_defining_boundary(), (-1, 3))
        np.testing.assert_array_equal(np.unique(ours, axis=0), np.unique(theirs, axis=0))
        assert harness._height(mob) == pytest.approx(mob.height, abs=1e-12)

    def manims_font_size(m):  # the definition, in manim's own calls: glyphs' height over the text's height
        glyphs = [s for s in m.family_members_with_points() if not isinstance(s, BackgroundRectangle)]
        y = np.concatenate([np.reshape(s.get_points_defining_boundary(), (-1, 3)) for s in glyphs])[:, 1]
        size = float(m.font_size) * (y.max() - y.min()) / m.height
        if isinstance(m, Text):
            size *= harness._pango_capital_per_point(m.font) / harness.capital_height_per_point()
        return size

    for m in (tex, number, text, backed[1]):
        assert harness.font_size(m) == pytest.approx(manims_font_size(m), rel=1e-12)
    assert harness.font_size(backed[1]) == pytest.approx(harness.font_size(tex), rel=1e-12)  # the box is no glyph
    paragraph = Paragraph("one", "two lines", font_size=20).scale(1.5)
    source = paragraph.lines_text
    expected = source.font_size * paragraph.height / source.height
    expected *= harness._pango_capital_per_point(source.font) / harness.capital_height_per_point()
    assert harness.font_size(paragraph) == pytest.approx(expected, rel=1e-12)
