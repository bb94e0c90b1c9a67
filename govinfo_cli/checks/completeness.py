"""How complete a report is, and its gaps as findings: C1 (blank cells), C2 (the 2019 （六） row).

The official form has no optional cell: every cell holds a number, 0 where there was
nothing. A blank (absent) cell is a gap — reported once per row, or once for a table
left wholly blank, never once per cell. A legacy header row (unit ——) is blank by the
form's own design and does not count.
"""

from __future__ import annotations

from functools import cache

from govinfo_cli.checks.context import Context
from govinfo_cli.checks.findings import Completeness, Finding
from govinfo_cli.i18n import N_, Nn_
from govinfo_cli.model.forms import FORMS, Cell, Form, Node, load_form
from govinfo_cli.model.messages import Msg
from govinfo_cli.model.report import Report


def fillable(form: Form) -> list[Cell]:
    """The cells an editor fills: every cell but the legacy header rows."""
    return [cell for cell in form.cells.values() if not cell.header]


def completeness(report: Report) -> Completeness | None:
    """Cells filled (holding any value) of the cells to fill; None for a report of no known form."""
    form = report.form
    if form is None:
        return None
    cells = fillable(form)
    return Completeness(filled=sum(report.get(cell.path) is not None for cell in cells), cells=len(cells))


@cache
def _split_rows(form_name: str) -> tuple[str, ...]:
    """Groups of this form that another form has as a single row (2021's three （六）其他处理 rows,
    2019's one), found by comparing the schemas: nothing here names the row."""
    form = load_form(form_name)
    others = [load_form(name) for name in FORMS if name != form_name]
    return tuple(path for path, node in form.nodes.items()
                 if node.kind == "group" and any(path in other.rows for other in others))


def _blank(report: Report, cells: list[Cell]) -> list[Cell]:
    return [cell for cell in cells if report.get(cell.path) is None]


def _old_layout(report: Report, form: Form) -> list[Node]:
    """Split groups filled the old way: only their last row holds figures, the others are wholly blank."""
    found = []
    for node in form.nodes.values():
        if node.kind != "group":
            continue
        rows = node.rows()
        if len(rows) < 2:
            continue
        *first, last = rows
        if all(len(_blank(report, r.cells())) == len(r.cells()) for r in first) \
                and len(_blank(report, last.cells())) < len(last.cells()) \
                and node.path in _split_rows(form.name):  # the other forms are read only for a candidate
            found.append(node)
    return found


def _reported(path: str, invalid: frozenset[str]) -> bool:
    """Whether the schema has reported ``path`` or a table or group above it (missing, wrong type)."""
    parts = path.split(".")
    return any(".".join(parts[:i]) in invalid for i in range(1, len(parts) + 1))


def _level(context: Context) -> str:
    return "error" if context.strict else "warning"


def c1_blank_cells(context: Context) -> list[Finding]:
    """C1: the report's blank cells, one finding per row with blanks or per table left wholly blank."""
    report, form = context.report, context.form
    skipped = {row.path for node in _old_layout(report, form) for row in node.rows()}  # C2 says it
    findings = []
    rows = 0
    for table in form.tables.values():
        if table.path in context.invalid:  # missing, or not a table: the schema has said so
            continue
        cells = [cell for cell in table.cells() if not cell.header]
        blank = _blank(report, cells)
        if blank and len(blank) == len(cells):
            rows += 1
            findings.append(Finding(
                code="C1", level=_level(context), path=table.path, line=report.line(table.path), label=table.title,
                msg=Msg(N_("the whole table is blank ({count} cells); fill in every cell, 0 where there was "
                           "nothing"), {"count": len(cells)}),
                cells=[c.path for c in blank], blank=[c.path for c in blank]))
            continue
        by_row: dict[str, list[Cell]] = {}
        for cell in cells:
            by_row.setdefault(cell.row, []).append(cell)
        for row, row_cells in by_row.items():
            rows += 1
            missing = _blank(report, row_cells)
            if not missing or row in skipped or _reported(row, context.invalid):
                continue
            if len(row_cells) == 1:
                msg = Msg(N_("blank; fill it in, 0 where there was nothing"))
            elif len(missing) == len(row_cells):
                msg = Msg(N_("the whole row is blank ({count} cells); fill it in, 0 where there was nothing"),
                          {"count": len(missing)})
            else:
                msg = Msg.counted(Nn_("{count} of {cells} cells is blank: {columns}; fill it in, 0 where there was "
                                      "nothing", "{count} of {cells} cells are blank: {columns}; fill them in, 0 "
                                      "where there was nothing"),
                                  {"count": len(missing), "cells": len(row_cells),
                                   "columns": [c.column_label for c in missing]})
            subject = row if len(row_cells) > 1 else row_cells[0].path
            findings.append(Finding(
                code="C1", level=_level(context), path=subject, line=report.line(subject),
                label=form.label(subject), msg=msg,
                cells=[c.path for c in row_cells], blank=[c.path for c in missing]))
    return context.tally("C1", findings, rows)


def c2_old_other_layout(context: Context) -> list[Finding]:
    """C2: a group that the form splits into rows, filled as the older form's single row."""
    report, form = context.report, context.form
    findings = []
    for node in _old_layout(report, form):
        *first, last = node.rows()
        findings.append(Finding(
            code="C2", level=_level(context), path=node.path, line=report.line(last.path), label=form.label(node.path),
            msg=Msg(N_("filled as the single row of an older form: only {last} holds figures and {blank} are blank; "
                       "this form splits the row, so count each application in its row (0 where none)"),
                    {"last": last.title, "blank": [r.title for r in first]}),
            cells=[c.path for c in node.cells()], blank=[c.path for r in first for c in r.cells()]))
    return context.tally("C2", findings, 1)  # the report's table 三, looked over once
