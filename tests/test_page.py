"""The course page's HTML (no browser): what it lists, its escaping, its links, the command and the build hook.

The browser tests (playback, tracks, seeking, layout) are in test_page_browser.py.
"""

from __future__ import annotations

import json
import re
import struct
import zlib
from html import escape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fixtures.build_project import Project

from lecture_tool import media
from lecture_tool.cli import main
from lecture_tool.page import (
    PAGE_FILES,
    Clip,
    PageError,
    embed_snippet,
    page_after_build,
    read_clips,
    render_page,
    write_page,
)

SCENES = [("Intro", "Logits & <probabilities>", 2.0), ("Temperature", "Temperature", 1.5)]


def png(width: int, height: int) -> bytes:
    """A valid one-colour PNG of the given size."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\x10\x11\x17" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """A quality folder laid out as the build leaves it (the videos are placeholders: no browser here)."""
    folder = tmp_path / "480p15"
    (folder / "scenes").mkdir(parents=True)
    chapters, cues, start = [], [], 0.0
    for name, title, duration in SCENES:
        (folder / "scenes" / f"{name}.mp4").write_bytes(b"not a real video")
        (folder / "scenes" / f"{name}.png").write_bytes(png(32, 18))
        scene_cues = [media.Cue(0.0, duration / 2, f"{title}: first."), media.Cue(duration / 2, duration, "Then.")]
        (folder / "scenes" / f"{name}.vtt").write_text(media.format_vtt(scene_cues))
        (folder / "scenes" / f"{name}.mp4.json").write_text(json.dumps({"scene": name, "duration": duration}))
        chapters.append(media.Chapter(title, start, start + duration, name))
        cues += [c.shifted(start) for c in scene_cues]
        start += duration
    (folder / "lecture.mp4").write_bytes(b"not a real video")
    (folder / "lecture.vtt").write_text(media.format_vtt(cues))
    (folder / "lecture.srt").write_text(media.format_srt(cues))
    (folder / "chapters.vtt").write_text(media.chapters_vtt(chapters))
    (folder / "chapters.json").write_text(media.chapters_json(chapters))
    return folder


class Tags(HTMLParser):
    """Every start tag with its attributes, and the page's text."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def find(self, tag: str, **attrs: str) -> list[dict[str, str | None]]:
        return [a for t, a in self.tags if t == tag and all(a.get(k) == v for k, v in attrs.items())]


def test_the_page_lists_every_chapter_in_order_with_its_start(out: Path) -> None:
    page = Tags(render_page(out))
    chapters = page.find("ol", id="chapters")
    assert chapters
    html = render_page(out)
    block = html[html.index('id="chapters"'):html.index("</ol>", html.index('id="chapters"'))]
    starts = re.findall(r'data-start="([\d.]+)"', block)
    assert starts == ["0.000", "2.000"]
    assert "Logits &amp; &lt;probabilities&gt;" in block and "<probabilities>" not in html
    assert '<span class="time">0:02</span>' in block


def test_the_transcript_has_one_line_per_lecture_cue_with_its_times(out: Path) -> None:
    html = render_page(out)
    block = html[html.index('id="transcript"'):html.index("</ol>", html.index('id="transcript"'))]
    cues = media.parse_srt((out / "lecture.srt").read_text())
    spans = re.findall(r'data-start="([\d.]+)" data-end="([\d.]+)"', block)
    assert [(float(a), float(b)) for a, b in spans] == [(c.start, c.end) for c in cues]
    assert len(cues) == 4
    assert "Then." in block


def test_the_video_has_captions_on_by_default_and_a_chapters_track(out: Path) -> None:
    page = Tags(render_page(out))
    (video,) = page.find("video", id="lecture")
    assert video["poster"] == "scenes/Intro.png"
    assert page.find("source", src="lecture.mp4", type="video/mp4")
    (captions,) = page.find("track", kind="captions", src="lecture.vtt")
    assert "default" in captions
    (chapters,) = page.find("track", kind="chapters", src="chapters.vtt")
    assert "default" not in chapters


def test_every_scene_is_a_clip_with_poster_captions_duration_and_its_embed_code(out: Path) -> None:
    html = render_page(out)
    page = Tags(html)
    for name, title, duration in SCENES:
        (video,) = [a for t, a in page.tags if t == "video" and a.get("poster") == f"scenes/{name}.png"
                    and a.get("id") != "lecture"]
        assert (video["width"], video["height"]) == ("32", "18")
        assert page.find("source", src=f"scenes/{name}.mp4")
        assert page.find("track", kind="captions", src=f"scenes/{name}.vtt")
        (pre,) = page.find("pre", id=f"clip-{name}-code")
        assert page.find("button", **{"data-copy": f"clip-{name}-code"})
        clip = Clip(0, name, title, 0.0, duration, 32, 18)
        assert f"<code>{escape(embed_snippet(clip))}</code>" in html
        assert f'data-seconds="{duration:.3f}"' in html


