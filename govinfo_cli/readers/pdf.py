"""PDF with a text layer: tables from their ruling lines, paragraphs from the lines around them.

pdfplumber finds tables by the lines drawn around their cells; a merged cell is one
cell box, so its extent gives the row and column spans. Many reports are typeset
in a page-sized frame: a "table" whose rows hold one cell across the whole width is
running text, not a table, and is read as lines. Lines are joined into paragraphs
where the next line neither starts indented nor follows a short line; page numbers
(``- 3 -``, ``第 3 页``) are dropped. A table cut by a page break is joined again
when the next page starts with a table of the same width.
"""

from __future__ import annotations

import io
import re
import statistics
from typing import Any

from govinfo_cli.i18n import _
from govinfo_cli.readers.document import Block, Document, Paragraph, SourceError, Span, Table, squeeze
from govinfo_cli.record import record

_PAGE_NUMBER = re.compile(r"^(?:[-—－–\s]*\d+[-—－–\s]*|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+)$")
_CJK_END = re.compile(r"[\u3000-\u9fff\uff00-\uffef]$")
_CJK_START = re.compile(r"^[\u3000-\u9fff\uff00-\uffef]")


@record
class _Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float


@record
class _Placed:
    top: float
    table: Table | None = None
    line: _Line | None = None


def read_pdf(raw: bytes, source: str) -> Document:
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError

    try:
        pdf = pdfplumber.open(io.BytesIO(raw))
    except (PDFSyntaxError, ValueError, KeyError, TypeError) as error:
        raise SourceError(_("cannot be read as a PDF ({error})").format(error=error)) from None
    with pdf:
        pages = [_page(page) for page in pdf.pages]
    if not any(item.line is not None or item.table is not None for page in pages for item in page):
        raise SourceError(_("is a PDF without a text layer (a scanned image?); govinfo does not read images: "
                            "import the report's web page or Word file instead"))
    return Document(source=source, kind="pdf", blocks=_blocks(pages))


def _page(page: Any) -> list[_Placed]:
    if not page.chars:
        return []
    placed: list[_Placed] = []
    regions: list[tuple[float, float, float, float]] = []
    for found in page.find_tables():
        table, region = _table(found)
        if table is not None and region is not None:
            placed.append(_Placed(region[1], table=table))
            regions.append(region)
    for line in page.extract_text_lines(strip=True, return_chars=True):
        text = squeeze(line["text"])
        middle = (line["top"] + line["bottom"]) / 2
        if not text or _PAGE_NUMBER.match(text):
            continue
        if any(x0 - 1 <= line["x0"] and line["x1"] <= x1 + 1 and top <= middle <= bottom
               for x0, top, x1, bottom in regions):
            continue
        sizes = [c["size"] for c in line["chars"] if c["text"].strip()]
        placed.append(_Placed(line["top"], line=_Line(text, line["x0"], line["x1"], line["top"], line["bottom"],
                                                      statistics.median(sizes) if sizes else 10.0)))
    placed.sort(key=lambda item: item.top)
    return placed


def _table(found: Any) -> tuple[Table | None, tuple[float, float, float, float] | None]:
    """The table as a grid with merged cells resolved, and the region of its real rows.

    Rows whose one cell spans the whole width are running text in a frame: left to the lines.
    """
    texts = found.extract()
    rows, columns = found.rows, found.columns
    centres_y = [(r.bbox[1] + r.bbox[3]) / 2 for r in rows]
    centres_x = [(c.bbox[0] + c.bbox[2]) / 2 for c in columns]
    grid: list[list[Span | None]] = [[None] * len(columns) for _ in rows]
    for i, row in enumerate(rows):
        for j, box in enumerate(row.cells):
            if box is None or grid[i][j] is not None:
                continue
            x0, top, x1, bottom = box
            rowspan = sum(1 for y in centres_y[i:] if top <= y <= bottom) or 1
            colspan = sum(1 for x in centres_x[j:] if x0 <= x <= x1) or 1
            span = Span(squeeze(texts[i][j] or ""), i, j, rowspan, colspan)
            for dr in range(rowspan):
                for dc in range(colspan):
                    if i + dr < len(rows) and j + dc < len(columns):
                        grid[i + dr][j + dc] = span
    table = Table(grid=grid)
    real = [i for i in range(len(rows)) if len(table.row_spans(i)) >= 2]
    if not real:
        return None, None
    first, last = real[0], real[-1]
    moved: dict[int, Span] = {}  # the real rows' spans, counted from the first real row
    for line in grid[first:last + 1]:
        for cell in line:
            if cell is not None and id(cell) not in moved:
                moved[id(cell)] = Span(cell.text, max(0, cell.row - first), cell.col,
                                       min(cell.rowspan, last + 1 - max(cell.row, first)), cell.colspan)
    table = Table(grid=[[None if s is None else moved[id(s)] for s in line] for line in grid[first:last + 1]])
    region = (found.bbox[0], rows[first].bbox[1], found.bbox[2], rows[last].bbox[3])
    return table, region


def _blocks(pages: list[list[_Placed]]) -> list[Block]:
    lines = [item.line for page in pages for item in page if item.line is not None]
    left = min((line.x0 for line in lines), default=0.0)
    right = max((line.x1 for line in lines), default=0.0)
    blocks: list[Block] = []
    previous: _Line | None = None
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            blocks.append(Paragraph(squeeze("".join(paragraph))))
            paragraph.clear()

    for number, page in enumerate(pages):
        for position, item in enumerate(page):
            if item.table is not None:
                flush()
                previous = None
                last = blocks[-1] if blocks else None
                if (position == 0 and number > 0 and isinstance(last, Table)
                        and last.width == item.table.width):  # a table continued from the last page
                    last.grid.extend(item.table.grid)
                else:
                    blocks.append(item.table)
                continue
            line = item.line
            assert line is not None
            em = line.size or 10.0
            starts = (previous is None or line.x0 > left + 1.5 * em or previous.x1 < right - 1.5 * em
                      or line.top - previous.bottom > 1.2 * em)
            if starts:
                flush()
            elif paragraph and not (_CJK_END.search(paragraph[-1]) or _CJK_START.search(line.text)):
                paragraph.append(" ")
            paragraph.append(line.text)
            previous = line
    flush()
    return blocks
