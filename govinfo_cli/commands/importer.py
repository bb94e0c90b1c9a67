"""govinfo import: published reports (web pages, PDF, Word, text) into report files (the work: import_run.py)."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from govinfo_cli.commands.app import FormChoice, app
from govinfo_cli.i18n import _
from govinfo_cli.readers import KINDS

KindChoice = Enum("KindChoice", {kind: kind for kind in KINDS}, type=str)  # type: ignore[misc]


@app.command(name="import", help=_("Read published reports (web pages, PDF, Word .docx, text) into report files."))
def import_(
    sources: list[str] = typer.Argument(..., metavar="SOURCE...",
                                        help=_("Published reports: web pages, PDF, Word .docx or text files; "
                                               "folders (every file below them); - = stdin.")),
    output: str | None = typer.Option(None, "-o", "--output", metavar="FILE|DIR",
                                         help=_("Where to write: a file for one source (default: stdout), "
                                                "a folder for several.")),
    form: FormChoice | None = typer.Option(None, "--form", help=_("Form (default: read off the tables).")),
    year: int | None = typer.Option(None, "--year", help=_("Report year (default: from the title).")),
    agency: str | None = typer.Option(None, "--agency", help=_("Agency name (default: from the title).")),
    level: str | None = typer.Option(None, "--level", metavar="LEVEL",
                                        help=_("Agency level: department, county, city or province "
                                               "(default: from the agency's name, where it tells).")),
    previous: Path | None = typer.Option(None, "--previous", metavar="LAST_YEAR.toml",
                                            help=_("Last year's report: its cross-year rules help split "
                                                   "figures that ran together.")),
    split: list[str] = typer.Option([], "--split", metavar="ROW=a|b|c",
                                    help=_("The cells of a row whose figures ran together, as the original "
                                           "shows them (when the rules allow several splits).")),
    from_format: KindChoice | None = typer.Option(None, "--from-format",
                                                     help=_("Read every source as this kind (default: "
                                                            "recognised by content).")),
    force: bool = typer.Option(False, "--force", help=_("Replace report files that exist.")),
    jobs: int | None = typer.Option(None, "--jobs", "-j", min=1, metavar="N",
                                       help=_("Import N sources at a time (default: the number of cores).")),
    quiet: bool = typer.Option(False, "--quiet", "-q", help=_("Print errors only: no warnings, progress "
                                                               "or summary; the exit code still tells.")),
) -> None:
    from govinfo_cli.commands.import_run import run_import

    code = run_import(sources, output, form.value if form else None, year, agency, level,
                      None if previous is None else str(previous), split, from_format.value if from_format else None,
                      force, jobs, quiet)
    if code:
        raise typer.Exit(code)