def test_every_link_is_relative_and_names_a_file_that_exists(out: Path) -> None:
    write_page(out)
    page = Tags((out / "index.html").read_text())
    links = [a[k] for _, a in page.tags for k in ("href", "src", "poster") if a.get(k)]
    assert len(links) >= 15
    for link in links:
        if link == "data:," or link.startswith("#"):  # the empty favicon, the skip link
            continue
        assert not re.match(r"^[a-z]+:|^//|^/", link), link
        assert (out / link).is_file(), link
    assert {"page.css", "page.js"} <= set(links)


def test_the_snippet_uses_the_poster_size_and_plays_without_the_page() -> None:
    snippet = embed_snippet(Clip(3, "ClassRegions1D", 'Regions "1D"', 0.0, 75.4, 1920, 1080))
    page = Tags(snippet)
    (video,) = page.find("video")
    assert (video["width"], video["height"], video["poster"]) == ("1920", "1080", "scenes/ClassRegions1D.png")
    assert page.find("track", kind="captions", src="scenes/ClassRegions1D.vtt")
    assert "Regions &quot;1D&quot; (video, 1:15)" in snippet


def test_a_scene_without_poster_or_video_is_listed_as_not_built(out: Path) -> None:
    (out / "scenes" / "Temperature.png").unlink()
    (out / "scenes" / "Temperature.mp4").unlink()
    (intro, temperature) = read_clips(out)
    assert (intro.width, temperature.width) == (32, None)
    html = render_page(out)
    assert "not built yet" in html
    assert 'poster="scenes/Temperature.png"' not in html.split('id="clips"')[1].split("<pre")[0]


def test_durations_come_from_each_scenes_json(out: Path) -> None:
    (out / "scenes" / "Temperature.mp4.json").write_text(json.dumps({"duration": 1.52}))
    assert [c.duration for c in read_clips(out)] == [2.0, 1.52]


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda o: (o / "chapters.json").unlink(), "chapters.json missing"),
        (lambda o: (o / "lecture.mp4").unlink(), "lecture.mp4 missing"),
        (lambda o: (o / "lecture.vtt").unlink(), "lecture.vtt missing"),
        (lambda o: (o / "chapters.json").write_text("[{"), "chapters.json is not valid JSON"),
        (lambda o: (o / "chapters.json").write_text('[{"scene": "A"}]'), "chapter 1 needs scene, title"),
        (lambda o: (o / "chapters.json").write_text(
            '[{"scene": "../x", "title": "t", "start": 0, "end": 1}]'), "bad scene name '../x'"),
    ],
    ids=["no-chapters", "no-video", "no-transcript", "bad-json", "incomplete-chapter", "path-in-scene-name"],
)
def test_missing_or_bad_outputs_name_the_file_and_write_nothing(out: Path, damage, message: str) -> None:
    damage(out)
    with pytest.raises(PageError, match=re.escape(message)):
        write_page(out)
    assert not any((out / name).exists() for name in PAGE_FILES)


def test_the_page_command_writes_only_the_page(out: Path, capsys) -> None:
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*")}
    assert main(["page", "-q", "l", "--out", str(out.parent)]) == 0
    assert f"course page: {out / 'index.html'}" in capsys.readouterr().err
    assert {p.name for p in out.iterdir()} - {p.name for p in before} == set(PAGE_FILES)
    assert all(p.stat().st_mtime_ns == t for p, t in before.items())


