"""How complete a report is: which of its form's cells are filled."""

from __future__ import annotations

from govinfo_cli.model.forms import Cell
from govinfo_cli.model.report import Report


def blank_cells(report: Report) -> list[Cell]:
    """The cells an editor fills that hold no number, in form order (legacy header rows, blank in the
    official table, are not among them; text where a number belongs counts as blank)."""
    form = report.form
    if form is None:
        return []
    return [cell for path, cell in form.cells.items() if not cell.header and report.number(path) is None]


def completeness(report: Report) -> tuple[int, int]:
    """(cells filled, cells to fill) of the report's form; (0, 0) when the form is not known."""
    form = report.form
    if form is None:
        return 0, 0
    total = sum(not cell.header for cell in form.cells.values())
    return total - len(blank_cells(report)), total
