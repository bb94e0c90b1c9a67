"""govinfo diff: last year's report against this year's."""

from __future__ import annotations

import math
from enum import Enum
from pathlib import Path

import typer

from govinfo_cli.commands.app import (
    EXIT_FINDINGS,
    EXIT_TROUBLE,
    app,
    check_output,
    fail,
    load_or_fail,
    output_format,
    write_or_fail,
)
from govinfo_cli.i18n import _


class DiffFormat(str, Enum):
    text = "text"
    markdown = "markdown"
    html = "html"
    json = "json"
    docx = "docx"


@app.command(help=_("Compare last year's report with this year's: cells, headline figures, continuity, "
                     "narrative. Exit 0 when the numbers and texts are the same, 1 when they differ, "
                     "2 on trouble."))
def diff(
    last_year: Path = typer.Argument(..., metavar="LAST_YEAR.toml", help=_("Last year's report.")),
    this_year: Path = typer.Argument(..., metavar="THIS_YEAR.toml", help=_("This year's report.")),
    format: DiffFormat | None = typer.Option(None, "--format", help=_("Output format (default: from the -o "
                                                                        "file's suffix: .txt, .md, .html, .json, "
                                                                        ".docx; else text).")),
    output: str = typer.Option("-", "-o", "--output", metavar="FILE", help=_("Where to write (- = stdout).")),
    force: bool = typer.Option(False, "--force", help=_("Replace FILE if it exists.")),
    show_all: bool = typer.Option(False, "--all", help=_("List unchanged cells too.")),
    threshold: float | None = typer.Option(None, "--threshold", metavar="PERCENT", min=0,
                                              help=_("List only changes of at least PERCENT % (changes from 0 "
                                                     "or blank are always listed).")),
) -> None:
    from decimal import Decimal

    from govinfo_cli.checks.diff import diff_reports
    from govinfo_cli.writers.diff_formats import RENDERERS

    if str(last_year) == str(this_year) == "-":
        fail(_("standard input (-) can be read only once"))
    chosen = output_format(format.value if format else None, output, [f.value for f in DiffFormat])
    check_output(output, chosen, force)
    if threshold is not None and not math.isfinite(threshold):
        fail(_("--threshold must be a number of percent, such as 50"))
    if chosen == "json":  # every answer a JSON document: a file that cannot be compared gets its finding
        before, after = _load_for_json(last_year, this_year)
    else:
        before, after = load_or_fail(last_year), load_or_fail(this_year)
    result = diff_reports(before, after)
    limit = Decimal(str(threshold)) if threshold is not None else None
    if chosen == "docx":
        from govinfo_cli.writers.docx import render_diff_docx

        write_or_fail(render_diff_docx(result, limit, show_all), output, force)
    else:
        write_or_fail(RENDERERS[chosen](result, limit, show_all), output, force)
    if not result.same:
        raise typer.Exit(EXIT_FINDINGS)


def _load_for_json(last_year: Path, this_year: Path):  # -> tuple[Report, Report]
    """Both reports; when one cannot be compared, the JSON document that says why (as validate's) on stdout,
    and exit 2. Never into -o's file: a file is written only with a result, never on trouble."""
    from govinfo_cli.checks.validate import load_checked
    from govinfo_cli.commands.validate_run import trouble_line
    from govinfo_cli.writers.diff_formats import render_trouble

    loaded = [load_checked(str(path)) for path in (last_year, this_year)]
    troubles = [trouble for _report, trouble in loaded if trouble is not None]
    if troubles:
        for trouble in troubles:
            typer.echo(f"govinfo: {trouble_line(trouble)}", err=True)
        write_or_fail(render_trouble(troubles), "-", force=False)
        raise typer.Exit(EXIT_TROUBLE)
    return loaded[0][0], loaded[1][0]
