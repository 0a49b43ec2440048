"""The course page in a real browser: Debian's chromium driven by Playwright, the page served from 127.0.0.1.

The media are real and small: three scenes of test-pattern video with a tone,
made by ffmpeg and laid out as the build leaves them (posters, captions,
durations), joined by the build's own functions into the chaptered lecture
with its captions and chapters. The checks: the lecture plays, both tracks
load every cue, chapter and transcript clicks (and keys) seek to the right
time, every clip's files load, the copy button copies the embed code, no
request leaves 127.0.0.1, nothing is logged as an error in the console, and the layout fits a phone
(375 px) and a desktop (1280 px). The Try it widgets show, for a grid of inputs set in one page load,
exactly the characters softmax_anim gives in Python, with the region boundaries on the exact crossings.
Screenshots go to ``$PAGE_SCREENSHOTS`` (default: a temp folder).
"""

from __future__ import annotations

import http.server
import json
import math
import os
import re
import shutil
import subprocess
import threading
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import numpy as np
import pytest
from playwright import sync_api

from lecture_tool import media
from lecture_tool.page import embed_snippet, read_clips, render_page, write_page
from lecture_tool.soundtrack import FRAME, RATE, ScenePiece, join_pieces, scene_pieces
from lecture_tool.try_it import temperature_steps as temperature_steps_of
from lecture_voice import loudness
from softmax_anim import format_number, softmax
from softmax_anim.formatting import display_decimals, format_parts, format_probability_sum
from softmax_anim.lines1d import crossings, predict
from softmax_anim.params import load_params
from softmax_anim.simplex import temperature_path

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [
    pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium (scripts/setup.sh installs it)"),
    pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="needs ffmpeg"),
]

SCENES = [("Logits", "Logits & <scores>", 2.0), ("Exponentiate", "Exponentiate, then normalize", 1.6),
          ("Temperature", "Temperature", 2.4)]
WIDTH, HEIGHT = 320, 180
ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-default-apps",
        "--disable-extensions", "--mute-audio"]


def make_outputs(folder: Path) -> None:
    """Scene clips, posters, captions and the chaptered lecture, as ``media/lecture/<quality>/``."""
    (folder / "scenes").mkdir(parents=True)
    chapters, cues, start = [], [], 0.0
    for k, (name, title, duration) in enumerate(SCENES):
        video = folder / "scenes" / f"{name}.mp4"
        subprocess.run(
            ["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", f"testsrc=size={WIDTH}x{HEIGHT}:rate=15:d={duration}",
             "-f", "lavfi", "-i", f"sine=frequency={440 + 110 * k}:d={duration}", "-c:v", "libx264",
             "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest",
             "-movflags", "+faststart", str(video)],
            check=True,
        )
        media.poster(video, video.with_suffix(".png"))
        third = duration / 3
        scene_cues = [media.Cue(i * third, (i + 1) * third, f"{title}, line {i + 1}.") for i in range(3)]
        video.with_suffix(".vtt").write_text(media.format_vtt(scene_cues))
        video.with_suffix(".srt").write_text(media.format_srt(scene_cues))
        (folder / "scenes" / f"{name}.mp4.json").write_text(json.dumps({"scene": name, "duration": duration}))
        chapters.append(media.Chapter(title, start, start + duration, name))
        cues += [c.shifted(start) for c in scene_cues]
        start += duration
    (folder / "chapters.txt").write_text(media.ffmetadata(chapters, "Test lecture"))
    videos = [folder / "scenes" / f"{n}.mp4" for n, _, _ in SCENES]
    durations = [d for _, _, d in SCENES]
    scenes = [ScenePiece(v, d, loudness.measure_loudness(v), d) for v, d in zip(videos, durations, strict=True)]
    join_pieces(scene_pieces(scenes, folder / "sound", "test"), durations, folder / "audio.aac")
    media.concat_lecture(videos, durations, folder / "audio.aac", folder / "chapters.txt", folder / "lecture.mp4",
                         FRAME / RATE)
    shutil.rmtree(folder / "sound")
    for scratch in ("chapters.txt", "audio.aac"):
        (folder / scratch).unlink()
    (folder / "lecture.vtt").write_text(media.format_vtt(cues))
    (folder / "lecture.srt").write_text(media.format_srt(cues))
    (folder / "chapters.vtt").write_text(media.chapters_vtt(chapters))
    (folder / "chapters.json").write_text(media.chapters_json(chapters))


