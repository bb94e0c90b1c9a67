"""Plain text copied from a report: paragraphs one per line, and the table layouts copies take.

- ``|``-separated rows (also Markdown pipe tables, their ``---`` rule skipped);
- tab-separated rows;
- a cell per line, each line led by a tab, rows separated by blank lines (Word's
  text export, as the seed report has its 统计表);
- tables flattened into running text (cells run together) stay paragraphs: the
  mapping reads them against the form's labels.

Merged cells are lost in a text copy, so its tables say ``spans_known=False``.
"""

from __future__ import annotations

import re

from govinfo_cli.readers.document import Block, Document, Paragraph, Table, squeeze

_BOOKMARK = re.compile(r"\[bookmark: [^\]]*\]")  # left in the text by Word's export of a bookmark
_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$")  # a Markdown table's header rule


def decode(raw: bytes) -> str:
    """Text as UTF-8 (with or without BOM), else GB 18030 (the encoding of older Chinese files)."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("gb18030", errors="replace")


def _pipe_cells(line: str) -> list[str] | None:
    if "|" not in line:
        return None
    cells = [cell.strip() for cell in line.split("|")]
    return cells if len(cells) >= 2 else None


def _tab_cells(line: str) -> list[str] | None:
    cells = [cell.strip() for cell in line.strip("\n").split("\t")]
    return cells if sum(1 for c in cells if c) >= 2 else None


def _is_cell_line(line: str) -> bool:
    """A line of the cell-per-line layout: led by a tab, one cell."""
    return line.startswith("\t") and "\t" not in line[1:].strip()


def _table(rows: list[list[str]]) -> Table:
    if rows and all(r[0] == "" and r[-1] == "" for r in rows if len(r) > 2):  # Markdown: | a | b |
        rows = [r[1:-1] if len(r) > 2 else r for r in rows]
    return Table.from_rows([[(squeeze(c), 1, 1) for c in row] for row in rows], spans_known=False)


def read_text(raw: bytes, source: str) -> Document:
    lines = _BOOKMARK.sub("", decode(raw)).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    blocks: list[Block] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if _is_cell_line(line):
            rows, index = _cell_per_line(lines, index)
            blocks.append(_table(rows))
            continue
        for split in (_pipe_cells, _tab_cells):
            if split(line) is not None:
                rows = []
                while index < len(lines) and split(lines[index]) is not None:
                    if not _RULE.match(lines[index].strip()):
                        rows.append(split(lines[index]) or [])
                    index += 1
                blocks.append(_table(rows))
                break
        else:
            text = line.strip()  # spacing inside a line is the author's (two numbers on a phone line)
            if text:
                blocks.append(Paragraph(text))
            index += 1
    return Document(source=source, kind="text", blocks=blocks)


def _cell_per_line(lines: list[str], index: int) -> tuple[list[list[str]], int]:
    """Rows of the cell-per-line layout from ``index``; the index after them."""
    rows: list[list[str]] = []
    row: list[str] = []
    while index < len(lines):
        line = lines[index]
        if _is_cell_line(line):
            row.append(line.strip())
        elif line.strip() == "":
            if row:
                rows.append(row)
                row = []
            elif index + 1 < len(lines) and not _is_cell_line(lines[index + 1]):
                break  # two blank lines, or a blank line before ordinary text: the table has ended
        elif row:
            row[-1] += line.strip()  # a label continued on the next line
        else:
            break
        index += 1
    if row:
        rows.append(row)
    return rows, index
