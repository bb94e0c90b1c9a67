"""The layout of a report for rendering: one walk of the form model that every renderer shares.

:func:`layout` turns a :class:`Report` and its :class:`Form` into a :class:`ReportView`:
the title, the narrative sections and the tables in the form's document order.
Each table comes in two shapes built from the same walk, so the renderers never
disagree on a label or a number:

- a :class:`Grid` - the official layout with merged cells (header cells and row
  labels with their column and row spans), which HTML draws as it is;
- one or more :class:`Flat` tables - the same cells with two-level headers
  flattened (``法人或其他组织·商业企业``) and nested row labels indented, for
  Markdown and plain text, which cannot merge cells.

Nothing here names a table, row or label: the structure comes from the schema.

- ``x-layout: indicators`` (the legacy 统计表): each cell is a row of
  ``x-columns`` (label with ``x-indent``, unit, value).
- ``x-layout: across`` (table 四): the rows stand side by side as column blocks
  under their ``x-group``, with one row of values; its flat shape is transposed
  (one line per block) when the blocks share their columns.
- any other table is a matrix. Its label columns are as many as the deepest
  chain of titled groups and rows; each titled group's label spans its rows.
  When all rows share one set of columns there is one header: ``x-note`` (or
  ``x-row-title``) in the corner, ``x-columns-title`` over all columns, then the
  cells' ``x-group`` over their columns. When the top-level groups have
  different columns (table 二), each group is a sub-table with its title as a
  heading row and its own header row; a sub-table with fewer columns than the
  widest spreads them over the table's width.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from govinfo_cli.model.forms import Cell, Form, Node, grouped
from govinfo_cli.model.messages import format_number
from govinfo_cli.model.report import Report
from govinfo_cli.record import field, record
from govinfo_cli.term import clean

INDENT = "\u3000"  # one ideographic space per level of indentation in flat labels

def format_value(value: Any) -> str:
    """A value as written: numbers as :func:`format_number` writes them, text made visible, blank as ''.

    A table or a list where a value belongs (a schema error, which validate reports) is shown
    blank too: a document never shows Python's notation for it.
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, Decimal)):
        return format_number(value)
    if isinstance(value, str):
        return clean(value)
    return ""


@record(frozen=True)
class Slot:
    """One cell of a grid, at its top-left position."""

    text: str
    role: str  # corner, colhead, subtable, rowhead, grouphead, unit, value
    colspan: int = 1
    rowspan: int = 1
    indent: int = 0
    header: bool = False  # a legacy header row (unit ——)
    path: str | None = None  # the report key of a value

    @property
    def blank(self) -> bool:
        return self.text == ""


@record(frozen=True)
class Placed:
    row: int
    column: int
    slot: Slot


@record
class Grid:
    rows: list[list[Slot]]
    head: int  # leading rows that form the table header (repeated on each printed page)

    def placed(self) -> list[Placed]:
        """Every slot at its grid position, as HTML places cells: each row's slots go left to
        right into the columns that no row span from above still covers."""
        covered: set[tuple[int, int]] = set()
        out: list[Placed] = []
        for r, row in enumerate(self.rows):
            column = 0
            for slot in row:
                while (r, column) in covered:
                    column += 1
                out.append(Placed(r, column, slot))
                covered.update((r + dr, column + dc) for dr in range(slot.rowspan) for dc in range(slot.colspan))
                column += slot.colspan
        return out

    @property
    def width(self) -> int:
        return sum(slot.colspan for slot in self.rows[0]) if self.rows else 0


@record
class Flat:
    caption: str | None
    headers: list[str]
    rows: list[list[str]]
    numeric: list[bool]  # columns of numbers (aligned right in text and Markdown)


@record
class TableView:
    key: str
    heading: str
    title: str | None  # the table's own title when the heading is another (附件)
    grid: Grid
    flats: list[Flat]
    footer: list[tuple[str, str]] = field(default_factory=list)
    kind: str = "table"


@record
class SectionView:
    key: str
    heading: str | None  # None: an untitled opening paragraph
    paragraphs: list[str]
    kind: str = "section"


@record
class ReportView:
    title: str
    parts: list[SectionView | TableView]


def paragraphs(value: Any) -> list[str]:
    """A narrative text as paragraphs: one per non-blank line, trimmed."""
    text = value if isinstance(value, str) else format_value(value)  # not text: a schema error
    return [clean(line.strip()) for line in text.splitlines() if line.strip()]


def report_title(form: Form, report: Report) -> str:
    return form.report_title(format_value(report.get("agency.name")), format_value(report.get("year")))


