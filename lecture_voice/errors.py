"""The narration's one error type and its warning lines."""

from __future__ import annotations

import sys

__all__ = ["NarrationError", "warn", "warn_once"]


class NarrationError(ValueError):
    """Bad narration input; the message is one line naming the scene and line key, or the file."""


def warn(message: str) -> None:
    """One warning line on standard error."""
    print(f"warning: {message}", file=sys.stderr, flush=True)


_WARNED: set[str] = set()


def warn_once(message: str) -> None:
    """:func:`warn`, at most once per process for the same message."""
    if message not in _WARNED:
        _WARNED.add(message)
        warn(message)