class RangeHandler(http.server.SimpleHTTPRequestHandler):
    """A static host as browsers meet it: byte ranges (for video seeking), no logging."""

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def send_head(self) -> Any:
        match = re.fullmatch(r"bytes=(\d+)-(\d*)", self.headers.get("Range", ""))
        path = Path(self.translate_path(self.path))
        if match is None or not path.is_file():
            return super().send_head()
        size = path.stat().st_size
        first = int(match.group(1))
        last = min(int(match.group(2) or size - 1), size - 1)
        if first > last:
            self.send_error(416)
            return None
        f = path.open("rb")
        f.seek(first)
        self.send_response(206)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Range", f"bytes {first}-{last}/{size}")
        self.send_header("Content-Length", str(last - first + 1))
        self.send_header("Accept-Ranges", "bytes")
        self.end_headers()
        self.range_left = last - first + 1
        return f

    def copyfile(self, source: Any, outputfile: Any) -> None:
        left = getattr(self, "range_left", None)
        if left is None:
            return super().copyfile(source, outputfile)
        while left > 0 and (chunk := source.read(min(65536, left))):
            outputfile.write(chunk)
            left -= len(chunk)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """The outputs with their page, served from 127.0.0.1 on a free port: (folder, base URL)."""
    folder = tmp_path_factory.mktemp("site") / "480p15"
    make_outputs(folder)
    write_page(folder, title="Test lecture")

    def handler(*args: Any, **kwargs: Any) -> RangeHandler:
        return RangeHandler(*args, directory=str(folder), **kwargs)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield folder, f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield browser
        browser.close()


class Visit:
    """One page load at one viewport, with every request it made recorded (and outside ones blocked)."""

    def __init__(self, browser: Any, url: str, width: int, height: int) -> None:
        self.requests: list[str] = []
        self.context = browser.new_context(viewport={"width": width, "height": height})
        self.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=url.rstrip("/"))
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.errors: list[str] = []
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("console", lambda message: self.errors.append(message.text) if message.type == "error" else None)
        self.page.goto(url + "index.html", wait_until="load")
        # Both tracks loaded (the chapters track is switched to "hidden" by the page's script).
        self.page.wait_for_function(
            "[...document.querySelectorAll('#lecture track')].every(t => t.readyState === 2)", timeout=10_000
        )

    def _route(self, route: Any) -> None:
        url = route.request.url
        self.requests.append(url)
        if urlsplit(url).hostname == "127.0.0.1":
            route.continue_()
        else:
            route.abort()

    def js(self, script: str, arg: Any = None) -> Any:
        return self.page.evaluate(script, arg)

    def time(self) -> float:
        self.page.wait_for_function("!document.getElementById('lecture').seeking", timeout=10_000)
        return float(self.js("document.getElementById('lecture').currentTime"))

    def current(self, list_id: str) -> list[int]:
        return self.js(f"[...document.querySelectorAll('#{list_id} button')]"
                       ".flatMap((b, i) => b.getAttribute('aria-current') === 'true' ? [i] : [])")

    def close(self) -> None:
        self.context.close()


