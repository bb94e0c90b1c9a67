"""render: a report as HTML, Markdown or plain text, all three from one :mod:`layout`.

HTML comes from ``templates/report.html.j2`` (Jinja2, autoescaped); Markdown and text
are written here. Every piece of text from the report file is escaped for its
format, so a report can never inject markup. The output is a function of the
input alone: the same file gives the same bytes.
"""

from __future__ import annotations

from typing import Any

from govinfo_cli.i18n import _, ngettext
from govinfo_cli.model.report import Report
from govinfo_cli.term import display_width
from govinfo_cli.writers.breaks import pieces
from govinfo_cli.writers.layout import (
    INDENT,
    Flat,
    ReportView,
    SectionView,
    TableView,
    layout,
)
from govinfo_cli.writers.markdown import md_escape, md_paragraph

TEXT_WIDTH = 120  # a terminal's width that text tables are fitted into
PARAGRAPH_INDENT = INDENT * 2  # a paragraph's first line, as Chinese documents indent it


def render(report: Report, fmt: str = "text", tables_only: bool = False, fragment: bool = False) -> str:
    view = layout(report, tables_only=tables_only)
    if fmt == "html":
        return render_html(view, fragment=fragment)
    if fmt == "markdown":
        return render_markdown(view)
    if fmt == "text":
        return render_text(view)
    raise ValueError(f"unknown format {fmt!r}")


def schema_error_count(report: Report) -> int:
    """How many schema errors the report has (what ``govinfo validate`` lists as ``schema``)."""
    from govinfo_cli.checks.schema import schema_findings

    form = report.form
    if form is None:
        return 0
    return sum(f.level == "error" for f in schema_findings(report, form))


def schema_note(report: Report) -> str | None:
    """One line for stderr when the rendered report does not fit its form, else None.

    The document is still rendered (a value that is not a number or text shows blank);
    the note says so and how to see the errors.
    """
    count = schema_error_count(report)
    if not count:
        return None
    return ngettext("{path} has {count} schema error; run govinfo validate {argument}",
                    "{path} has {count} schema errors; run govinfo validate {argument}", count).format(
        path=report.path, count=count, argument=_argument(report))


def blank_note(report: Report) -> str | None:
    """One line for stderr when the rendered report has blank cells (it is not ready to publish), else None."""
    from govinfo_cli.checks.completeness import completeness

    filled = completeness(report)
    if filled is None or filled.complete:
        return None
    return _("{path}: {blank} of {cells} cells are blank, and print blank; the official form fills every cell "
             "(0 where there was nothing): run govinfo validate {argument}").format(
        path=report.path, blank=filled.cells - filled.filled, cells=filled.cells, argument=_argument(report))


def _argument(report: Report) -> str:
    return "-" if report.path == "<stdin>" else report.path


# --- HTML -----------------------------------------------------------------------------------


def render_html(view: ReportView, fragment: bool = False) -> str:
    from govinfo_cli.resources import template

    return template("report.html.j2").render(view=view, fragment=fragment, breakable=breakable)


def breakable(text: str) -> Any:
    """``text`` escaped for HTML, with a line-break opportunity (``<wbr>``) between its words only."""
    from markupsafe import Markup, escape

    return Markup("<wbr>").join(escape(piece) for piece in pieces(text))


# --- Markdown -------------------------------------------------------------------------------

def _md_table(flat: Flat) -> list[str]:
    def line(cells: list[str]) -> str:
        return "| " + " | ".join(md_escape(c) for c in cells) + " |"

    columns = len(flat.headers)
    out = [line(flat.headers), "| " + " | ".join("---:" if n else ":---" for n in flat.numeric) + " |"]
    out += [line((row + [""] * columns)[:columns]) for row in flat.rows]
    return out


def render_markdown(view: ReportView) -> str:
    blocks: list[str] = []
    if any(isinstance(p, SectionView) for p in view.parts):  # not --tables-only
        blocks.append("# " + md_escape(view.title))
    for part in view.parts:
        if isinstance(part, SectionView):
            if part.heading is not None:
                blocks.append("## " + md_escape(part.heading))
            blocks += [md_paragraph(p) for p in part.paragraphs]
            continue
        blocks.append("## " + md_escape(part.heading))
        if part.title:
            blocks.append("### " + md_escape(part.title))
        for flat in part.flats:
            if flat.caption:
                blocks.append("**" + md_escape(flat.caption) + "**")
            blocks.append("\n".join(_md_table(flat)))
        if part.footer:
            blocks.append(md_paragraph(_footer_line(part)))
    return "\n\n".join(blocks) + "\n"


def _footer_line(table: TableView) -> str:
    return "\u3000\u3000".join(f"{title}：{value}" for title, value in table.footer)


# --- text -----------------------------------------------------------------------------------

