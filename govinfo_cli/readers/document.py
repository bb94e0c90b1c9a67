"""The neutral document model every reader produces: what a published report shows, in order.

A reader (HTML, PDF, Word, text) turns a file into a :class:`Document`: its title
lines, its paragraphs and tables in reading order, and the publication date when
the page shows one. Tables are grids with merged cells resolved: every position
refers to the :class:`Span` that covers it, so a label spanning three rows labels
each of them and a number is still one cell. Nothing here knows the forms: mapping
a document onto a form is :mod:`govinfo_cli.readers.mapping`'s work.
"""

from __future__ import annotations

import datetime
import re

from govinfo_cli.record import field, record


class SourceError(Exception):
    """A source that cannot be read or is not a report (exit code 2); the message is one line."""


@record(eq=False)  # identity matters: the positions a merged cell covers share one Span
class Span:
    """One cell as published, at its top-left position, with its extent."""

    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1


@record
class Table:
    grid: list[list[Span | None]]  # rows × columns; None where the source had no cell
    spans_known: bool = True  # False for text tables, whose merged cells were lost when copied

    @property
    def width(self) -> int:
        return max((len(row) for row in self.grid), default=0)

    def row_spans(self, row: int) -> list[Span]:
        """The distinct cells of a row, left to right (a merged cell once)."""
        seen: list[Span] = []
        for span in self.grid[row]:
            if span is not None and (not seen or seen[-1] is not span) and span not in seen:
                seen.append(span)
        return seen

    @classmethod
    def from_rows(cls, rows: list[list[tuple[str, int, int]]], spans_known: bool = True) -> Table:
        """A grid from rows of ``(text, rowspan, colspan)`` as HTML and Word write them."""
        grid: list[list[Span | None]] = []
        for r, cells in enumerate(rows):
            while len(grid) <= r:
                grid.append([])
            col = 0
            for text, rowspan, colspan in cells:
                while col < len(grid[r]) and grid[r][col] is not None:
                    col += 1
                span = Span(text, r, col, max(1, rowspan), max(1, colspan))
                for dr in range(span.rowspan):
                    if dr and r + dr >= len(rows):
                        break  # a rowspan past the table's end (common in real pages): cut it
                    while len(grid) <= r + dr:
                        grid.append([])
                    line = grid[r + dr]
                    while len(line) < col + span.colspan:
                        line.append(None)
                    for dc in range(span.colspan):
                        line[col + dc] = span
                col += span.colspan
        width = max((len(row) for row in grid), default=0)
        for line in grid:
            line.extend([None] * (width - len(line)))
        return cls(grid=grid, spans_known=spans_known)


@record
class Paragraph:
    text: str


Block = Paragraph | Table


@record
class Document:
    source: str
    kind: str  # html, pdf, docx, text
    blocks: list[Block]
    title: list[str] = field(default_factory=list)  # title lines, when the format marks them (a page's title)
    published: datetime.date | None = None


# --- text helpers the readers share -------------------------------------------------------

_SPACE = re.compile(r"[ \t\r\f\v\u00a0\u3000\u2002-\u200b\ufeff]+")


def squeeze(text: str) -> str:
    """Runs of spaces (ideographic and no-break ones too) as one space; trimmed; line breaks kept."""
    return "\n".join(_SPACE.sub(" ", line).strip() for line in text.split("\n")).strip()


_PROSE = re.compile(r"[，。；！？]")


def is_prose(text: str) -> bool:
    """Running text (a sentence), as opposed to a heading, a label or page furniture."""
    return bool(_PROSE.search(text))


_DATE = re.compile(r"((?:19|20)\d{2})\s*[-年/.．]\s*(\d{1,2})\s*[-月/.．]\s*(\d{1,2})")
_DATED = re.compile(r"(?:发布|公开|成文|发文)?(?:日期|时间)\s*[:：]\s*")


def parse_date(text: str) -> datetime.date | None:
    match = _DATE.search(text)
    if match is None:
        return None
    try:
        return datetime.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def labelled_date(text: str) -> datetime.date | None:
    """The date after a label such as ``发布日期：`` or ``时间：`` in page furniture."""
    for label in _DATED.finditer(text):
        date = parse_date(text[label.end():label.end() + 24])
        if date is not None and _DATE.match(text, label.end()):
            return date
    return None
