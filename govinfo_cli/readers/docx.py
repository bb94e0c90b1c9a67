"""Word ``.docx`` files: paragraphs and tables in the order of the document body.

The package is a ZIP of XML: ``word/document.xml`` is parsed with lxml (entities not
resolved, no network) and its body walked in order, so that a table stands between the
paragraphs it stood between; content controls (``w:sdt``) are looked into, deleted text
(``w:delText``) is not read. python-docx would do the same in 0.3 s more of imports. Merged cells are read from the
table's own markup: ``w:gridSpan`` (across columns) and ``w:vMerge`` (down rows: a
cell continuing the one above adds a row to its span), ``w:gridBefore`` for rows
that start later.
"""

from __future__ import annotations

import io

from govinfo_cli.i18n import _
from govinfo_cli.readers.document import Block, Document, Paragraph, SourceError, Span, Table, squeeze

TYPE_CHECKING = False  # typing is not imported at run time: every start pays for it
if TYPE_CHECKING:
    from typing import Any

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read_docx(raw: bytes, source: str) -> Document:
    import zipfile

    import lxml.etree

    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            xml = archive.read("word/document.xml")
    except (zipfile.BadZipFile, KeyError) as error:
        raise SourceError(_("cannot be read as a Word .docx file ({error})").format(error=error)) from None
    parser = lxml.etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    try:
        root = lxml.etree.fromstring(xml, parser=parser)
    except lxml.etree.XMLSyntaxError as error:
        raise SourceError(_("cannot be read as a Word .docx file ({error})").format(error=error)) from None
    blocks: list[Block] = []
    body = root.find(_W + "body")
    _walk(body if body is not None else root, blocks)
    return Document(source=source, kind="docx", blocks=blocks)


def _walk(parent: Any, blocks: list[Block]) -> None:
    for element in parent.iterchildren():
        if element.tag == _W + "p":
            for line in _text(element).split("\n"):
                if line.strip():  # Word shows every space: a line keeps its inner spacing
                    blocks.append(Paragraph(line.strip()))
        elif element.tag == _W + "tbl":
            table = _table(element)
            if table.grid:
                blocks.append(table)
        elif element.tag in (_W + "sdt", _W + "sdtContent", _W + "customXml"):
            _walk(element, blocks)


def _text(paragraph: Any) -> str:
    parts: list[str] = []
    for node in paragraph.iter(_W + "t", _W + "tab", _W + "br", _W + "cr"):
        if node.tag == _W + "t":
            parts.append(node.text or "")
        elif node.tag == _W + "tab":
            parts.append("\t")
        else:
            parts.append("\n")
    return "".join(parts)


def _value(element: Any, path: str) -> str | None:
    found = element.find(path)
    return None if found is None else found.get(_W + "val", "")


def _table(element: Any) -> Table:
    grid: list[list[Span | None]] = []
    for r, row in enumerate(element.iterchildren(_W + "tr")):
        line: list[Span | None] = []
        before = _value(row, f"{_W}trPr/{_W}gridBefore")
        line.extend([None] * int(before or 0))
        for cell in row.iterchildren(_W + "tc"):
            col = len(line)
            span = int(_value(cell, f"{_W}tcPr/{_W}gridSpan") or 1)
            merge = _value(cell, f"{_W}tcPr/{_W}vMerge")
            above = grid[r - 1][col] if r and col < len(grid[r - 1]) else None
            if merge is not None and merge != "restart" and above is not None:
                above.rowspan += 1
                line.extend([above] * span)
                continue
            text = squeeze("\n".join(_text(p) for p in cell.iterchildren(_W + "p")))
            line.extend([Span(text, r, col, 1, span)] * span)
        grid.append(line)
    width = max((len(line) for line in grid), default=0)
    for line in grid:
        line.extend([None] * (width - len(line)))
    return Table(grid=grid)
