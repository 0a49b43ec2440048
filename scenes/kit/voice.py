"""Moved: the words and the voice are the top-level package :mod:`lecture_voice` (shared with the build tool).

Only this import is left, so scene files written before the move
(``from scenes.kit.voice import spoken_list``) still work; new code writes
``from lecture_voice import spoken_list``. Delete this file once no scene
imports it.
"""

from __future__ import annotations

from lecture_voice import spoken_list

__all__ = ["spoken_list"]
