"""govinfo sum: reports of one year added up cell by cell (逐级汇总), as a report file or JSON."""

from __future__ import annotations

import sys
from enum import Enum

import typer

from govinfo_cli.commands.app import EXIT_FINDINGS, EXIT_TROUBLE, app, fail, write_or_fail
from govinfo_cli.i18n import _, ngettext


class SumFormat(str, Enum):
    toml = "toml"
    json = "json"


@app.command(name="sum", help=_("Add up reports of one year cell by cell (逐级汇总): a county's departments and "
                                "townships, a city's departments and counties. Every report is validated first."))
def sum_command(
    files: list[str] = typer.Argument(..., metavar="FILE|FOLDER...",
                                      help=_("Report files, or folders (every *.toml below them); - = stdin.")),
    output: str = typer.Option("-", "-o", "--output", metavar="FILE",
                               help=_("Where to write the sum (- = stdout).")),
    force: bool = typer.Option(False, "--force", help=_("Replace FILE if it exists.")),
    agency: str | None = typer.Option(None, "--agency", help=_("Agency name (机关名称) of the sum.")),
    level: str | None = typer.Option(None, "--level", metavar="LEVEL",
                                        help=_("Level of the agency that publishes the sum (机关层级: county, city, "
                                               "province…).")),
    year: int | None = typer.Option(None, "--year", help=_("Report year (default: the first report's); "
                                                              "a report of another year stops the sum.")),
    format: SumFormat = typer.Option(SumFormat.toml, "--format",
                                     help=_("Output format: a report file, or JSON with each report's share.")),
    allow_errors: bool = typer.Option(False, "--allow-errors",
                                      help=_("Sum reports that have validation errors too (they are named).")),
    explain: str | None = typer.Option(None, "--explain", metavar="CELL",
                                          help=_("Print what each report added to CELL (a key path such as "
                                                 "requests.new.total) instead of the sum.")),
    jobs: int | None = typer.Option(None, "--jobs", "-j", min=1, metavar="N",
                                       help=_("Read N files at a time (default: the number of cores).")),
) -> None:
    from govinfo_cli.checks.batch import default_jobs, expand, map_reports
    from govinfo_cli.compute.sum import Sum, examine
    from govinfo_cli.model.forms import FORMS, load_form

    if files.count("-") > 1:
        fail(_("standard input (-) can be read only once"))
    if level is not None:
        levels = sorted({v for name in FORMS for v in load_form(name).agency_fields["level"].choices})
        if level not in levels:
            fail(_("--level must be one of: {levels}").format(levels=", ".join(levels)))
    stdin = examine("-") if "-" in files else None
    total = Sum(year, allow_errors)
    try:
        for summand in map_reports(examine, expand(files, stdin), jobs or default_jobs()):
            total.add(summand)
        _finish(total, output, force, format, explain, agency, level)
    finally:
        total.close()


def _finish(total, output: str, force: bool, format: SumFormat, explain: str | None, agency: str | None,
            level: str | None) -> None:
    from govinfo_cli.writers import sum_formats

    for notice in total.refusals:
        typer.echo(f"govinfo: {notice.message}", err=True)
    if total.refusals:
        trouble = any(n.kind != "flawed" for n in total.refusals)
        typer.echo("govinfo: " + (_("not summed: every report must be readable, of the sum's year and of a form "
                                    "that maps to the sum's") if trouble else
                                  _("not summed: fix the reports above, or sum them as they are with "
                                    "--allow-errors")), err=True)
        raise typer.Exit(EXIT_TROUBLE if trouble else EXIT_FINDINGS)
    if total.count == 0:
        fail(_("no report to sum"))
    form = total.form
    wrong_year = form.year_error(total.year)
    if wrong_year:
        fail(wrong_year)
    if explain is not None:
        if explain not in form.cells:
            fail(_("{cell} is not a cell of form {form}; give a key path such as {example}").format(
                cell=explain, form=form.name, example=next(iter(form.cells))))
        for line in sum_formats.explain(total, explain):
            typer.echo(line)
        return
    for notice in total.notices():
        typer.echo(f"govinfo: {notice.message}", err=True)
    if format is SumFormat.json:
        pieces = sum_formats.json_pieces(total, agency, level)
    else:
        pieces = sum_formats.report_pieces(total, agency, level)
    write_or_fail(pieces, output, force)
    if output != "-":
        typer.echo("govinfo: " + ngettext("{count} report summed into {path} (form {form}, year {year})",
                                          "{count} reports summed into {path} (form {form}, year {year})",
                                          total.count).format(
            count=total.count, path=output, form=form.name, year=total.year), err=True)
    sys.stdout.flush()