def layout(report: Report, tables_only: bool = False) -> ReportView:
    form = report.form
    if form is None:
        raise ValueError("a report of an unknown form has no layout")
    parts: list[SectionView | TableView] = []
    for key in form.document:
        if key in form.tables:
            parts.append(table_view(form, form.tables[key], report))
        elif key in form.sections and not tables_only:
            section = form.sections[key]
            texts = paragraphs(report.get(key))
            if section.untitled and not texts:
                continue
            parts.append(SectionView(key=key, heading=None if section.untitled else section.title, paragraphs=texts))
    return ReportView(title=report_title(form, report), parts=parts)


# --- tables ---------------------------------------------------------------------------------


def table_view(form: Form, table: Node, report: Report) -> TableView:
    if table.layout == "indicators":
        grid, flats = _indicators(table, report)
    elif table.layout == "across":
        grid, flats = _across(table, report)
    else:
        grid, flats = _matrix(table, report)
    footer = [(form.agency_fields[key].title, format_value(report.get(f"agency.{key}"))) for key in table.footer]
    return TableView(key=table.key, heading=table.heading or table.title, title=table.title if table.heading else None,
                     grid=grid, flats=flats, footer=footer)


def _value(report: Report, cell: Cell, colspan: int = 1) -> Slot:
    return Slot(format_value(report.get(cell.path)), "value", colspan=colspan, path=cell.path)


def _cells(node: Node) -> list[Cell]:
    return [c for c in node.children if isinstance(c, Cell)]


def _indicators(table: Node, report: Report) -> tuple[Grid, list[Flat]]:
    columns = list(table.columns)
    rows: list[list[Slot]] = [[Slot(title, "colhead") for title in columns]]
    flat_rows: list[list[str]] = []
    for cell in table.cells():
        unit = cell.unit or ""
        value = _value(report, cell)
        rows.append([Slot(cell.title, "rowhead", indent=cell.indent, header=cell.header),
                     Slot(unit, "unit", header=cell.header), value])
        flat_rows.append([INDENT * cell.indent + cell.title, unit, value.text])
    flat = Flat(caption=None, headers=columns, rows=flat_rows, numeric=[False, False, True])
    return Grid(rows=rows, head=1), [flat]


def _across(table: Node, report: Report) -> tuple[Grid, list[Flat]]:
    blocks = table.rows()
    two_levels = any(b.group for b in blocks)
    top: list[Slot] = []
    middle: list[Slot] = []
    index = 0
    while index < len(blocks):
        group = blocks[index].group
        end = index + 1
        while group and end < len(blocks) and blocks[end].group == group:
            end += 1
        if group:
            top.append(Slot(group, "colhead", colspan=sum(len(_cells(b)) for b in blocks[index:end])))
            middle += [Slot(b.title, "colhead", colspan=len(_cells(b))) for b in blocks[index:end]]
        else:
            block = blocks[index]
            top.append(Slot(block.title, "colhead", colspan=len(_cells(block)), rowspan=2 if two_levels else 1))
        index = end
    leaves = [Slot(c.title, "colhead") for b in blocks for c in _cells(b)]
    values = [_value(report, c) for b in blocks for c in _cells(b)]
    header = [top, middle, leaves] if two_levels else [top, leaves]
    grid = Grid(rows=header + [values], head=len(header))

    shapes = {tuple(c.title for c in _cells(b)) for b in blocks}
    if len(shapes) == 1:  # transposed: one line per block, its cells as columns
        titles = [c.title for c in _cells(blocks[0])]
        rows = [[b.column_label] + [format_value(report.get(c.path)) for c in _cells(b)] for b in blocks]
        flat = Flat(caption=None, headers=[""] + titles, rows=rows, numeric=[False] + [True] * len(titles))
    else:
        headers = [grouped(b.column_label, c.title) for b in blocks for c in _cells(b)]
        flat = Flat(caption=None, headers=headers, rows=[[v.text for v in values]], numeric=[True] * len(values))
    return grid, [flat]


def _label_depth(node: Node, depth: int = 0) -> int:
    """How many label columns the rows under ``node`` need (titled groups and the row itself)."""
    best = 0
    for child in node.children:
        if isinstance(child, Node):
            level = depth + (1 if child.titled else 0)
            best = max(best, level if child.kind == "row" else _label_depth(child, level))
    return best


def _spread(width: int, count: int) -> list[int]:
    """Spans that spread ``count`` columns over ``width`` (the last takes what is left)."""
    base = width // count
    return [base] * (count - 1) + [width - base * (count - 1)]


