"""govinfo validate: reports (files, folders, stdin) against their form, as text or JSON."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from govinfo_cli.checks.catalogue import codes_text, cross_year_rules
from govinfo_cli.commands.app import app
from govinfo_cli.i18n import _


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
    from govinfo_cli.commands.validate_run import run_validate

    code = run_validate(files, None if previous is None else str(previous), format.value, strict, quiet, jobs)
    if code:
        raise typer.Exit(code)