def wrap(text: str, width: int) -> list[str]:
    """Lines of at most ``width`` terminal columns, broken between words (:func:`breaks.pieces`: never
    inside a word of the form's titles, punctuation kept with its word); a word wider than the line is cut.

    A leading run of ideographic spaces (the row's indentation) is repeated on each line.
    """
    if display_width(text) <= width:
        return [text]
    body = text.lstrip(INDENT)
    indent = text[: len(text) - len(body)]
    if width - display_width(indent) < 4:
        indent = ""
    room = width - display_width(indent)
    tokens: list[str] = []
    for token in pieces(body):
        while display_width(token) > room:  # a word longer than the line: cut it
            cut = 1
            while display_width(token[: cut + 1]) <= room:
                cut += 1
            tokens.append(token[:cut])
            token = token[cut:]
        tokens.append(token)
    lines: list[str] = []
    current = ""
    for token in tokens:
        if current and display_width(current + token) > room:
            lines.append(current)
            current = token
        else:
            current += token
    if current:
        lines.append(current)
    return [indent + line for line in lines]


def widest_word(text: str) -> int:
    """The display width of the widest piece of ``text`` a line cannot break inside."""
    return max((display_width(piece) for piece in pieces(text)), default=0)


def _fit(natural: list[int], floors: list[int], budget: int) -> list[int]:
    """Column widths within ``budget``: the label column (first) gives way last but one.

    Other columns first narrow to about four CJK characters (their headers wrap);
    then the label column takes what is left, down to its floor; then the others
    narrow further, widest first, down to their floors.
    """
    if sum(natural) <= budget:
        return natural
    widths = [natural[0]] + [min(n, max(f, 8)) for n, f in zip(natural[1:], floors[1:])]
    widths[0] = max(floors[0], min(natural[0], budget - sum(widths[1:])))
    while sum(widths) > budget:
        candidates = [i for i in range(1, len(widths)) if widths[i] > floors[i]]
        if not candidates:
            break
        widest = max(candidates, key=lambda i: (widths[i], -i))
        widths[widest] -= 1
    return widths


def _text_table(flat: Flat, width: int = TEXT_WIDTH) -> str:
    import tabulate as tabulate_module

    columns = len(flat.headers)
    rows = [(row + [""] * columns)[:columns] for row in flat.rows]
    header_parts = [h.split("·") if h else [""] for h in flat.headers]
    # a column is as wide as its header at least; grid rules take 3 columns per column, plus 1
    natural, floors = [], []
    for index in range(columns):
        head = max(display_width(p) for p in header_parts[index])
        cells = max((display_width(r[index]) for r in rows), default=0)
        natural.append(max(head, cells, 1))
        words = max(widest_word(p) for p in header_parts[index])  # a head is never cut inside a word
        if flat.numeric[index]:
            floors.append(max(cells, 2, words))
        else:
            floors.append(max(min(natural[-1], 16 if index == 0 else 8), words))
    widths = _fit(natural, floors, width - (3 * columns + 1))
    headers = ["\n".join(line for part in parts for line in wrap(part, max(widths[i], 2)))
               for i, parts in enumerate(header_parts)]
    body = [["\n".join(wrap(cell, widths[i])) if not flat.numeric[i] else cell for i, cell in enumerate(row)]
            for row in rows]
    align = ["right" if n else "left" for n in flat.numeric]
    wrapped = any("\n" in cell for row in body for cell in row)
    style = "grid" if wrapped else "psql"  # rules between rows only where a label takes several lines
    # tabulate makes a column at least MIN_PADDING (2) wider than its header; the widths are fitted
    # above, to the header's width, so no room is added (it has no per-call option for this).
    padding = tabulate_module.MIN_PADDING
    tabulate_module.MIN_PADDING = 0
    try:
        return tabulate_module.tabulate(body, headers=headers, tablefmt=style, disable_numparse=True,
                                        preserve_whitespace=True, colalign=align, headersalign=["center"] * columns)
    finally:
        tabulate_module.MIN_PADDING = padding


def render_text(view: ReportView, width: int = TEXT_WIDTH) -> str:
    blocks: list[str] = []
    if any(isinstance(p, SectionView) for p in view.parts):  # not --tables-only
        blocks.append(view.title + "\n" + "=" * display_width(view.title))
    for part in view.parts:
        if isinstance(part, SectionView):
            if part.heading is not None:
                blocks.append(part.heading)
            blocks += [PARAGRAPH_INDENT + p for p in part.paragraphs]
            continue
        blocks.append(part.heading)
        if part.title:
            blocks.append(part.title)
        for flat in part.flats:
            table = _text_table(flat, width)
            blocks.append(f"{flat.caption}\n{table}" if flat.caption else table)
        if part.footer:
            blocks.append(_footer_line(part))
    return "\n\n".join(blocks) + "\n"
