"""The words: ``narration.toml`` read and checked, lines filled in, and the rules for saying them.

The file holds one table per scene class and one key per spoken line, in the
order spoken. A line may hold ``str.format`` placeholders (``{total}``) that
the scene fills with numbers formatted by :mod:`softmax_anim`; no number is
typed into the text.
"""

from __future__ import annotations

import re
import string
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from .errors import NarrationError

__all__ = [
    "SCRIPT_NAME",
    "Script",
    "load_script",
    "reading_time",
    "speakable",
    "spoken_list",
    "where",
]

SCRIPT_NAME = "narration.toml"
"""The narration file's name, in the scenes folder."""

READING_SPEED = 17.0  # characters a second, for the silent voice
MIN_LINE_TIME = 1.5  # seconds, for the silent voice


def where(scene: str, key: str | None = None) -> str:
    """``narration.toml [Scene] key``: where a line lives, for messages.

    >>> where("Temperature", "intro")
    'narration.toml [Temperature] intro'
    """
    return f"{SCRIPT_NAME} [{scene}]" + (f" {key}" if key else "")


def reading_time(text: str) -> float:
    """Seconds a learner needs to read ``text``: 17 characters a second, at least 1.5 s.

    >>> reading_time("Short."), reading_time("x" * 51)
    (1.5, 3.0)
    """
    return max(MIN_LINE_TIME, len(text) / READING_SPEED)


def spoken_list(items: Sequence[str]) -> str:
    """Items as a sentence lists them: ``a``, ``a and b``, ``a, b and c``.

    >>> spoken_list(["0.66", "0.24", "0.10"])
    '0.66, 0.24 and 0.10'
    """
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


_NEGATIVE_NUMBER = re.compile(r"(?<![\w.])[-\u2212](?=\d)")


def speakable(text: str) -> str:
    """``text`` as Piper should read it: one line, and a minus sign before a number said as "minus".

    Piper's phonemizer drops a minus sign after ``=`` or ``(``; the subtitle
    keeps the written form, the voice says the same words.

    >>> speakable("At x = -2.50 the  blue line wins.")
    'At x = minus 2.50 the blue line wins.'
    """
    return _NEGATIVE_NUMBER.sub("minus ", " ".join(text.split()))


@dataclass(frozen=True)
class Script:
    """The narration of every scene: ``tables[scene][key]`` is a line's text with its placeholders.

    Build it with :func:`load_script`, which checks every line once.
    """

    tables: Mapping[str, Mapping[str, str]]
    path: Path

    def where(self, scene: str, key: str | None = None) -> str:
        """``narration.toml [Scene] key``: where a line lives, for messages."""
        return f"{self.path.name} [{scene}]" + (f" {key}" if key else "")

    def keys(self, scene: str) -> list[str]:
        """The line keys of ``scene``, in the order spoken."""
        return list(self.table(scene))

    def table(self, scene: str) -> Mapping[str, str]:
        """The lines of ``scene``; raises :class:`NarrationError` when it has none."""
        if scene not in self.tables:
            raise NarrationError(f"{self.path.name}: no table [{scene}] for scene {scene}")
        return self.tables[scene]

    def placeholders(self, scene: str, key: str) -> list[str]:
        """The placeholder names line ``key`` of ``scene`` uses, in order of first use."""
        return _placeholders(self.template(scene, key), self.where(scene, key))

    def template(self, scene: str, key: str) -> str:
        """The text of line ``key`` of ``scene`` as written, placeholders unfilled."""
        table = self.table(scene)
        if key not in table:
            known = ", ".join(table) or "none"
            raise NarrationError(f"{self.where(scene)}: unknown line key '{key}' (the table has: {known})")
        return table[key]

    def text(self, scene: str, key: str, values: Mapping[str, object]) -> str:
        """Line ``key`` of ``scene`` with its placeholders filled from ``values``.

        Raises
        ------
        NarrationError
            For an unknown scene or key, a placeholder the scene does not
            give, or a value that is missing (``None`` or empty).
        """
        template = self.template(scene, key)
        where = self.where(scene, key)
        for name in _placeholders(template, where):
            if name not in values:
                given = ", ".join(sorted(values)) or "none"
                raise NarrationError(f"{where}: unknown placeholder {{{name}}} (the scene gives: {given})")
            if values[name] is None or str(values[name]).strip() == "":
                raise NarrationError(f"{where}: missing value for placeholder {{{name}}}")
        text = " ".join(template.format_map(dict(values)).split())
        if not text:
            raise NarrationError(f"{where}: the line is empty")
        return text


def _placeholders(template: str, where: str) -> list[str]:
    names: list[str] = []
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError as e:
        raise NarrationError(f"{where}: bad placeholder braces ({e}); write {{{{ and }}}} for literal braces") from None
    for _, name, spec, conversion in parsed:
        if name is None:
            continue
        if not name.isidentifier() or spec or conversion:
            shown = "{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
            raise NarrationError(
                f"{where}: placeholder {shown} must be a plain name such as {{total}}; "
                "the scene formats every number"
            )
        if name not in names:
            names.append(name)
    return names


_SCRIPTS: dict[tuple[Path, int, int], Script] = {}


def load_script(path: Path | str) -> Script:
    """Read and check a narration file; cached while it is unchanged.

    Every table must hold only non-empty strings whose placeholders are plain
    names. Raises :class:`NarrationError` (one line naming the file, scene and
    key) otherwise.
    """
    path = Path(path)
    try:
        stat = path.stat()
        cache_key = (path.resolve(), stat.st_mtime_ns, stat.st_size)
        if cache_key in _SCRIPTS:
            return _SCRIPTS[cache_key]
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise NarrationError(f"{path}: narration file not found") from None
    except (OSError, UnicodeDecodeError) as e:
        raise NarrationError(f"{path}: cannot read the narration file ({e})") from None
    except tomllib.TOMLDecodeError as e:
        raise NarrationError(f"{path}: not valid TOML ({e})") from None
    tables: dict[str, dict[str, str]] = {}
    for scene, table in data.items():
        if not isinstance(table, dict):
            raise NarrationError(f"{path.name}: '{scene}' must be a table [{scene}] of lines")
        lines: dict[str, str] = {}
        for key, text in table.items():
            where = f"{path.name} [{scene}] {key}"
            if not isinstance(text, str):
                raise NarrationError(f"{where}: a line must be a string, got {type(text).__name__}")
            if not text.strip():
                raise NarrationError(f"{where}: the line is empty")
            _placeholders(text, where)
            lines[key] = text
        tables[scene] = lines
    script = Script(tables, path)
    _SCRIPTS[cache_key] = script
    return script

