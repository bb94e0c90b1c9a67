"""Loading a report file: TOML in, a :class:`Report` out, or one clear error."""

from __future__ import annotations

import datetime
import re
import sys
from decimal import Decimal

from govinfo_cli.i18n import N_
from govinfo_cli.model.forms import FORMS, Form, load_form
from govinfo_cli.model.messages import Msg
from govinfo_cli.model.plain_toml import parse_plain
from govinfo_cli.record import field, record

TYPE_CHECKING = False  # typing is not imported at run time: every start pays for it
if TYPE_CHECKING:
    from typing import Any

    from govinfo_cli.model.toml_lines import LineIndex

Number = int | Decimal


class ReportError(Exception):
    """A report that cannot be read or parsed (exit code 2)."""

    def __init__(self, path: str, msg: Msg, line: int | None = None, column: int | None = None) -> None:
        super().__init__(msg.template)
        self.path = path
        self.msg = msg
        self.line = line
        self.column = column

    @property
    def message(self) -> str:
        return self.msg.render()

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.message}"


@record
class Report:
    """A report file as read: its text, and its data (treated as read-only once the report is made)."""

    path: str
    text: str
    data: dict[str, Any]
    lines: dict[str, int] | None = None  # key path -> line number, once the whole index is needed (see line())
    intended: dict[str, int] | None = field(default=None, repr=False)  # see line()
    _leaves: dict[str, Any] | None = field(default=None, repr=False, compare=False)
    _index: LineIndex | None = field(default=None, repr=False, compare=False)

    @property
    def leaves(self) -> dict[str, Any]:
        """Every value that is not a table, by its dotted key path: one lookup for a cell, however deep.

        The checks read each cell several times (a cell stands in several rules, in the completeness
        count, in the text's figures): the walk down the tables is done once.
        """
        if self._leaves is None:
            self._leaves = {}
            _flatten(self.data, "", self._leaves)
        return self._leaves

    @property
    def form_name(self) -> str | None:
        form = self.data.get("form")
        return form if isinstance(form, str) and form in FORMS else None

    @property
    def form(self) -> Form | None:
        return load_form(self.form_name) if self.form_name else None

    @property
    def year(self) -> int | None:
        year = self.data.get("year")
        return year if isinstance(year, int) and not isinstance(year, bool) else None

    def get(self, path: str) -> Any:
        """The raw value at a dotted key path, or None when it is absent (blank)."""
        value = self.leaves.get(path)
        if value is not None:
            return value
        node: Any = self.data  # a table (agency, a row), or nothing there
        for key in path.split("."):
            if not isinstance(node, dict) or key not in node:
                return None
            node = node[key]
        return node

    def number(self, path: str) -> Number | None:
        """A cell's value, or None when it is blank or not a number."""
        value = self.leaves.get(path)
        if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
            return None
        return value

    def expect_lines(self, count: int) -> None:
        """``count`` paths' lines are about to be asked for (a hint: many are found faster all at once)."""
        if self.lines is None:
            self._line_index().expect(count)

    def _line_index(self) -> LineIndex:
        if self._index is None:  # most reports need no line at all: look in the text only for a finding
            from govinfo_cli.model.toml_lines import LineIndex

            self._index = LineIndex(self.text)
        return self._index

    def line(self, path: str) -> int | None:
        """The line of ``path``; for a path not written, the line of the misspelling that stands for it
        (``[request.new]`` for requests.new.total), else of its nearest ancestor written as itself (never
        of another table whose header only names the ancestor: that would place the finding there)."""
        found = self._line_index().get(path) if self.lines is None else self.lines.get(path)
        if found is not None:
            return found
        if self.lines is None:
            self.lines = self._line_index().all()
        if self.intended is None:
            from govinfo_cli.model.hints import intended_lines

            form = self.form
            self.intended = intended_lines(self.data, self.lines, form) if form is not None else {}
        ancestor = path
        while ancestor:
            if ancestor in self.intended:
                return self.intended[ancestor]
            ancestor = ancestor.rpartition(".")[0]
            line = self.lines.get(ancestor)
            if line is not None and not self._named_only(ancestor, line):
                return line
        return None

    def _named_only(self, path: str, line: int) -> bool:
        """Whether ``path`` stands on ``line`` only as the start of a deeper table's header (``[requests.x]``)."""
        assert self.lines is not None
        return any(other.startswith(path + ".") and number == line for other, number in self.lines.items())

    def text_of(self, path: str) -> str:
        value = self.get(path)
        return value if isinstance(value, str) else ""