@pytest.fixture(scope="module")
def desktop(browser: Any, site: tuple[Path, str]) -> Iterator[Visit]:
    visit = Visit(browser, site[1], 1280, 800)
    yield visit
    visit.close()


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = Path(os.environ.get("PAGE_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def expected_cues(path: Path) -> list[media.Cue]:
    """The cues of a WebVTT file, read independently of the build tool (timing line, then text)."""
    cues = []
    for block in path.read_text().split("\n\n"):
        lines = [line for line in block.splitlines() if line]
        timing = next((i for i, line in enumerate(lines) if " --> " in line), None)
        if timing is None:
            continue
        start, end = (_seconds(t.split()[0]) for t in lines[timing].split(" --> "))
        cues.append(media.Cue(start, end, "\n".join(lines[timing + 1:])))  # as written: the browser keeps the escapes
    return cues


def _seconds(stamp: str) -> float:
    h, m, s = stamp.split(":")
    return int(h) * 3600 + int(m) * 60 + float(s)


def test_both_tracks_load_every_cue_and_captions_show_by_default(desktop: Visit, site) -> None:
    folder, _ = site
    tracks = desktop.js("[...document.getElementById('lecture').textTracks]"
                        ".map(t => ({kind: t.kind, mode: t.mode, cues: t.cues.length,"
                        " first: t.cues[0].text, starts: [...t.cues].map(c => c.startTime)}))")
    captions, chapters = tracks
    expected = expected_cues(folder / "lecture.vtt")
    assert len(expected) == 3 * len(SCENES)
    assert (captions["kind"], captions["mode"], captions["cues"]) == ("captions", "showing", len(expected))
    assert captions["first"] == expected[0].text
    assert captions["starts"] == pytest.approx([c.start for c in expected], abs=1e-3)
    chapter_cues = expected_cues(folder / "chapters.vtt")
    assert (chapters["kind"], chapters["mode"], chapters["cues"]) == ("chapters", "hidden", len(chapter_cues))
    assert chapters["starts"] == pytest.approx([0.0, 2.0, 3.6], abs=1e-3)


def test_the_lecture_plays(desktop: Visit) -> None:
    desktop.js("() => { const v = document.getElementById('lecture'); v.muted = true; return v.play(); }")
    desktop.page.wait_for_function("document.getElementById('lecture').currentTime > 0.5", timeout=10_000)
    state = desktop.js("(() => { const v = document.getElementById('lecture');"
                       " return {duration: v.duration, width: v.videoWidth, error: v.error}; })()")
    assert state == {"duration": pytest.approx(6.0, abs=0.1), "width": WIDTH, "error": None}
    assert desktop.current("transcript") != []  # the spoken line is highlighted while it plays
    desktop.js("document.getElementById('lecture').pause()")


@pytest.mark.parametrize("how", ["click", "Enter", "Space"])
def test_a_chapter_click_or_key_seeks_to_its_start(desktop: Visit, how: str) -> None:
    chapter = {"click": 1, "Enter": 2, "Space": 0}[how]
    start = [0.0, 2.0, 3.6][chapter]
    desktop.js("(() => { const v = document.getElementById('lecture'); v.muted = true; v.currentTime = 5.9; })()")
    desktop.time()  # that seek done: the next one is the chapter's
    # Where the seek lands (the video plays on from there: on a loaded machine it is well past it a moment later).
    desktop.js("(() => { const v = document.getElementById('lecture'); window.landed = null;"
               " v.addEventListener('seeked', () => { window.landed = v.currentTime; }, {once: true}); })()")
    button = desktop.page.locator("#chapters button").nth(chapter)
    if how == "click":
        button.click()
    else:
        button.focus()
        desktop.page.keyboard.press(how)
    desktop.page.wait_for_function("window.landed !== null", timeout=10_000)
    assert desktop.js("window.landed") == pytest.approx(start, abs=0.3)
    assert desktop.current("chapters") == [chapter]
    assert desktop.js("document.getElementById('now').textContent").startswith(f"Chapter {chapter + 1} of 3: ")
    desktop.js("document.getElementById('lecture').pause()")


def test_a_transcript_click_seeks_to_its_line_and_highlights_it(desktop: Visit, site) -> None:
    cues = expected_cues(site[0] / "lecture.vtt")
    desktop.page.locator("#transcript button").nth(4).click()
    desktop.js("document.getElementById('lecture').pause()")
    assert desktop.time() == pytest.approx(cues[4].start, abs=0.3)
    # The caption on screen is that line alone (not also the one ending where it starts).
    active = desktop.js("[...document.getElementById('lecture').textTracks[0].activeCues].map(c => c.text)")
    assert active == [cues[4].text]
    desktop.js("document.getElementById('lecture').currentTime = %f" % (cues[4].start + 0.05))
    desktop.time()
    desktop.page.wait_for_function("document.querySelectorAll('#transcript [aria-current]').length === 1")
    assert desktop.current("transcript") == [4]
    assert desktop.current("chapters") == [1]


def test_the_transcript_is_one_tab_stop_walked_with_the_arrow_keys(desktop: Visit, site) -> None:
    cues = expected_cues(site[0] / "lecture.vtt")
    desktop.page.locator("#chapters button").last.focus()
    desktop.page.keyboard.press("Tab")
    assert desktop.js("document.activeElement.closest('#transcript') !== null")
    for key in ("Home", "ArrowDown", "ArrowDown", "ArrowDown", "ArrowUp", "ArrowDown", "Enter"):
        desktop.page.keyboard.press(key)
    assert desktop.time() == pytest.approx(cues[3].start, abs=0.3)
    desktop.page.keyboard.press("Tab")  # out of the transcript in one step
    assert desktop.js("document.activeElement.closest('#transcript') === null")
    desktop.js("document.getElementById('lecture').pause()")


def test_every_scene_clip_loads_its_poster_video_and_captions(desktop: Visit, site) -> None:
    folder, url = site
    clips = desktop.js("""[...document.querySelectorAll('.clip')].map(c => {
        const v = c.querySelector('video');
        return {title: c.querySelector('h3').textContent, poster: v.getAttribute('poster'),
                video: c.querySelector('source').getAttribute('src'),
                track: c.querySelector('track').getAttribute('src'),
                duration: c.querySelector('.duration').textContent,
                snippet: c.querySelector('pre').textContent};
    })""")
    assert [c["title"] for c in clips] == [f"{i}. {t}" for i, (_, t, _) in enumerate(SCENES, 1)]
    for clip, info in zip(clips, read_clips(folder)):
        assert clip["poster"] == f"scenes/{info.scene}.png" and clip["video"] == f"scenes/{info.scene}.mp4"
        assert clip["track"] == f"scenes/{info.scene}.vtt"
        assert clip["snippet"] == embed_snippet(info)
        assert clip["duration"] == f"0:{round(info.duration):02d}"
    # Every file the page names answers 200 from the host, and the posters are drawn.
    links = desktop.js("[...document.querySelectorAll('[href], [src], [poster]')]"
                       ".map(e => e.getAttribute('href') || e.getAttribute('src') || e.getAttribute('poster'))"
                       ".filter(l => !l.startsWith('#') && !l.startsWith('data:'))")
    assert len(links) >= 5 + 6 * len(SCENES)
    statuses = desktop.js("links => Promise.all(links.map(l => fetch(l, {method: 'HEAD'}).then(r => r.status)))",
                          links)
    assert set(statuses) == {200}
    loaded = [r for r in desktop.requests if r.endswith(".png")]
    assert {u.rsplit("/", 1)[1] for u in loaded} >= {f"{n}.png" for n, _, _ in SCENES}
    # A clip plays with its captions track.
    first = desktop.page.locator(".clip video").first
    first.evaluate("v => { v.muted = true; v.textTracks[0].mode = 'showing'; return v.play(); }")
    desktop.page.wait_for_function(
        "(() => { const v = document.querySelector('.clip video'); return v.currentTime > 0.2"
        " && v.textTracks[0].cues && v.textTracks[0].cues.length === 3; })()", timeout=10_000)
    first.evaluate("v => v.pause()")


def test_the_copy_button_copies_the_embed_code(desktop: Visit) -> None:
    desktop.page.locator(".clip button.copy").nth(1).click()
    desktop.page.wait_for_function("document.querySelectorAll('.copied')[1].textContent === 'Copied.'")
    copied = desktop.js("navigator.clipboard.readText()")
    assert copied == desktop.js("document.querySelectorAll('.clip pre')[1].textContent")
    assert copied.startswith("<video controls") and "scenes/Exponentiate.vtt" in copied


@pytest.mark.parametrize(("name", "width", "height"), [("phone", 375, 812), ("desktop", 1280, 800)])
def test_the_layout_fits_and_is_screenshotted(browser, site, screenshots: Path, name: str, width: int,
                                              height: int) -> None:
    visit = Visit(browser, site[1], width, height)
    try:
        page = visit.page
        page.locator("#transcript button").nth(5).click()  # a highlighted line and chapter in the pictures
        page.wait_for_function("document.querySelectorAll('#transcript [aria-current]').length === 1")
        page.evaluate("document.getElementById('lecture').pause()")
        page.locator(".clip details").first.evaluate("d => d.open = true")
        page.screenshot(path=str(screenshots / f"page-{name}.png"), full_page=True)
        page.locator("#try").screenshot(path=str(screenshots / f"try-it-{name}.png"))
        widths = page.evaluate("[...document.querySelectorAll('.widget, .widget svg, .widget table')]"
                               ".map(e => e.getBoundingClientRect().right)")
        assert max(widths) <= width - 8  # the Try it widgets fit too
        boxes = page.evaluate("""(() => {
            const box = s => { const r = document.querySelector(s).getBoundingClientRect();
                               return {left: r.left, right: r.right, top: r.top, bottom: r.bottom}; };
            return {scroll: document.documentElement.scrollWidth, video: box('#lecture'),
                    player: box('.player'), transcript: box('.transcript'), lines: box('#transcript')};
        })()""")
        assert boxes["scroll"] <= width  # nothing wider than the screen
        video, transcript = boxes["video"], boxes["transcript"]
        if name == "desktop":  # beside the video, no taller than it (and the chapter line under it)
            assert transcript["left"] >= video["right"] and abs(transcript["top"] - video["top"]) < 60
            assert transcript["bottom"] <= boxes["player"]["bottom"] + 1 < video["bottom"] + 60
            assert video["right"] - video["left"] > 700
        else:  # below it, full width
            assert transcript["top"] >= video["bottom"] and video["right"] - video["left"] >= width - 40
            assert boxes["lines"]["bottom"] - boxes["lines"]["top"] <= 0.6 * height
        assert visit.errors == []
    finally:
        visit.close()
    outside = [u for u in visit.requests if urlsplit(u).hostname != "127.0.0.1" and not u.startswith("data:")]
    assert outside == []
    assert any(u.endswith("/lecture.mp4") for u in visit.requests)


def test_no_request_leaves_127_0_0_1(desktop: Visit) -> None:
    assert len(desktop.requests) > 10
    assert [u for u in desktop.requests if urlsplit(u).hostname != "127.0.0.1" and not u.startswith("data:")] == []
    assert desktop.errors == []


def test_the_page_says_when_its_host_cannot_seek_or_load_captions(browser, site) -> None:
    folder, url = site
    class Plain(http.server.SimpleHTTPRequestHandler):  # python -m http.server: no byte ranges
        log_message = RangeHandler.log_message

    plain = http.server.ThreadingHTTPServer(("127.0.0.1", 0), lambda *a: Plain(*a, directory=str(folder)))
    threading.Thread(target=plain.serve_forever, daemon=True).start()
    notices = {}
    context = browser.new_context()
    try:
        for name, address in [("ranges", url), ("no ranges", f"http://127.0.0.1:{plain.server_address[1]}/"),
                              ("file", folder.as_uri() + "/")]:
            page = context.new_page()
            page.goto(address + "index.html", wait_until="load")
            page.wait_for_function("document.getElementById('lecture').readyState >= 3 && [...document"
                                   ".querySelectorAll('#lecture track')].every(t => t.readyState >= 2)", timeout=10_000)
            notices[name] = page.evaluate(
                "(() => { const n = document.getElementById('notice'); return n.hidden ? '' : n.textContent; })()")
            page.close()
    finally:
        context.close()
        plain.shutdown()
        plain.server_close()
    assert notices["ranges"] == ""
    assert notices["no ranges"].startswith("This web server does not answer byte-range requests, so")
    assert "captions" not in notices["no ranges"]
    assert notices["file"].startswith("The captions could not load")


# --- Try it: the widgets' numbers against softmax_anim, character for character ----------------------------

FOUR_CLASSES = Path(__file__).parent / "fixtures" / "params" / "edges_many.toml"
LOGIT_GRID = [[2.0, 1.0, 0.1], [80.0, 50.0, 0.0], [50.0, 80.0, -3.2], [0.0, 0.0, 0.0], [-10.0, 10.0, 0.5],
              [80.0, 80.0, 79.9], [-100.0, 100.0, 0.0], [1.3, -0.5, 3.3], [0.1, 0.2, 0.3], [-7.7, -7.7, 8.0]]

# One page load drives a whole grid: set the inputs, let the page compute, read every number it shows.
DRIVE = """([grid, classes]) => {
    const set = (id, value) => { const input = document.getElementById(id); input.value = String(value);
                                 input.dispatchEvent(new Event('input', {bubbles: true})); return input.value; };
    const texts = sel => [...document.querySelectorAll(sel)].map(e => e.textContent);
    const box = e => { const r = e.getBoundingClientRect(); return [r.left, r.right, r.top, r.bottom]; };
    const point = document.querySelector('#try-simplex .point');
    const out = {softmax: [], regions: [], simplex: []};
    for (const [z, k] of grid.softmax) {
        z.forEach((v, i) => set('try-z-' + i + '-value', v));
        out.softmax.push({t: set('try-t', k), shownT: texts('#try-t-shown')[0],
                          shifted: texts('#try-softmax td.shifted'), exp: texts('#try-softmax td.exp'),
                          p: texts('#try-softmax td.p .num'), expTotal: texts('#try-softmax td.exp-total')[0],
                          pTotal: texts('#try-softmax td.p-total')[0],
                          status: texts('#try-softmax [role=status]')[0]});
    }
    for (const x of grid.regions) {
        out.regions.push({x: set('try-x', x), shownX: texts('#try-x-shown')[0], z: texts('#try-regions td.z'),
                          p: texts('#try-regions td.p .num'), pTotal: texts('#try-regions td.p-total')[0],
                          winner: texts('#try-regions .winner')[0],
                          marker: +document.querySelector('#try-regions .marker').getAttribute('x1')});
    }
    if (classes === 3) {
        for (const k of grid.simplex) {
            out.simplex.push({t: set('try-simplex-t', k), shownT: texts('#try-simplex-t-shown')[0],
                              p: texts('#try-simplex td.p .num'), pTotal: texts('#try-simplex td.p-total')[0],
                              point: ['cx', 'cy'].map(a => +point.getAttribute(a))});
        }
        // Where the drawn triangle's corners are on screen, and how the picture maps onto the screen.
        const svg = document.querySelector('#try-simplex svg');
        out.triangle = {box: box(svg), width: svg.viewBox.baseVal.width,
                        corners: [...svg.querySelectorAll('circle:not(.point)')].map(box)};
    }
    const svg = document.querySelector('#try-regions svg');
    out.plot = {box: box(svg), width: svg.viewBox.baseVal.width, x0: +svg.dataset.x0, x1: +svg.dataset.x1,
                boundaries: [...svg.querySelectorAll('.boundary')].map(box),
                regions: [...svg.querySelectorAll('.region')].map(r => [...box(r), +r.dataset.winner])};
    return out;
}"""


def shown(text: str) -> str:
    """A number as the page writes it: softmax_anim's string with a true minus sign."""
    return "\u2212" + text[1:] if text.startswith("-") else text


def shown_total(s: Any) -> str:
    return ("\u2248 " if s.approximate else "") + shown(s.total)


def check_try_it(page: Any, params: Any, logit_grid: list[list[float]], temperature_steps: list[int]) -> int:
    """Drive every widget over a grid and compare each number shown with softmax_anim's; return the count."""
    steps = temperature_steps_of(*params.logits.sweep)
    lines = params.lines
    lo, hi = lines.x_range
    step = 10.0 ** (math.floor(math.log10(hi - lo)) - 2)
    cuts = [c.x for c in crossings(lines.weights, lines.biases, lines.x_range)]
    xs = sorted({*range(0, round((hi - lo) / step) + 1, 4)} | {round((c - lo) / step) for c in cuts})
    grid = {"softmax": [[z, k] for z in logit_grid for k in temperature_steps],
            "regions": [str(Decimal(str(lo)) + k * Decimal(str(step))) for k in xs],
            "simplex": list(range(len(steps))) if len(params.logits.names) == 3 else []}
    n = len(params.logits.names)
    out = page.evaluate(DRIVE, [grid, n])
    compared = 0
    for (z, k), got in zip(grid["softmax"], out["softmax"], strict=True):
        t = steps[k]
        shifted = (np.array(z) - max(z)) / t  # softmax's own arithmetic, step by step
        exps = np.exp(shifted)
        probs = exps / exps.sum()
        np.testing.assert_array_equal(probs, softmax(z, temperature=t))
        e_sum, p_sum = format_parts(exps), format_probability_sum(probs)
        expected = {"t": str(k), "shownT": f"T = {format_number(t, display_decimals([t], 2, 3))}",
                    "shifted": [shown(format_number(v, 2)) for v in shifted], "exp": [shown(v) for v in e_sum.terms],
                    "p": [shown(v) for v in p_sum.terms], "expTotal": shown_total(e_sum), "pTotal": shown_total(p_sum)}
        assert {key: got[key] for key in expected} == expected, (z, t)
        assert got["status"] == f"At {expected['shownT']}: " + ", ".join(
            f"{name} {p}" for name, p in zip(params.logits.names, expected["p"], strict=True)) + "."
        compared += 4 + 3 * n
    plot = out["plot"]
    scale = (plot["box"][1] - plot["box"][0]) / plot["width"]
    px = lambda x: plot["box"][0] + (plot["x0"] + (x - lo) / (hi - lo) * (plot["x1"] - plot["x0"])) * scale  # noqa: E731
    for x_text, got in zip(grid["regions"], out["regions"], strict=True):
        x = float(got["x"])
        assert x == float(x_text)
        pred = predict(lines.weights, lines.biases, x)
        p_sum = format_probability_sum(pred.probabilities)
        assert got == {"x": got["x"], "shownX": f"x = {shown(format_number(x))}",
                       "z": [shown(format_number(v)) for v in pred.values], "p": [shown(v) for v in p_sum.terms],
                       "pTotal": shown_total(p_sum), "winner": f"argmax: {lines.names[pred.winner]}",
                       "marker": got["marker"]}, x
        assert plot["box"][0] + got["marker"] * scale == pytest.approx(px(x), abs=0.5)
        compared += 2 + 2 * n
    # The boundaries and the regions' edges sit on the exact crossings, to half a pixel at the widget's size.
    assert [b[0] for b in plot["boundaries"]] == pytest.approx([px(c) for c in cuts], abs=0.5)
    edges = [px(lo), *(px(c) for c in cuts), px(hi)]
    assert [r[0] for r in plot["regions"]] == pytest.approx(edges[:-1], abs=0.5)
    assert [r[1] for r in plot["regions"]] == pytest.approx(edges[1:], abs=0.5)
    if grid["simplex"]:
        triangle = out["triangle"]
        corners = np.array([[(c[0] + c[1]) / 2, (c[2] + c[3]) / 2] for c in triangle["corners"]])
        scale = (triangle["box"][1] - triangle["box"][0]) / triangle["width"]
    for k, got in zip(grid["simplex"], out["simplex"], strict=True):
        p = temperature_path(params.logits.values, steps[k])
        p_sum = format_probability_sum(p)
        assert (got["p"], got["pTotal"]) == ([shown(v) for v in p_sum.terms], shown_total(p_sum)), steps[k]
        point = [triangle["box"][0] + got["point"][0] * scale, triangle["box"][2] + got["point"][1] * scale]
        assert point == pytest.approx(p @ corners, abs=0.5)  # on the drawn triangle, to half a pixel
        compared += 1 + n
    return compared


def console_errors(page: Any) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    return errors


def test_try_it_shows_the_lectures_numbers_for_a_grid_of_inputs(browser, site) -> None:
    visit = Visit(browser, site[1], 1280, 800)
    try:
        params = load_params(None)
        assert visit.js("document.querySelectorAll('#try-softmax input[type=range]').length") == 4
        steps = list(range(0, 181, 9))  # both ends of the sweep (0.1 and 10) and 19 between
        compared = check_try_it(visit.page, params, LOGIT_GRID, steps)
        assert len(LOGIT_GRID) * len(steps) >= 200 and compared > 4000
        assert visit.errors == []  # no error in the console
    finally:
        visit.close()
    outside = [u for u in visit.requests if urlsplit(u).hostname != "127.0.0.1" and not u.startswith("data:")]
    assert outside == []


def test_try_it_with_four_classes_shows_four_sliders_and_their_numbers(browser, site, screenshots: Path) -> None:
    folder, url = site
    (folder / "four.html").write_text(render_page(folder, "Four classes", params_file=FOUR_CLASSES))
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        page = context.new_page()
        errors = console_errors(page)
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(url + "four.html", wait_until="load")
        names = page.evaluate("[...document.querySelectorAll('#try-softmax .logit label')].map(l => l.textContent)")
        assert names == [f"{n} logit" for n in ("abcdefgh", "ijklmnop", "qrstuvwx", "yzabcdef")]
        assert page.evaluate("document.querySelector('#try-simplex .explain:last-child').textContent").endswith(
            "exactly three classes; this lecture has 4.")
        grid = [[8.0, -8.0, 7.99, 0.0], [80.0, 50.0, 0.0, 79.9], [0.0, 0.0, 0.0, 0.0], [-100.0, 100.0, 99.9, -3.0]]
        compared = check_try_it(page, load_params(FOUR_CLASSES), grid, [0, 1, 60, 120, 239, 240])
        assert compared > 500 and errors == []
        page.locator("#try").screenshot(path=str(screenshots / "try-it-four-classes.png"))
    finally:
        context.close()


def test_try_it_is_usable_by_keyboard_and_pointer_and_follows_the_chapter(desktop: Visit) -> None:
    page = desktop.page
    labels = page.evaluate("[...document.querySelectorAll('.widget input')].map(i => i.labels.length"
                           " ? i.labels[0].textContent : i.getAttribute('aria-label'))")
    assert all(labels) and len(labels) == 3 * 2 + 1 + 1 + 1
    x = page.locator("#try-x")
    x.focus()
    before = float(x.input_value())
    page.keyboard.press("ArrowRight")
    assert float(x.input_value()) == pytest.approx(before + 0.01)
    assert x.get_attribute("aria-valuetext").startswith(f"x = {float(x.input_value()):.2f}")
    live = page.locator("#try-regions [role=status]")
    assert live.get_attribute("aria-live") == "polite" and "wins" in live.text_content()
    box = page.locator("#try-regions svg").bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.9, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.2, box["y"] + box["height"] / 2)
    page.mouse.up()
    assert float(x.input_value()) < -2.0 and page.locator("#try-regions .winner").text_content() == "argmax: blue"
    # The chapter "Temperature" links to the softmax widget, which is marked while it plays.
    assert page.locator("#chapters li").nth(2).locator("a.try-link").get_attribute("href") == "#try-softmax"
    page.locator("#chapters button").nth(2).click()
    page.wait_for_function("document.getElementById('try-softmax').classList.contains('is-playing')")
    desktop.js("document.getElementById('lecture').pause()")
    assert not desktop.js("document.getElementById('try-regions').classList.contains('is-playing')")


def test_the_browsers_exp_is_numpys_to_the_last_bit(desktop: Visit) -> None:
    """The one operation numbers.js cannot port: with it equal, the page's probabilities are numpy's bits.

    (Rounding and sums are exact in numbers.js; V8 in node 20 differs from numpy's exp in the last bit for
    about one input in ten, so a different engine would show a different digit only for a value within
    about 1e-16 of a rounding boundary.)
    """
    rng = np.random.default_rng(0)
    xs = np.concatenate([-rng.exponential(5.0, 8000), -np.arange(0, 7460) / 10, rng.uniform(-745, 0, 3000)])
    got = np.array(desktop.js("xs => xs.map(Math.exp)", xs.tolist()))
    assert np.count_nonzero(got != np.exp(xs)) == 0
