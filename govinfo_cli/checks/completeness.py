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
from govinfo_cli.model.forms import Cell, Form, Node, load_form
from govinfo_cli.model.messages import Msg
from govinfo_cli.model.report import Report
from govinfo_cli.record import record


def fillable(form: Form) -> list[Cell]:
    """The cells an editor fills: every cell but the legacy header rows."""
    return [cell for cell in form.cells.values() if not cell.header]


@record
class _Shape:
    """A form's cells as the checks of completeness walk them, worked out once per form."""

    paths: tuple[str, ...]  # every fillable cell
    tables: list[tuple[Node, list[Cell], dict[str, list[Cell]]]]  # each table, its cells, and them by row
    split: list[tuple[Node, list[Node], Node]]  # the groups declared x-single-row: their other rows, that row


@cache
def _shape(form_name: str) -> _Shape:
    form = load_form(form_name)
    tables = []
    for table in form.tables.values():
        cells = [cell for cell in table.cells() if not cell.header]
        by_row: dict[str, list[Cell]] = {}
        for cell in cells:
            by_row.setdefault(cell.row, []).append(cell)
        tables.append((table, cells, by_row))
    split = []
    for node in form.nodes.values():
        if node.kind == "group" and node.single_row:
            rows = node.rows()
            single = form.nodes[f"{node.path}.{node.single_row}"]
            split.append((node, [r for r in rows if r is not single], single))
    return _Shape(tuple(cell.path for cell in fillable(form)), tables, split)


def blank_paths(report: Report, form: Form) -> frozenset[str]:
    """The fillable cells of ``report`` that hold nothing."""
    leaves = report.leaves
    return frozenset(path for path in _shape(form.name).paths if leaves.get(path) is None)


def completeness(report: Report, blank: frozenset[str] | None = None) -> Completeness | None:
    """Cells filled (holding any value) of the cells to fill; None for a report of no known form."""
    form = report.form
    if form is None:
        return None
    cells = len(_shape(form.name).paths)
    return Completeness(filled=cells - len(blank_paths(report, form) if blank is None else blank), cells=cells)


def _old_layout(form: Form, blank: frozenset[str]) -> list[tuple[Node, list[Node], Node]]:
    """Groups declared x-single-row (2021's （六）其他处理) filled the old way: only that row holds figures,
    the others are wholly blank."""
    return [(node, others, single) for node, others, single in _shape(form.name).split
            if all(c.path in blank for r in others for c in r.cells())
            and not all(c.path in blank for c in single.cells())]


def _reported(path: str, invalid: frozenset[str]) -> bool:
    """Whether the schema has reported ``path`` or a table or group above it (missing, wrong type)."""
    parts = path.split(".")
    return any(".".join(parts[:i]) in invalid for i in range(1, len(parts) + 1))


def _level(context: Context) -> str:
    return "error" if context.strict else "warning"


def c1_blank_cells(context: Context) -> list[Finding]:
    """C1: the report's blank cells, one finding per row with blanks or per table left wholly blank."""
    report, form, blank = context.report, context.form, context.blank
    shape = _shape(form.name)
    if not blank:  # the usual case: nothing to say
        return context.tally("C1", [], sum(len(by_row) for _table, _cells, by_row in shape.tables))
    skipped = {row.path for _node, others, single in _old_layout(form, blank) for row in (*others, single)}  # C2's
    findings = []
    rows = 0
    for table, cells, by_row in shape.tables:
        if table.path in context.invalid:  # missing, or not a table: the schema has said so
            continue
        missing_here = [cell for cell in cells if cell.path in blank]
        if missing_here and len(missing_here) == len(cells):
            rows += 1
            findings.append(Finding(
                code="C1", level=_level(context), path=table.path, line=report.line(table.path), label=table.title,
                msg=Msg(N_("the whole table is blank ({count} cells); fill in every cell, 0 where there was "
                           "nothing"), {"count": len(cells)}),
                cells=[c.path for c in missing_here], blank=[c.path for c in missing_here]))
            continue
        for row, row_cells in by_row.items():
            rows += 1
            missing = [cell for cell in row_cells if cell.path in blank]
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
    """C2: a group that the form splits into rows, filled as the older form's single row (x-single-row)."""
    report, form = context.report, context.form
    findings = []
    for node, others, single in _old_layout(form, context.blank):
        findings.append(Finding(
            code="C2", level=_level(context), path=node.path, line=report.line(single.path),
            label=form.label(node.path),
            msg=Msg(N_("filled as the single row of an older form: only {last} holds figures and {blank} are blank; "
                       "this form splits the row, so count each application in its row (0 where none)"),
                    {"last": single.title, "blank": [r.title for r in others]}),
            cells=[c.path for c in node.cells()], blank=[c.path for r in others for c in r.cells()]))
    return context.tally("C2", findings, len(_shape(form.name).split))
