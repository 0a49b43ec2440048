"""The lecture's build tool: render every scene with the manim CLI, incrementally and in parallel.

This package never imports manim (nor the scenes): it reads the lecture order
from ``scenes/__init__.py``, decides what is stale by static analysis of the
scene files and the project modules they import, runs ``manim`` in
subprocesses, and post-processes the videos with ``ffmpeg``. The command line
is :mod:`lecture_tool.cli` (installed as ``softmax-anim``).
"""

from __future__ import annotations

from .deps import SceneSource, scene_dependencies
from .lecture import Lecture, LectureScene, load_lecture

__all__ = ["Lecture", "LectureScene", "SceneSource", "load_lecture", "scene_dependencies"]