def test_the_page_command_without_a_build_says_what_to_run(tmp_path: Path, capsys) -> None:
    assert main(["page", "-q", "m", "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: no built lecture in ") and "720p30" in err
    assert err.strip().endswith("build it with 'softmax-anim render -q m'")
    assert len(err.strip().splitlines()) == 1


def test_a_render_writes_the_page_beside_the_lecture(project: Project) -> None:
    folder = project.out / "480p15"
    for name in PAGE_FILES:  # the small project was built with its page: start without one
        (folder / name).unlink(missing_ok=True)
    project.edit("scenes/part_one.py", "run_time = 1.0", "run_time = 2.0")
    args = ["render", *project.args("--progress", "plain")]
    assert main(args) == 0
    err = project.capsys.readouterr().err
    assert "1 rendered, 2 up to date" in err and f"course page: {folder / 'index.html'}" in err
    html = (folder / "index.html").read_text()
    assert "The first" in html and "The third" in html and "Third narration." in html
    assert (folder / "page.js").read_text().startswith("/* The course page")
    (folder / "index.html").unlink()
    assert main(args) == 0  # nothing to render: the page is still written
    assert (folder / "index.html").read_text() == html


def test_after_a_build_a_page_that_cannot_be_written_is_a_note_not_a_crash(tmp_path: Path, out: Path) -> None:
    note = page_after_build(tmp_path)
    assert note == f"course page not written: no built lecture in {tmp_path} (lecture.mp4 missing)"
    assert page_after_build(out) == f"course page: {out / 'index.html'}"


FOUR_CLASSES = Path(__file__).parent / "fixtures" / "params" / "edges_many.toml"


def try_data(page: str) -> dict:
    """The Try it widgets' parameters written into the page."""
    start = page.index(">", page.index('<script type="application/json" id="try-data"')) + 1
    return json.loads(page[start:page.index("</script>", start)])


def test_the_try_it_widgets_get_the_lectures_parameters(out: Path) -> None:
    from softmax_anim.lines1d import crossings
    from softmax_anim.params import load_params

    default = try_data(render_page(out))
    assert default["logits"]["names"] == ["cat", "dog", "bird"] and default["simplex"]["path"][0] == [0.0, 1.0]
    data = try_data(render_page(out, params_file=FOUR_CLASSES))
    params = load_params(FOUR_CLASSES)
    assert data["logits"]["names"] == list(params.logits.names) and data["logits"]["values"] == [8.0, -8.0, 7.99, 0.0]
    assert data["logits"]["colors"] == list(params.logits.colors)
    assert [data["logits"]["temperatures"][i] for i in (0, -1)] == list(params.logits.sweep)
    assert data["lines"]["crossings"] == [c.x for c in crossings(params.lines.weights, params.lines.biases,
                                                                   params.lines.x_range)]
    assert data["simplex"] is None  # the triangle needs exactly three classes


def test_chapters_with_a_widget_link_to_it(out: Path) -> None:
    page = Tags(render_page(out))
    assert [a["href"] for a in page.find("a", **{"class": "try-link"})] == ["#try-softmax"]  # the Temperature chapter
    widgets = {a["id"] for a in page.find("article", **{"class": "widget"})}
    assert widgets == {"try-softmax", "try-regions", "try-simplex"}


def test_the_page_command_takes_the_lecture_parameters(out: Path, capsys, monkeypatch, tmp_path: Path) -> None:
    monkeypatch.delenv("SOFTMAX_ANIM_PARAMS", raising=False)
    assert main(["page", "-q", "l", "--out", str(out.parent), "--params", str(FOUR_CLASSES)]) == 0
    assert len(try_data((out / "index.html").read_text())["logits"]["names"]) == 4
    monkeypatch.setenv("SOFTMAX_ANIM_PARAMS", str(FOUR_CLASSES))
    (out / "index.html").unlink()
    assert main(["page", "-q", "l", "--out", str(out.parent)]) == 0
    assert len(try_data((out / "index.html").read_text())["logits"]["names"]) == 4
    bad = tmp_path / "bad.toml"
    bad.write_text("[logits]\nsweep = [0.5, 0.9]\n")
    capsys.readouterr()
    assert main(["page", "-q", "l", "--out", str(out.parent), "--params", str(bad)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: lecture parameter 'logits.sweep'") and len(err.splitlines()) == 1, err
    assert "softmax-anim render" not in err  # nothing to build: the file is wrong
    assert page_after_build(out, None, bad).startswith("course page not written: ")


def test_a_page_rewritten_from_the_same_parameters_keeps_its_widgets_data(out: Path, tmp_path: Path,
                                                                          monkeypatch) -> None:
    import lecture_tool.page as page_module

    override = tmp_path / "mine.toml"
    override.write_text("[logits]\nvalues = [1.0, 2.0, 3.0]\n")
    write_page(out, params_file=override)
    first = (out / "index.html").read_text()

    def not_again(*args: object) -> str:
        raise AssertionError("the parameters were loaded again")

    monkeypatch.setattr(page_module, "try_it_json", not_again)
    write_page(out, params_file=override)  # a build that rendered nothing: the same inputs
    assert (out / "index.html").read_text() == first
    override.write_text("[logits]\nvalues = [3.0, 2.0, 1.0]\n")
    monkeypatch.undo()
    write_page(out, params_file=override)
    assert try_data((out / "index.html").read_text())["logits"]["values"] == [3.0, 2.0, 1.0]