def _column_header(cells: list[Cell], spans: list[int], columns_title: str | None) -> list[list[Slot]]:
    rows: list[list[Slot]] = []
    if columns_title:
        rows.append([Slot(columns_title, "colhead", colspan=sum(spans))])
    if any(c.group for c in cells):
        top: list[Slot] = []
        bottom: list[Slot] = []
        index = 0
        while index < len(cells):
            group = cells[index].group
            if group:
                end = index + 1
                while end < len(cells) and cells[end].group == group:
                    end += 1
                top.append(Slot(group, "colhead", colspan=sum(spans[index:end])))
                bottom += [Slot(c.title, "colhead", colspan=s) for c, s in zip(cells[index:end], spans[index:end])]
                index = end
            else:
                top.append(Slot(cells[index].title, "colhead", colspan=spans[index], rowspan=2))
                index += 1
        rows += [top, bottom]
    else:
        rows.append([Slot(c.title, "colhead", colspan=s) for c, s in zip(cells, spans)])
    return rows


def _row_shape(row: Node) -> tuple[tuple[str, str, str | None], ...]:
    return tuple((c.key, c.title, c.group) for c in _cells(row))


def _body(node: Node, report: Report, labels: int, spans: list[int], depth: int = 0) -> list[list[Slot]]:
    rows: list[list[Slot]] = []
    for child in node.children:
        if not isinstance(child, Node):
            raise ValueError(f"{node.path}: a group of rows holds the cell {child.path}; give it a row")
        if child.kind == "row":
            rows.append([Slot(child.title, "rowhead", colspan=labels - depth)]
                        + [_value(report, c, s) for c, s in zip(_cells(child), spans)])
            continue
        titled = child.titled
        inner = _body(child, report, labels, spans, depth + (1 if titled else 0))
        if titled and inner:
            inner[0].insert(0, Slot(child.title, "grouphead", rowspan=len(inner)))
        rows.extend(inner)
    return rows


def _flat_body(node: Node, report: Report, depth: int = 0) -> list[list[str]]:
    rows: list[list[str]] = []
    for child in node.children:
        if not isinstance(child, Node):
            continue
        if child.kind == "row":
            rows.append([INDENT * depth + child.title] + [format_value(report.get(c.path)) for c in _cells(child)])
        elif child.titled:
            inner = _flat_body(child, report, depth + 1)
            if inner:
                width = max(len(r) for r in inner)
                rows.append([INDENT * depth + child.title] + [""] * (width - 1))
                rows.extend(inner)
        else:
            rows.extend(_flat_body(child, report, depth))
    return rows


def _blocks(table: Node) -> list[tuple[str | None, Node]]:
    """The sub-tables: each top-level group, and each run of top-level rows."""
    blocks: list[tuple[str | None, Node]] = []
    loose: Node | None = None
    for child in table.children:
        if not isinstance(child, Node):
            continue
        if child.kind == "row":
            if loose is None:
                loose = Node(path=table.path, key=table.key, title="", kind="group", untitled=True)
                blocks.append((None, loose))
            loose.children.append(child)
        else:
            loose = None
            blocks.append((child.title if child.titled else None, child))
    return blocks


def _matrix(table: Node, report: Report) -> tuple[Grid, list[Flat]]:
    rows = table.rows()
    corner_text = table.note or table.row_title or ""
    if len({_row_shape(r) for r in rows}) <= 1:
        cells = _cells(rows[0]) if rows else []
        labels = max(_label_depth(table), 1)
        spans = [1] * len(cells)
        header = _column_header(cells, spans, table.columns_title)
        header[0].insert(0, Slot(corner_text, "corner", colspan=labels, rowspan=len(header)))
        body = _body(table, report, labels, spans)
        flat = Flat(caption=None, headers=[corner_text] + [c.column_label for c in cells],
                    rows=_flat_body(table, report), numeric=[False] + [True] * len(cells))
        return Grid(rows=header + body, head=len(header)), [flat]

    # sub-tables (table 二): a heading row and a header row of their own
    blocks = _blocks(table)
    row_title = table.row_title or ""
    width = max(len(_cells(r)) for r in rows)
    labels = max(max(_label_depth(node), 1) for _, node in blocks)
    grid_rows: list[list[Slot]] = []
    flats: list[Flat] = []
    for caption, node in blocks:
        block_rows = node.rows()
        shapes = {_row_shape(r) for r in block_rows}
        if len(shapes) != 1:
            raise ValueError(f"{node.path}: the rows of a sub-table must share their columns")
        cells = _cells(block_rows[0])
        spans = _spread(width, len(cells))
        if caption:
            grid_rows.append([Slot(caption, "subtable", colspan=labels + width)])
        header = _column_header(cells, spans, None)
        header[0].insert(0, Slot(row_title, "corner", colspan=labels, rowspan=len(header)))
        grid_rows += header
        grid_rows += _body(node, report, labels, spans)
        flats.append(Flat(caption=caption, headers=[row_title] + [c.column_label for c in cells],
                          rows=_flat_body(node, report), numeric=[False] + [True] * len(cells)))
    return Grid(rows=grid_rows, head=0), flats
