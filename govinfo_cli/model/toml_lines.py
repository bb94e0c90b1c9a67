"""Which line of a TOML file each key path stands on.

tomllib returns values without positions; findings need ``file:line``. This
scanner follows table headers (``[a.b]``), ``key = value`` lines (bare, quoted
or dotted keys) and skips the bodies of multi-line strings. Keys inside inline
tables are not tracked: they report the line of their enclosing key.
"""

from __future__ import annotations

import re

_KEY_PART = r'(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|\'[^\']*\')'
_DOTTED = rf"{_KEY_PART}(?:\s*\.\s*{_KEY_PART})*"
_HEADER = re.compile(rf"^\s*\[\[?\s*({_DOTTED})\s*\]\]?")
_ASSIGN = re.compile(rf"^\s*({_DOTTED})\s*=\s*(.*)$")
_SPLIT = re.compile(_KEY_PART)
_BARE = re.compile(r"[A-Za-z0-9_-]+")
_BARE_CHARACTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")


def _key(dotted: str) -> str:
    if _BARE.fullmatch(dotted):  # the usual case: one bare key
        return dotted
    return ".".join(part.strip("\"'") for part in _SPLIT.findall(dotted))


def key_lines(text: str) -> dict[str, int]:
    lines: dict[str, int] = {}
    table = ""
    closing: str | None = None  # the delimiter that ends the multi-line string we are in
    for number, line in enumerate(text.splitlines(), start=1):
        if closing is not None:
            if _closes(line, closing):
                closing = None
            continue
        start = line[:1]
        if start.isspace():  # an indented line (rare): look past the indentation
            start = line.lstrip()[:1]
        if not start or start == "#":  # blank or a comment: neither a header nor a key (\s is isspace())
            continue
        header = _HEADER.match(line) if start == "[" else None
        if header:
            table = _key(header.group(1))
            prefix = ""
            for part in table.split("."):  # [stats.active] also places an unknown [stats]
                prefix = f"{prefix}.{part}" if prefix else part
                lines.setdefault(prefix, number)
            continue
        key, equals, value = line.partition("=")
        key = key.strip()
        if equals and _BARE_CHARACTERS.issuperset(key) and key:
            value = value.lstrip()  # the usual line, ``bare_key = value``: no regular expression needed
        else:
            assign = _ASSIGN.match(line)
            if not assign:
                continue
            key, value = _key(assign.group(1)), assign.group(2)
        path = f"{table}.{key}" if table else key
        lines.setdefault(path, number)
        for delimiter in ('"""', "'''"):
            if value.startswith(delimiter) and not _closes(value[3:], delimiter):
                closing = delimiter
    return lines


def _closes(fragment: str, delimiter: str) -> bool:
    """Whether ``fragment`` ends the multi-line string (a \\" in a basic string is escaped, \\\\" is not)."""
    index = fragment.find(delimiter)
    while index > 0 and delimiter == '"""' and _escaped(fragment, index):
        index = fragment.find(delimiter, index + 1)
    return index >= 0


def _escaped(fragment: str, index: int) -> bool:
    backslashes = len(fragment[:index]) - len(fragment[:index].rstrip("\\"))
    return backslashes % 2 == 1

