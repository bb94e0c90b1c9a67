"""govinfo validate: reports (files, folders, stdin) against their form, as text or JSON."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path

import typer

from govinfo_cli.checks.catalogue import codes_text, cross_year_rules
from govinfo_cli.commands.app import (
    EXIT_FINDINGS,
    EXIT_TROUBLE,
    app,
    fail,
    load_or_fail,
)
from govinfo_cli.i18n import _


class ValidateFormat(str, Enum):
    text = "text"
    json = "json"


@app.command(help=_("Check reports against the form: schema, arithmetic, cross-year and text rules."))
def validate(
    files: list[str] = typer.Argument(..., metavar="FILE|FOLDER...",
                                      help=_("Report files, or folders (every *.toml below them); - = stdin.")),
    previous: Path | None = typer.Option(None, "--previous", metavar="LAST_YEAR.toml",
                                            help=_("Last year's report, for the cross-year rules ({codes}).").format(
                                                codes=codes_text(cross_year_rules()))),
    format: ValidateFormat = typer.Option(ValidateFormat.text, "--format", help=_("Output format.")),
    strict: bool = typer.Option(False, "--strict", help=_("Exit 1 on warnings too.")),
    quiet: bool = typer.Option(False, "--quiet", "-q", help=_("Print errors only; the exit code still tells.")),
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
    last = load_or_fail(previous)
    stdin_result = validate_file("-", last) if "-" in files else None
    state = {"trouble": False}

    def results():
        for result in validate_many(expand(files, stdin_result), last, jobs or default_jobs()):
            state["trouble"] |= result.unreadable
            yield result

    if format is ValidateFormat.json:
        summary = write_json(results(), sys.stdout)
    else:
        summary = write_text(results(), sys.stdout, quiet=quiet, color=color_enabled(sys.stdout))
    if state["trouble"]:
        raise typer.Exit(EXIT_TROUBLE)
    if summary.errors or (strict and summary.warnings):
        raise typer.Exit(EXIT_FINDINGS)
