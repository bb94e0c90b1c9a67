"""Reading tables: each data row with its label chain and each value with its column chain.

One analysis serves the document's tables and the form's own (the official layout
of :mod:`govinfo_cli.writers.layout`, drawn empty): a row's *labels* are its text
cells outside the columns that hold numbers, read left to right (a label merged
over several rows labels each of them); a value's *column chain* is the header
text above it, top to bottom, in the header rows that precede its block (table 二
repeats a header for each sub-table). Matching the two is
:mod:`govinfo_cli.readers.mapping`'s work.

Tables flattened into running text (``…行政规范性文件693665第二十条…``) are read by
:func:`scan`: the form's row labels are found in order and the figures between
them taken, run-together digits and all, for :mod:`govinfo_cli.readers.splits`.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

from govinfo_cli.model.forms import Form
from govinfo_cli.model.report import Number, Report, nested
from govinfo_cli.readers.document import Span, Table
from govinfo_cli.readers.labels import normalise, numbering
from govinfo_cli.record import field, record

BLANKS = frozenset(("", "-", "--", "—", "——", "/", "／", "－", "－－", "─", "―", "\\"))
_NUMBER = re.compile(r"^[+-]?\d+(?:\.\d+)?$")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}\b)")


@record
class Value:
    """A figure as printed, where it was found, and the header above it."""

    text: str
    chain: list[str]


@record
class RowReading:
    labels: list[str]
    values: list[Value]
    row: int = 0  # its row in the table's grid
    paths: list[str] = field(default_factory=list)  # the form's own rows: the key of each value

    @property
    def leaf(self) -> str:
        return self.labels[-1] if self.labels else ""


def units_of(form: Form) -> frozenset[str]:
    return frozenset({c.unit for c in form.cells.values() if c.unit} | {"元"})


def parse_number(text: str, units: frozenset[str] = frozenset()) -> tuple[Number, str | None] | None:
    """A figure as written (``1,234`` ``251000元`` ``１２`` ``-15``) and the unit printed after it, or None."""
    plain = "".join(unicodedata.normalize("NFKC", text).split())
    plain = _THOUSANDS.sub("", plain).replace("−", "-")
    unit = None
    for candidate in sorted(units, key=len, reverse=True):
        if candidate and plain.endswith(candidate) and candidate != plain:
            plain, unit = plain[: -len(candidate)], candidate
            break
    if not _NUMBER.match(plain):
        return None
    try:
        return (Decimal(plain) if "." in plain else int(plain)), unit
    except InvalidOperation:
        return None


def is_blank(text: str) -> bool:
    return "".join(unicodedata.normalize("NFKC", text).split()) in BLANKS


def _kind(text: str, units: frozenset[str]) -> str:
    if is_blank(text):
        return "blank"
    return "num" if parse_number(text, units) is not None else "text"


def analyse(table: Table, units: frozenset[str]) -> list[RowReading]:
    """The data rows of a table, each with its labels and its values under their column chains."""
    height, width = len(table.grid), table.width
    kinds = {id(span): _kind(span.text, units) for line in table.grid for span in line if span is not None}
    numeric = [c for line in table.grid for c, span in enumerate(line) if span is not None and kinds[id(span)] == "num"]
    if not numeric:
        return []
    value_columns = set(range(min(numeric), width))  # labels stand left of the figures
    header: list[list[tuple[int, Span]]] = []  # the header rows of the current block: (column, span)
    in_data = False
    rows: list[RowReading] = []
    for r in range(height):
        spans = table.row_spans(r)
        columns = {id(s): [c for c in range(width) if table.grid[r][c] is s] for s in spans}
        in_values = [s for s in spans if any(c in value_columns for c in columns[id(s)])]
        labels = [s for s in spans if s not in in_values]
        if not spans or all(kinds[id(s)] == "blank" for s in spans):
            continue
        texts = [s for s in in_values if kinds[id(s)] == "text"]
        numbers = [s for s in in_values if kinds[id(s)] == "num"]
        if (texts and not numbers) or not in_values:
            if in_data:
                header, in_data = [], False
            header.append(_aligned(table, r, spans, columns, value_columns))
            continue
        in_data = True
        row = RowReading(labels=[], values=[], row=r)
        for span in labels:
            text = span.text
            if kinds[id(span)] == "blank" or not normalise(text):
                continue
            if text in units:  # a unit column (the legacy 统计表's 单位): not a label
                continue
            row.labels.extend(part for part in (p.strip() for p in text.split(" / ")) if part)
        for span in in_values:
            column = min(c for c in columns[id(span)] if c in value_columns)
            chain: list[str] = []
            for line in header:
                for c, head in line:
                    if c == column and head.text and (not chain or chain[-1] != head.text):
                        chain.append(head.text)
            row.values.append(Value(span.text, chain))
        rows.append(row)
    return rows


def _aligned(table: Table, r: int, spans: list[Span], columns: dict[int, list[int]],
             value_columns: set[int]) -> list[tuple[int, Span]]:
    """A header row's cells by the columns they stand over.

    A copied text table lost its merged cells: a header row as wide as the table is
    read as it stands, one as wide as the value columns stands over them, any other
    cannot be placed and is left out.
    """
    if table.spans_known:
        return [(c, s) for s in spans for c in columns[id(s)]]
    cells = [table.grid[r][c] for c in range(table.width)]
    present = [s for s in cells if s is not None]
    if len(present) == table.width:
        return [(c, s) for c, s in enumerate(cells) if s is not None]
    if len(present) == len(value_columns):
        return list(zip(sorted(value_columns), present))
    return []


# --- tables flattened into text ---------------------------------------------------------


@record
class Scanned:
    """A row found in running text: its figures as printed, possibly run together."""

    groups: list[str]  # runs of figures, split where the text had spaces


_FIGURES = re.compile(r"[\d\s.,，\-]*")


def _figures(text: str, start: int, end: int) -> str:
    """The run of figures (digits, spaces, points) at ``start``."""
    match = _FIGURES.match(text, start, end)
    return match.group(0) if match else ""


def _label_pattern(title: str) -> re.Pattern[str]:
    """The form's row title in running text: its characters with any spacing, numbering optional
    (required when the title without it is too short to be told apart, ``（七）总计``)."""
    plain = unicodedata.normalize("NFKC", title).strip()
    number = numbering(plain)
    bare = plain[len(number):] if number and plain.startswith(number) else plain
    body = r"\s*".join(re.escape(ch) for ch in bare if not ch.isspace())
    if not number:
        return re.compile(body)
    mark = r"\s*".join(re.escape(ch) for ch in number)
    required = len(normalise(bare)) < 4
    return re.compile(f"(?:{mark}\\s*){'' if required else '?'}{body}")


def scan(text: str, titles: list[str], across: list[str] | None = None) -> list[Scanned | None]:
    """Each row title's figures in ``text``, rows found in the form's order (None: not found).

    ``across`` (table 四): no row titles, the figures follow the last of these column titles.
    """
    text = unicodedata.normalize("NFKC", text)
    if across is not None:
        ends = [m.end() for title in across for m in re.finditer(r"\s*".join(map(re.escape, title)), text)]
        if not ends:
            return [None]
        run = _figures(text, max(ends), len(text))
        groups = run.split()
        return [Scanned(groups=groups)] if groups else [None]
    found: list[tuple[int, re.Match[str]] | None] = []
    position = 0
    for title in titles:
        match = _label_pattern(title).search(text, position)
        if match is None:
            found.append(None)
            continue
        found.append((len(found), match))
        position = match.end()
    out: list[Scanned | None] = []
    located = [f for f in found if f is not None]
    for index, item in enumerate(found):
        if item is None:
            out.append(None)
            continue
        _, match = item
        later = [m for i, m in located if i > index]
        end = later[0].start() if later else len(text)
        run = _figures(text, match.end(), end)
        groups = [g.strip(".,，") for g in run.split()]
        out.append(Scanned(groups=[g for g in groups if g]))
    return out


def layout_rows(form: Form) -> list[RowReading]:
    """The form's own rows, read from its official layout like a document's table, keys attached (import
    reads them as scripts/gen_docs.py stored them: govinfo_cli/readers/form_labels.py)."""
    from govinfo_cli.writers.layout import table_view

    zero = Report(path="", text="", data={"form": form.name, **nested(dict.fromkeys(form.cells, 0))})
    units = units_of(form)
    rows: list[RowReading] = []
    for table in form.tables.values():
        grid = table_view(form, table, zero).grid
        paths: dict[int, str] = {}
        shaped: list[list[tuple[str, int, int]]] = []
        for line in grid.rows:
            shaped.append([(slot.text, slot.rowspan, slot.colspan) for slot in line])
        doc = Table.from_rows(shaped)
        for r, line in enumerate(grid.rows):
            spans = doc.row_spans(r)
            own = [s for s in spans if s.row == r]
            for slot, span in zip(line, own):
                if slot.path:
                    paths[id(span)] = slot.path
        for reading in analyse(doc, units):
            spans = [s for s in doc.row_spans(reading.row) if id(s) in paths]
            reading.paths = [paths[id(s)] for s in spans]
            rows.append(reading)
    return rows
