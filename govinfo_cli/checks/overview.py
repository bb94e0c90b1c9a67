"""The supervising office's overview of a folder of reports: one row of facts per file, validated in parallel."""

from __future__ import annotations

from collections.abc import Iterator

from govinfo_cli.checks.batch import Item, expand, map_reports
from govinfo_cli.checks.findings import FileResult
from govinfo_cli.model.report import Report
from govinfo_cli.record import record


@record
class Row:
    """One report as the overview lists it: its validation and what the office looks at first."""

    result: FileResult
    agency: str | None = None
    level: str | None = None
    filled: int = 0  # cells filled, of ``cells`` (the result's completeness)
    cells: int = 0
    published: str | None = None
    due: str | None = None  # the deadline for its year and level
    on_time: bool | None = None  # None: no publication date (or no year) to tell

    @property
    def percent(self) -> int | None:
        return None if not self.cells else self.filled * 100 // self.cells


def examine(item: Item | Row) -> Row:
    """Validate one report and read its row (in a worker process); a row or result already known is kept."""
    from govinfo_cli.checks.text import due_date, published_on_time, report_date
    from govinfo_cli.checks.validate import check_file

    if isinstance(item, Row):
        return item
    if isinstance(item, FileResult):
        return Row(result=item)
    result, report = check_file(item, _previous, _strict)
    if report is None or report.form is None:
        return Row(result=result)
    form = report.form
    agency, level = report.get("agency.name"), report.get("agency.level")
    filled, cells = (result.completeness.filled, result.completeness.cells) if result.completeness else (0, 0)
    published, due = report_date(report, form.dated[0]), due_date(report, form)  # the first date: published
    return Row(result=result, agency=agency if isinstance(agency, str) else None,
               level=level if isinstance(level, str) else None, filled=filled, cells=cells,
               published=published.isoformat() if published else None, due=due.isoformat() if due else None,
               on_time=published_on_time(report, form))


_previous: Report | None = None  # last year's report, for the workers (inherited through fork)
_strict = False  # --strict, likewise


def overview_rows(arguments: list[str], previous: Report | None = None, jobs: int = 1,
                  strict: bool = False) -> Iterator[Row]:
    """A row per report of ``arguments`` (files, folders, ``-``), in their order, by up to ``jobs`` processes."""
    global _previous, _strict
    _previous, _strict = previous, strict
    stdin = examine("-") if "-" in arguments else None
    return map_reports(examine, expand(arguments, stdin), jobs)
