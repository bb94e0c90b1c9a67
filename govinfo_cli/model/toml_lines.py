"""Which line of a TOML file each key path stands on.

tomllib returns values without positions; findings need ``file:line``. This
scanner follows table headers (``[a.b]``), ``key = value`` lines (bare, quoted
or dotted keys) and skips the bodies of multi-line strings. Keys inside inline
tables are not tracked: they report the line of their enclosing key.

A report with a finding or two needs the lines of a few keys, not of all: :class:`LineIndex`
finds each on its own in a *plain* file, where every line is a ``[bare.table]`` header, a
``bare_key = value`` line, blank, a comment or the body of a multi-line string that no line
of begins like a header or a key (one regular expression tells). There a key's line is the
first ``key =`` line under the first header of its table, and a table's the first header
that names it or a table below it, as the full scan would find. Any other file, and a file
with many findings (:meth:`LineIndex.expect`), gets the full index, :func:`key_lines`, built
in one pass: one regular expression sorts every line and takes the plain ones apart, the
general rules of :func:`_other_line` read the rest.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re

# Regular expressions, as their sources (see _pattern).
_KEY_PART = r'(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|\'[^\']*\')'
_DOTTED = rf"{_KEY_PART}(?:\s*\.\s*{_KEY_PART})*"
_HEADER = rf"^\s*\[\[?\s*({_DOTTED})\s*\]\]?"
_ASSIGN = rf"^\s*({_DOTTED})\s*=\s*(.*)$"
_SPLIT = _KEY_PART
_BARE = r"[A-Za-z0-9_-]+"
_BARE_CHARACTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")

# One line, whole, by the first alternative that takes all of it: a plain header (its table), a plain key
# whose value opens no multi-line string (its key), blank or a comment (nothing), or any other line (the
# line, for _other_line). Each of the first three reads its line as _other_line would.
_LINE = r"""
    (?:
        \[([A-Za-z0-9_-]++(?:\.[A-Za-z0-9_-]++)*+)\][ \t]*+(?:\#[^\n]*+)?
      | ([A-Za-z0-9_-]++)[ \t]*+=[ \t]*+(?!\"\"\"|''')(?:\S[^\n]*+)?
      | [ \t]*+(?:\#[^\n]*+)?
      | ([^\n]++)
    )(?:\n|\Z)
"""
# Where str.splitlines() ends a line besides "\n": a text with one is split as it would split it.
_OTHER_BREAKS = ("\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")

# A plain file, line by line (see the module's docstring).
_BARE_KEY = r"[A-Za-z0-9_-]++"
_INERT = r"(?!\[|[A-Za-z0-9_-]++[ \t]*+=)"  # a string's line that no search below can take for a header or key
_BASIC_BODY = r'(?:[^"\\\n]++|\\[^\n]|"(?!""))*+'  # does not close a basic string, as _closes() reads it
_LITERAL_BODY = r"(?:[^'\n]++|'(?!''))*+"
_PLAIN_FILE = rf"""(?:
    {_BARE_KEY}[ \t]*+=[ \t]*+(?:
        \"\"\"{_BASIC_BODY}(?:\"\"\"[^\n]*+\n|\n(?:{_INERT}{_BASIC_BODY}\n)*+{_INERT}{_BASIC_BODY}\"\"\"[^\n]*+\n)
      | '''{_LITERAL_BODY}(?:'''[^\n]*+\n|\n(?:{_INERT}{_LITERAL_BODY}\n)*+{_INERT}{_LITERAL_BODY}'''[^\n]*+\n)
      | (?!\"\"\"|''')\S[^\n]*+\n
      | \n)
  | \[{_BARE_KEY}(?:\.{_BARE_KEY})*+\][ \t]*+(?:\#[^\n]*+)?\n
  | [ \t]*+(?:\#[^\n]*+)?\n
)*+"""

_PLAIN_PATH = r"[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*"
_HEADER_TABLE = r"\n\[([A-Za-z0-9_.-]+)\]"  # in a plain text, every line that starts with [
FEW_LOOKUPS = 16  # measured (callgrind): a plain file's check and 16 lookups cost about what key_lines() does
_ASSIGNS = r"[ \t]*="


@functools.cache  # the expressions above are compiled when first needed: most reports need none (start-up time)
def _pattern(source: str) -> re.Pattern[str]:
    return re.compile(source, re.VERBOSE)


class LineIndex:
    """The line of each key path of one text, found one path at a time where the file is plain."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._plain: str | None = None  # "\n" + the text (+ "\n") once known plain, "" once known not
        self._all: dict[str, int] | None = None
        self._ends: list[int] | None = None  # where each line of _plain ends
        self._tables = ""  # every header's table, one a line: looked in before the whole text is
        self._blocks: dict[str, list[tuple[int, int]]] = {}  # a table -> where its keys are, in _plain

    def all(self) -> dict[str, int]:
        """Every key path's line (see :func:`key_lines`)."""
        if self._all is None:
            self._all = key_lines(self.text)
        return self._all

    def expect(self, count: int) -> None:
        """``count`` more lookups are coming: past some dozen, one pass over every line costs less."""
        if count > FEW_LOOKUPS:
            self.all()

    def get(self, path: str) -> int | None:
        """``path``'s line, as ``all().get(path)`` gives it."""
        if self._all is None and _pattern(_PLAIN_PATH).fullmatch(path):
            if self._plain is None:
                self._plain = self._plain_text()
            if self._plain:
                return self._find(path)
        return self.all().get(path)

    def _plain_text(self) -> str:
        """"\n" + the text (+ "\n") if the file is plain, else ""; the ends of its lines are noted."""
        text = "\n" + self.text if self.text.endswith("\n") else "\n" + self.text + "\n"
        lines = text.splitlines(keepends=True)
        # a line ending at \r, \u2028 … (splitlines() counts it) makes a file not plain
        if len(lines) != text.count("\n") or not _pattern(_PLAIN_FILE).fullmatch(text, 1):
            return ""
        self._ends = list(itertools.accumulate(map(len, lines)))
        self._tables = "\n" + "\n\n".join(_pattern(_HEADER_TABLE).findall(text)) + "\n"  # "\n" twice: counted apart
        return text

    def _find(self, path: str) -> int | None:
        """In the plain text: the first line that places ``path``, a header or a key line (at the "\n" before it)."""
        text = self._plain
        assert text and self._ends is not None
        found = -1
        if f"\n{path}\n" in self._tables or f"\n{path}." in self._tables:  # a header [path] or [path.below]
            header = "\n[" + path
            found = text.find(header)
            while text[found + len(header)] not in "].":
                found = text.find(header, found + 1)
        parent, _dot, key = path.rpartition(".")
        line = "\n" + key
        for start, end in self._table(parent):
            at = text.find(line, start, end)
            while at >= 0 and not _pattern(_ASSIGNS).match(text, at + len(line)):  # "\ntotal_x =", "\ntotal2 = " …
                at = text.find(line, at + 1, end)
            if at >= 0:
                found = at if found < 0 else min(found, at)
                break
        return bisect.bisect_right(self._ends, found) + 1 if found >= 0 else None

    def _table(self, table: str) -> list[tuple[int, int]]:
        """Where the key lines of ``table`` are: each of its headers' lines to the next header (for "", the
        lines before the first header)."""
        blocks = self._blocks.get(table)
        if blocks is None:
            text = self._plain
            assert text
            blocks = self._blocks[table] = []
            header = f"\n[{table}]"
            start = text.find(header) + 1 if table else 0
            for _written in range(self._tables.count(f"\n{table}\n") if table else 1):
                end = text.find("\n[", start)
                blocks.append((start, end if end >= 0 else len(text)))
                start = text.find(header, start) + 1  # the table written again (not valid TOML)
        return blocks


def _key(dotted: str) -> str:
    if _pattern(_BARE).fullmatch(dotted):  # the usual case: one bare key
        return dotted
    return ".".join(part.strip("\"'") for part in _pattern(_SPLIT).findall(dotted))


def key_lines(text: str) -> dict[str, int]:
    """Each key path's line (the first, for a key written twice); a table's also places its parents."""
    if any(character in text for character in _OTHER_BREAKS):
        text = "\n".join(text.splitlines())  # lines as str.splitlines() counts them
    lines: dict[str, int] = {}
    table = ""
    closing: str | None = None  # the delimiter that ends the multi-line string we are in
    rows: list[str] = []  # the text's lines, split when a multi-line string is first met
    for number, (header, key, other) in enumerate(_pattern(_LINE).findall(text), start=1):
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
    header = _pattern(_HEADER).match(line) if start == "[" else None
    if header:
        table = _key(header.group(1))
        _place_table(table, number, lines)
        return table, None
    key, equals, value = line.partition("=")
    key = key.strip()
    if equals and _BARE_CHARACTERS.issuperset(key) and key:
        value = value.lstrip()
    else:
        assign = _pattern(_ASSIGN).match(line)
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
