"""govinfo validate: reports (files, folders, stdin) against their form, as text or JSON."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import TypeVar

import typer

from govinfo_cli.checks.catalogue import codes_text, cross_year_rules
from govinfo_cli.commands.app import (
    EXIT_FINDINGS,
    EXIT_TROUBLE,
    app,
    fail,
    load_or_fail,
    trouble_line,
)
from govinfo_cli.i18n import _

T = TypeVar("T")


class ValidateFormat(str, Enum):
    text = "text"
    json = "json"
    html = "html"


@app.command(help=_("Check reports against the form: schema, arithmetic, cross-year and text rules."))
def validate(
    files: list[str] = typer.Argument(..., metavar="FILE|FOLDER...",
                                      help=_("Report files, or folders (every *.toml below them); - = stdin.")),
    previous: Path | None = typer.Option(None, "--previous", metavar="LAST_YEAR.toml",
                                         help=_("Last year's report, for the cross-year rules ({codes}).").format(
                                             codes=codes_text(cross_year_rules()))),
    format: ValidateFormat = typer.Option(ValidateFormat.text, "--format",
                                          help=_("Output format; html: one overview page of all the reports "
                                                 "(sortable, filterable, each row opening its findings).")),
    strict: bool = typer.Option(False, "--strict", help=_("Exit 1 on warnings too.")),
    quiet: bool = typer.Option(False, "--quiet", "-q",
                               help=_("Print only the findings that make the exit code non-zero "
                                      "(errors; warnings too with --strict).")),
    jobs: int | None = typer.Option(None, "--jobs", "-j", min=1, metavar="N",
                                       help=_("Check N files at a time (default: the number of cores); "
                                              "the output order stays that of the arguments.")),
) -> None:
    from govinfo_cli.checks.batch import default_jobs, expand, validate_many
    from govinfo_cli.checks.validate import validate_file
    from govinfo_cli.term import color_enabled
    from govinfo_cli.writers.reporters import write_json, write_text

    if files.count("-") + (str(previous) == "-") > 1:
        fail(_("standard input (-) can be read only once"))
    if format is ValidateFormat.json and previous is not None:  # JSON in every case: the file's finding
        from govinfo_cli.checks.validate import load_checked

        last, trouble = load_checked(str(previous))
        if trouble is not None:
            typer.echo(f"govinfo: {trouble_line(trouble)}", err=True)
            write_json([trouble], sys.stdout)
            raise typer.Exit(EXIT_TROUBLE)
    else:
        last = load_or_fail(previous)
    state = {"trouble": False}
    if format is ValidateFormat.html:
        from govinfo_cli.checks.overview import overview_rows
        from govinfo_cli.writers.overview import write_page

        rows = overview_rows(files, last, jobs or default_jobs(), strict)
        summary = write_page((_noted(row, row.result, state) for row in rows), sys.stdout)
    else:
        stdin_result = validate_file("-", last, strict) if "-" in files else None
        results = (_noted(result, result, state) for result in
                   validate_many(expand(files, stdin_result), last, jobs or default_jobs(), strict))
        if format is ValidateFormat.json:
            summary = write_json(results, sys.stdout)
        else:
            summary = write_text(results, sys.stdout, quiet=quiet, color=color_enabled(sys.stdout), strict=strict)
    if state["trouble"]:
        raise typer.Exit(EXIT_TROUBLE)
    if summary.errors or (strict and summary.warnings):
        raise typer.Exit(EXIT_FINDINGS)


def _noted(item: T, result, state: dict[str, bool]) -> T:
    """``item`` as it passes, noting whether its file could not be read (exit 2)."""
    state["trouble"] |= result.unreadable
    return item
