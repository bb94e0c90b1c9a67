"""validate --format html: the office's overview of many reports, one standalone page.

A row per report (agency, level, form, year, completeness, errors, warnings, published on
time), sortable and filterable in the browser by a little inline script (no server, no
file fetched), each row opening that report's findings. Rows are written as they come.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TextIO

from govinfo_cli.checks.overview import Row
from govinfo_cli.i18n import _, ngettext
from govinfo_cli.writers.reporters import Summary, finding_line, rule_lines


def write_page(rows: Iterable[Row], out: TextIO) -> Summary:
    """The page, written to ``out`` piece by piece; the counts of what it listed."""
    from govinfo_cli.i18n import current_language
    from govinfo_cli.resources import template

    summary = Summary()

    def counted() -> Iterator[Row]:
        for row in rows:
            summary.add(row.result)
            yield row

    page = template("overview.html.j2").generate(
        rows=counted(), summary=summary, lang="zh-CN" if current_language() == "zh" else "en",
        _=_, finding_line=finding_line, rule_lines=rule_lines, on_time=on_time_text, summary_line=summary_line)
    for piece in page:
        out.write(piece)
    out.flush()
    return summary


def on_time_text(row: Row) -> str:
    if row.on_time is None:
        return _("not known (no publication date)") if row.due else "—"
    if row.on_time:
        return _("yes: {published} (deadline {due})").format(published=row.published, due=row.due)
    return _("no: {published} (deadline {due})").format(published=row.published, due=row.due)


def summary_line(summary: Summary) -> str:
    """``12 files: 10 valid, 1 error, 3 warnings`` (each count with its own plural)."""
    return _("{files}: {valid} valid, {errors}, {warnings}").format(
        files=ngettext("{count} file", "{count} files", summary.files).format(count=summary.files),
        valid=summary.valid,
        errors=ngettext("{count} error", "{count} errors", summary.errors).format(count=summary.errors),
        warnings=ngettext("{count} warning", "{count} warnings", summary.warnings).format(count=summary.warnings))