def _flatten(table: dict[str, Any], prefix: str, into: dict[str, Any]) -> None:
    for key, value in table.items():
        if isinstance(value, dict):
            _flatten(value, f"{prefix}{key}.", into)
        else:
            into[prefix + key] = value


_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")


_SCALARS = (str, int, Decimal)  # bool is an int


def _plain(value: Any) -> Any:
    """TOML dates become ISO strings, so that JSON Schema and JSON output see text."""
    if isinstance(value, dict):  # most values are numbers and text: no call for them
        return {k: v if isinstance(v, _SCALARS) else _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    return value


def _plain_table(table: dict[str, Any], prefix: str, leaves: dict[str, Any]) -> dict[str, Any]:
    """``_plain(table)``, noting each value that is not a table under its key path in ``leaves`` as it goes (the
    walk that :attr:`Report.leaves` would make again)."""
    plain = {}
    for key, value in table.items():
        if isinstance(value, dict):
            value = _plain_table(value, f"{prefix}{key}.", leaves)
        else:
            if not isinstance(value, _SCALARS):
                value = _plain(value)
            leaves[prefix + key] = value
        plain[key] = value
    return plain


def _decimal(literal: str) -> Decimal | str:
    """TOML floats as exact decimals; nan and inf stay text, for the schema to reject with a line."""
    value = Decimal(literal)
    return value if value.is_finite() else literal


def nested(values: dict[str, Any]) -> dict[str, Any]:
    """Report data from values by key path: ``{"a.b.c": 74}`` gives ``{"a": {"b": {"c": 74}}}``."""
    data: dict[str, Any] = {}
    for path, value in values.items():
        node = data
        *parents, key = path.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[key] = value
    return data


def _toml_parser() -> Any:
    """The TOML parser, imported when a report is first parsed (``import`` writes reports and reads none)."""
    try:  # tomli is tomllib's source, compiled with mypyc: the same parser and messages, twice as fast
        import tomli as tomllib
    except ImportError:  # pragma: no cover - without tomli's wheel, the standard library's copy
        import tomllib  # type: ignore[no-redef]
    return tomllib


def parse_report(text: str, path: str) -> Report:
    plain = parse_plain(text, _decimal)  # most report files: read ten times as fast as tomli would
    if plain is not None:
        return Report(path=path, text=text, data=plain[0], lines=plain[2], _leaves=plain[1])
    tomllib = _toml_parser()
    try:
        data = tomllib.loads(text, parse_float=_decimal)
    except tomllib.TOMLDecodeError as error:
        from govinfo_cli.model.hints import parse_problem

        message = str(error)
        position = _POSITION.search(message)
        line = getattr(error, "lineno", None) or (int(position.group(1)) if position else None)
        column = getattr(error, "colno", None) or (int(position.group(2)) if position else None)
        detail = getattr(error, "msg", None) or _POSITION.sub("", message)
        msg, line, column = parse_problem(text, detail, line, column, path)
        raise ReportError(path, msg, line, column) from None
    except RecursionError:  # tomli's limit on nested arrays and inline tables
        raise ReportError(path, Msg(N_("not valid TOML: arrays or inline tables nested too deeply"))) from None
    leaves: dict[str, Any] = {}
    return Report(path=path, text=text, data=_plain_table(data, "", leaves), _leaves=leaves)


def read_bytes(path: str) -> bytes:
    """The bytes of a report file, or of standard input for ``-``."""
    try:
        if path == "-":
            return sys.stdin.buffer.read()
        with open(path, "rb") as handle:
            return handle.read()
    except FileNotFoundError:
        raise ReportError(path, Msg(N_("no such file; check the name"))) from None
    except IsADirectoryError:
        raise ReportError(path, Msg(N_("is a folder, not a report file"))) from None
    except OSError as error:
        raise ReportError(path, Msg(N_("cannot be read: {reason}"), {"reason": error.strerror or str(error)})) from None


def decode(raw: bytes, path: str) -> str:
    """A report file's bytes as text, or a clear error when they are not UTF-8 text (saying what they are)."""
    if b"\0" in raw or raw.startswith((b"%PDF-", b"\xff\xfe", b"\xfe\xff")):
        from govinfo_cli.model.hints import not_a_report

        raise ReportError(path, not_a_report(raw, path) or
                          Msg(N_("is a binary file, not a TOML report; give the .toml file")))
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        from govinfo_cli.model.hints import not_utf8

        line = raw[: error.start].count(b"\n") + 1
        raise ReportError(path, not_utf8(raw, path), line) from None


def read_text(path: str) -> str:
    """The text of a report file, or of standard input for ``-``."""
    return decode(read_bytes(path), path)


def load_report(path: str) -> Report:
    return parse_report(read_text(path), "<stdin>" if path == "-" else path)
