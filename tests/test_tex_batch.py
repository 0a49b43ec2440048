"""Formulas compiled in one batch give the same pictures as formulas compiled alone (lecture_tool/tex_batch.py)."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

from lecture_tool import tex_batch

FORMULAS = [
    (r"p_i = \frac{e^{z_i}}{\sum_j e^{z_j}}", "align*"),
    (r"\text{cat}\ 0.659", "align*"),
    (r"softmax at $T = \sqrt{d}$", None),
]


def test_a_batch_page_is_the_formula_manim_compiles_alone(tmp_path: Path) -> None:
    from manim import SVGMobject, tempconfig
    from manim.utils import tex_file_writing

    with tempconfig({"media_dir": str(tmp_path / "alone")}):
        alone = [tex_file_writing.tex_to_svg_file(expr, env) for expr, env in FORMULAS]
    sources = [svg.with_suffix(".tex").read_text(encoding="utf-8") for svg in alone]
    pool = tmp_path / "pool"
    pool.mkdir()
    assert tex_batch.precompile(sources, pool) == len(FORMULAS)
    for svg in alone:
        batched = pool / svg.name  # under the name manim gives the formula
        assert batched.is_file()
        a, b = SVGMobject(str(svg), should_center=False), SVGMobject(str(batched), should_center=False)
        assert [m.name for m in a.submobjects] == [m.name for m in b.submobjects]
        pa, pb = a.family_members_with_points(), b.family_members_with_points()
        assert len(pa) == len(pb) > 0
        for x, y in zip(pa, pb, strict=True):
            np.testing.assert_array_equal(x.points, y.points)
    assert tex_batch.precompile(sources, pool) == 0  # already there: nothing compiled again


def test_what_latex_cannot_compile_is_left_to_manim(tmp_path: Path) -> None:
    good = tex_batch.load_manifest()[:1] or pytest.skip("no formula list")
    broken = good[0].replace(r"\end{document}", r"\undefinedmacro \end{document}")
    assert tex_batch.precompile([broken], tmp_path) == 0
    assert list(tmp_path.glob("*.svg")) == []


def test_the_formula_list_is_sorted_standalone_documents() -> None:
    sources = tex_batch.load_manifest()
    assert sources == sorted(set(sources))
    assert all("{standalone}" in s and s.rstrip().endswith(r"\end{document}") for s in sources)
    assert json.loads(tex_batch.MANIFEST.read_text(encoding="utf-8")) == sources


def test_cold_worker_folders_are_warmed_from_one_batch_once_per_version_of_the_list(tmp_path: Path,
                                                                                    monkeypatch) -> None:
    scenes, batch = tmp_path / "project" / "scenes", tmp_path / "tex-batch"
    workers = [tmp_path / f"worker-{k}" / "Tex" for k in range(2)]
    assert tex_batch.warm(workers[0], scenes, batch) == 0  # scenes without a list: nothing to do
    listed = tex_batch.load_manifest()[:2] or pytest.skip("no formula list")
    scenes.mkdir(parents=True)
    tex_batch.write_manifest(listed, scenes / tex_batch.LIST)
    compiled: list[int] = []
    precompile = tex_batch.precompile
    monkeypatch.setattr(tex_batch, "precompile", lambda sources, pool: compiled.append(precompile(sources, pool))
                        or compiled[-1])
    with ThreadPoolExecutor(2) as pool:  # two workers of a build starting at once
        assert list(pool.map(lambda tex: tex_batch.warm(tex, scenes, batch), workers)) == [2, 2]
    assert compiled == [2]  # compiled once, for both
    for tex in workers:
        assert sorted(p.stem for p in tex.glob("*.svg")) == sorted(tex_batch.tex_name(s) for s in listed)
    assert tex_batch.warm(workers[0], scenes, batch) == 0  # warm already
    tex_batch.write_manifest(tex_batch.load_manifest()[:3], scenes / tex_batch.LIST)
    assert tex_batch.warm(workers[0], scenes, batch) == 1  # a new list: only the new formula
    assert compiled == [2, 1]
