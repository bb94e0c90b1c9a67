"""Web pages as published: the report found among the site's navigation, scripts and footer.

Parsed with lxml's HTML parser (libxml2: fast, and it repairs the broken markup of
real CMS pages). The report's part of the page is the element that holds most of
its running text and every data table: from ``<body>`` down, the child holding
70 % or more of its parent's running text (not counting links and tables) is taken
while it still holds all the data tables. Within it, tables are read as grids with their
``rowspan``/``colspan`` resolved; a table that holds other tables is page layout
and is read as blocks.
"""

from __future__ import annotations

import re

from govinfo_cli.readers.document import (
    Block,
    Document,
    Paragraph,
    SourceError,
    Table,
    labelled_date,
    parse_date,
    squeeze,
)

TYPE_CHECKING = False  # typing is not imported at run time: every start pays for it
if TYPE_CHECKING:
    from typing import Any

_DROP = ("script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "nav", "header",
         "footer", "aside", "form", "select", "button", "input", "textarea", "map", "audio", "video")
_BLOCK = frozenset(("p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul",
                    "ol", "dl", "dd", "dt", "blockquote", "pre", "center", "table", "tr", "td", "th", "tbody",
                    "thead", "tfoot", "caption", "hr", "address", "figure", "figcaption", "body"))
_META_TITLE = ("articletitle", "og:title", "title", "dc.title")
_META_DATE = ("pubdate", "publishdate", "firstpublishedtime", "article:published_time", "dc.date", "publishtime",
              "dc.date.issued")
_CHARSET = re.compile(rb"""charset\s*=\s*["']?([\w-]+)""", re.I)
SHARE = 0.7  # a child holding this share of its parent's text is where the report is


def _encoding(raw: bytes) -> str:
    match = _CHARSET.search(raw[:4096])
    declared = match.group(1).decode("ascii").lower() if match else None
    if declared and declared.rpartition("-")[2] in ("gb2312", "gbk", "gb18030"):  # also x-gbk
        return "gb18030"
    if declared:
        try:
            raw.decode(declared)
            return declared
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        raw.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        return "gb18030"


def read_html(raw: bytes, source: str) -> Document:
    import lxml.etree  # not lxml.html: its element classes add nothing used here, and cost a tenth of the import

    parser = lxml.etree.HTMLParser(encoding=_encoding(raw), remove_comments=True, remove_pis=True)
    try:
        root = lxml.etree.fromstring(raw, parser=parser)
    except (lxml.etree.ParserError, ValueError) as error:
        raise SourceError(f"cannot be read as a web page ({error})") from None
    if root is None:  # what lxml.html.document_fromstring says of it
        raise SourceError("cannot be read as a web page (Document is empty)")
    title, published = _head(root)
    body = root.find("body")
    if body is None:
        body = root
    for element in list(body.iter(*_DROP)):
        if element.getparent() is not None:
            _drop_tree(element)
    if published is None:
        published = labelled_date(squeeze(text_content(body)))
    content = _content(body)
    blocks: list[Block] = []
    _Walker(blocks).walk(content)
    return Document(source=source, kind="html", blocks=blocks, title=title, published=published)


def text_content(element: Any) -> str:
    """All the text in ``element``, as lxml.html's ``text_content()`` gives it (comments are parsed away)."""
    return "".join(element.itertext())


def _drop_tree(element: Any) -> None:
    """``element`` and what it holds out of the page, the text after it kept (lxml.html's ``drop_tree()``)."""
    parent = element.getparent()
    if element.tail:
        previous = element.getprevious()
        if previous is None:
            parent.text = (parent.text or "") + element.tail
        else:
            previous.tail = (previous.tail or "") + element.tail
    parent.remove(element)


def _head(root: Any) -> tuple[list[str], Any]:
    title: list[str] = []
    published = None
    for meta in root.iter("meta"):
        name = (meta.get("name") or meta.get("property") or "").lower()
        content = squeeze(meta.get("content") or "")
        if not content:
            continue
        if name in _META_TITLE and not title:
            title.append(content)
        elif name in _META_DATE and published is None:
            published = parse_date(content)
    for tag in ("h1", "title"):
        element = next(root.iter(tag), None)
        if element is not None and squeeze(text_content(element)):
            title.append(squeeze(text_content(element)))
    return title, published


def _weights(body: Any) -> dict[Any, int]:
    """Each element's amount of running text: link text and the text of tables not counted."""
    weights: dict[Any, int] = {}

    def weigh(element: Any) -> int:
        skipped = element.tag == "a" or (element.tag == "table" and _leaf(element))
        total = 0 if skipped else len("".join((element.text or "").split()))
        for child in element:
            if isinstance(child.tag, str):
                inner = weigh(child)
                total += 0 if skipped else inner
            total += len("".join((child.tail or "").split()))
        weights[element] = total
        return total

    weigh(body)
    return weights


def _data_tables(element: Any) -> list[Any]:
    """Tables of figures (no table inside them, two rows or more with a number)."""
    out = []
    for table in element.iter("table"):
        rows = [row for row in table.iter("tr") if re.search(r"\d", text_content(row))]
        if _leaf(table) and len(rows) >= 2:
            out.append(table)
    return out


def _leaf(table: Any) -> bool:
    """A table with no table inside it: a table of the report, not of the page's layout."""
    return next(table.iterdescendants("table"), None) is None


def _content(body: Any) -> Any:
    weights = _weights(body)
    tables = set(_data_tables(body))
    node = body
    while True:
        children = [c for c in node if isinstance(c.tag, str)]
        if not children:
            return node
        best = max(children, key=lambda c: weights.get(c, 0))
        inside = {t for t in tables if best is t or any(a is best for a in t.iterancestors())}
        if weights.get(best, 0) < SHARE * weights.get(node, 0) or inside != tables:
            return node
        node = best


class _Walker:
    """Blocks in document order: text runs between block elements become paragraphs."""

    def __init__(self, blocks: list[Block]) -> None:
        self.blocks = blocks
        self.buffer: list[str] = []

    def flush(self) -> None:
        for line in "".join(self.buffer).split("\n"):
            text = squeeze(line)
            if text:
                self.blocks.append(Paragraph(text))
        self.buffer = []

    def walk(self, element: Any) -> None:
        if element.tag == "table" and _leaf(element):
            self.flush()
            table = _table(element)
            if table.grid:
                self.blocks.append(table)
            return
        block = element.tag in _BLOCK
        if block:
            self.flush()
        if element.tag == "br":
            self.buffer.append("\n")
        self.buffer.append(element.text or "")
        for child in element:
            if isinstance(child.tag, str):
                self.walk(child)
            self.buffer.append(child.tail or "")
        if block:
            self.flush()


def _cell_text(cell: Any) -> str:
    parts: list[str] = []
    for piece in cell.iter():
        if piece.tag == "br" or (piece.tag in ("p", "div") and parts):
            parts.append("\n")
        parts.append(piece.text or "")
        if piece is not cell:
            parts.append(piece.tail or "")
    return squeeze("".join(parts))


def _span(cell: Any, name: str) -> int:
    try:
        return max(1, min(int(re.sub(r"\D", "", cell.get(name) or "1") or 1), 1000))
    except ValueError:
        return 1


def _table(element: Any) -> Table:
    rows: list[list[tuple[str, int, int]]] = []
    for row in element.iter("tr"):
        cells = [c for c in row if isinstance(c.tag, str) and c.tag in ("td", "th")]
        rows.append([(_cell_text(c), _span(c, "rowspan"), _span(c, "colspan")) for c in cells])
    return Table.from_rows([r for r in rows if r])
