"""The terminal: colour (``--color auto|always|never`` and the NO_COLOR convention) and the width of text.

``auto`` (the default) colours only a terminal, and never when NO_COLOR is set
to anything non-empty (https://no-color.org) or TERM is ``dumb``. An explicit
``--color always`` wins over NO_COLOR, as that convention asks.
"""

from __future__ import annotations

import os
import re

TYPE_CHECKING = False  # typing is not imported at run time: every start pays for it
if TYPE_CHECKING:
    from typing import TextIO

COLOR_MODES = ("auto", "always", "never")

_mode = "auto"

_STYLES = {"error": "1;31", "warning": "33", "path": "1", "dim": "2"}


def set_color_mode(mode: str) -> None:
    global _mode
    if mode not in COLOR_MODES:
        raise ValueError(mode)
    _mode = mode


def color_enabled(stream: TextIO) -> bool:
    """Whether to colour what goes to ``stream`` under the current mode."""
    if _mode != "auto":
        return _mode == "always"
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def paint(text: str, style: str, enabled: bool = True) -> str:
    """``text`` in an ANSI style (error, warning, path, dim), or unchanged when colour is off."""
    if not enabled or not text:
        return text
    return f"\033[{_STYLES[style]}m{text}\033[0m"


# C0 and C1 control characters (but tab and newline) are shown, never emitted: a report's
# text must not move a terminal's cursor or break a page. C0 become their Control Pictures.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean(text: str) -> str:
    """Text from a report file, with control characters made visible."""
    if text.isprintable():  # the usual text: no control character, no tab (one pass in C)
        return text

    def picture(match: re.Match[str]) -> str:
        code = ord(match.group())
        if code < 0x20:
            return chr(0x2400 + code)
        return "\u2421" if code == 0x7F else "\ufffd"

    return _CONTROL.sub(picture, text.replace("\t", " "))


# The columns wcwidth gives the characters of a line of Chinese and figures, so that measuring one
# needs no wcwidth (20 ms to import): printable ASCII 1, these blocks 2 (CJK punctuation, ideographs,
# full-width forms; tests/test_term.py holds them to wcwidth). Any other character: wcwidth measures.
_WIDE = ((0x3000, 0x3029), (0x3030, 0x303E), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xFF01, 0xFF60), (0xFFE0, 0xFFE6))


def display_width(text: str) -> int:
    """Terminal columns of ``text``: 2 for a CJK character; with a character wcwidth cannot measure, its length."""
    width = 0
    for character in text:
        code = ord(character)
        if 0x20 <= code < 0x7F:
            width += 1
        elif any(low <= code <= high for low, high in _WIDE):
            width += 2
        else:
            return _wcwidth_columns(text)
    return width


def _wcwidth_columns(text: str) -> int:
    from wcwidth import wcswidth

    width = wcswidth(text)
    return width if width >= 0 else len(text)
