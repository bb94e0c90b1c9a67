"""Which line of a TOML file each key path stands on.

tomllib returns values without positions; findings need ``file:line``. This
scanner follows table headers (``[a.b]``), ``key = value`` lines (bare, quoted
or dotted keys) and skips the bodies of multi-line strings. Keys inside inline
tables are not tracked: they report the line of their enclosing key.

The index is built in one pass, and most lines of a report are plain (``[a.b]``,
``bare_key = value``, blank or a comment): one regular expression sorts every line
and takes them apart, so that Python looks at each such line only once; any other
line (indented, quoted or dotted keys, arrays of tables …) is read by the general
rules in :func:`_other_line`.
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

# One line, whole, by the first alternative that takes all of it: a plain header (its table), a plain key
# whose value opens no multi-line string (its key), blank or a comment (nothing), or any other line (the
# line, for _other_line). Each of the first three reads its line as _other_line would.
_LINE = re.compile(r"""
    (?:
        \[([A-Za-z0-9_-]++(?:\.[A-Za-z0-9_-]++)*+)\][ \t]*+(?:\#[^\n]*+)?
      | ([A-Za-z0-9_-]++)[ \t]*+=[ \t]*+(?!\"\"\"|''')(?:\S[^\n]*+)?
      | [ \t]*+(?:\#[^\n]*+)?
      | ([^\n]++)
    )(?:\n|\Z)
""", re.VERBOSE)
# Where str.splitlines() ends a line besides "\n": a text with one is split as it would split it.
_OTHER_BREAKS = ("\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")


def _key(dotted: str) -> str:
    if _BARE.fullmatch(dotted):  # the usual case: one bare key
        return dotted
    return ".".join(part.strip("\"'") for part in _SPLIT.findall(dotted))


def key_lines(text: str) -> dict[str, int]:
    """Each key path's line (the first, for a key written twice); a table's also places its parents."""
    if any(character in text for character in _OTHER_BREAKS):
        text = "\n".join(text.splitlines())  # lines as str.splitlines() counts them
    lines: dict[str, int] = {}
    table = ""
    closing: str | None = None  # the delimiter that ends the multi-line string we are in
    rows: list[str] = []  # the text's lines, split when a multi-line string is first met
    for number, (header, key, other) in enumerate(_LINE.findall(text), start=1):
        if closing is not None:
            rows = rows or text.split("\n")
            if number <= len(rows) and _closes(rows[number - 1], closing):
                closing = None
        elif key:
            lines.setdefault(f"{table}.{key}" if table else key, number)
        elif header:
            table = header
            _place_table(table, number, lines)
        elif other:
            table, closing = _other_line(other, number, table, lines)
    return lines


def _place_table(table: str, number: int, lines: dict[str, int]) -> None:
    prefix = ""
    for part in table.split("."):  # [stats.active] also places an unknown [stats]
        prefix = f"{prefix}.{part}" if prefix else part
        lines.setdefault(prefix, number)


def _other_line(line: str, number: int, table: str, lines: dict[str, int]) -> tuple[str, str | None]:
    """A line that is not plain: the table it leaves us in, and the delimiter of the multi-line string it
    opens (None if none)."""
    start = line[:1]
    if start.isspace():  # an indented line: look past the indentation
        start = line.lstrip()[:1]
    if not start or start == "#":  # blank or a comment: neither a header nor a key (\s is isspace())
        return table, None
    header = _HEADER.match(line) if start == "[" else None
    if header:
        table = _key(header.group(1))
        _place_table(table, number, lines)
        return table, None
    key, equals, value = line.partition("=")
    key = key.strip()
    if equals and _BARE_CHARACTERS.issuperset(key) and key:
        value = value.lstrip()
    else:
        assign = _ASSIGN.match(line)
        if not assign:
            return table, None
        key, value = _key(assign.group(1)), assign.group(2)
    lines.setdefault(f"{table}.{key}" if table else key, number)
    for delimiter in ('"""', "'''"):
        if value.startswith(delimiter) and not _closes(value[3:], delimiter):
            return table, delimiter
    return table, None


def _closes(fragment: str, delimiter: str) -> bool:
    """Whether ``fragment`` ends the multi-line string (a \\" in a basic string is escaped, \\\\" is not)."""
    index = fragment.find(delimiter)
    while index > 0 and delimiter == '"""' and _escaped(fragment, index):
        index = fragment.find(delimiter, index + 1)
    return index >= 0


def _escaped(fragment: str, index: int) -> bool:
    backslashes = len(fragment[:index]) - len(fragment[:index].rstrip("\\"))
    return backslashes % 2 == 1
