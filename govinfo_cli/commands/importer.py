"""govinfo import: published reports (web pages, PDF, Word, text) into report files.

One source goes to stdout or ``-o FILE``; several go to ``-o DIR``, one file each
(named after the source), imported in parallel. Exit 0 when every source imported
cleanly, 1 when one needed a warning, 2 when one could not be read or is not a report.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from govinfo_cli.commands.app import EXIT_FINDINGS, EXIT_TROUBLE, FormChoice, app, fail, load_or_fail
from govinfo_cli.i18n import _
from govinfo_cli.readers import KINDS

if TYPE_CHECKING:
    from govinfo_cli.readers.mapping import Options

KindChoice = Enum("KindChoice", {kind: kind for kind in KINDS}, type=str)  # type: ignore[misc]


@dataclass
class Job:
    source: str
    destination: str | None  # None: stdout
    force: bool


@dataclass
class Outcome:
    source: str
    text: str | None = None  # the report, when it goes to stdout
    warnings: list[str] = field(default_factory=list)
    error: str | None = None


_options: Options | None = None  # the mapping options, for the workers (inherited through fork)
_kind: str | None = None


def import_one(job: Job) -> Outcome:
    """Read one source and write its report; every failure is a line of the outcome, never an exception."""
    from govinfo_cli.readers import read_source
    from govinfo_cli.readers.document import SourceError
    from govinfo_cli.readers.mapping import Options, import_document
    from govinfo_cli.writers.output import OutputExists, write_output
    from govinfo_cli.writers.scaffold import imported_report

    outcome = Outcome(source=job.source)
    try:
        document, sha256 = read_source(job.source, _kind)
        result = import_document(document, sha256, _options or Options())
    except SourceError as error:
        outcome.error = str(error)
        return outcome
    text = imported_report(result.form, result.year, result.values, result.agency,
                           {path.removeprefix("text."): t for path, t in result.texts.items()}, result.published,
                           job.source, result.sha256, result.notes + result.warnings)
    outcome.warnings = result.warnings
    if job.destination is None:
        outcome.text = text
        return outcome
    try:
        write_output(text, job.destination, force=job.force)
    except OutputExists:
        outcome.error = _("{path} already exists; use --force to replace it").format(path=job.destination)
    except OSError as error:
        outcome.error = _("cannot write {path}: {reason}").format(path=job.destination,
                                                                  reason=error.strerror or error)
    return outcome


def _prepare() -> None:
    """What every worker needs, loaded once before the fork: the parsers and the forms' layouts."""
    import lxml.html  # noqa: F401
    import pdfplumber  # noqa: F401

    from govinfo_cli.model.forms import FORMS, load_form
    from govinfo_cli.readers import docx, html, pdf, text  # noqa: F401
    from govinfo_cli.readers.document import Document
    from govinfo_cli.readers.mapping import detect_form
    from govinfo_cli.readers.tables import form_rows

    for name in FORMS:
        form_rows(load_form(name))
    detect_form(Document(source="", kind="text", blocks=[]))


def _sources(arguments: list[str]) -> list[str]:
    from govinfo_cli.checks.batch import reports_below

    out: list[str] = []
    for argument in arguments:
        if os.path.isdir(argument):
            found = list(reports_below(argument, suffix=None))
            if not found:
                fail(_("{path}: no files in this folder").format(path=argument))
            out.extend(found)
        else:
            out.append(argument)
    return out


def _jobs(sources: list[str], output: str | None, force: bool) -> list[Job]:
    folder = bool(output and (os.path.isdir(output) or output.endswith(os.sep)))
    if "-" in sources and (len(sources) > 1 or folder):
        fail(_("standard input (-) is imported alone, to stdout or -o FILE"))
    if len(sources) == 1 and not folder:
        return [Job(sources[0], None if output in (None, "-") else output, force)]
    if output in (None, "-"):
        fail(_("{count} sources: give -o DIR, the folder to write one report file each into").format(
            count=len(sources)))
    assert output is not None
    if os.path.exists(output) and not os.path.isdir(output):
        fail(_("{path} is a file; several sources need a folder (-o DIR)").format(path=output))
    try:
        os.makedirs(output, exist_ok=True)
    except OSError as error:
        fail(_("cannot create the folder {path}: {reason}").format(path=output, reason=error.strerror or error))
    jobs: list[Job] = []
    taken: dict[str, str] = {}
    for source in sources:
        destination = os.path.join(output, Path(source).stem + ".toml")
        if destination in taken:
            fail(_("{first} and {second} would both be written to {path}; import them into different folders")
                 .format(first=taken[destination], second=source, path=destination))
        taken[destination] = source
        jobs.append(Job(source, destination, force))
    return jobs


def _splits(given: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in given:
        row, sep, figures = item.partition("=")
        if not sep or not row.strip() or "|" not in figures:
            fail(_("--split {value}: give the row and its figures cut with |, as ROW=64|0|0|2|0|4|70").format(
                value=item))
        out[row.strip()] = figures.strip()
    return out


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
    global _options, _kind
    import sys

    from govinfo_cli.checks.batch import default_jobs, map_reports
    from govinfo_cli.model.forms import load_form
    from govinfo_cli.progress import progress
    from govinfo_cli.readers.mapping import Options

    levels = load_form("2021").agency_fields["level"].choices
    if level is not None and level not in levels:
        fail(_("--level {level}: choose one of {levels}").format(level=level, levels=", ".join(levels)))
    _options = Options(form=form.value if form else None, year=year, agency=agency, level=level,
                       previous=load_or_fail(previous), splits=_splits(split))
    _kind = from_format.value if from_format else None
    work = _jobs(_sources(sources), output, force)
    bar = progress(len(work), quiet)
    counts = {"clean": 0, "warnings": 0, "failed": 0}
    try:
        for outcome in map_reports(import_one, work, jobs or default_jobs(), prepare=_prepare, parallel_min=2,
                                   chunk_max=4):
            bar.advance()
            if outcome.error is not None:
                counts["failed"] += 1
                bar.close()
                typer.echo(f"govinfo: {outcome.source}: {outcome.error}", err=True)
                continue
            counts["warnings" if outcome.warnings else "clean"] += 1
            if outcome.warnings and not quiet:
                bar.close()
                for warning in outcome.warnings:
                    typer.echo(_("{source}: warning: {message}").format(source=outcome.source, message=warning),
                               err=True)
            if outcome.text is not None:
                sys.stdout.write(outcome.text)
                sys.stdout.flush()
    finally:
        bar.close()
    if len(work) > 1 and not quiet:
        typer.echo(_("imported {done} of {total} sources: {clean} clean, {warned} with warnings, "
                     "{failed} failed").format(done=counts["clean"] + counts["warnings"], total=len(work),
                                               clean=counts["clean"], warned=counts["warnings"],
                                               failed=counts["failed"]), err=True)
    if counts["failed"]:
        raise typer.Exit(EXIT_TROUBLE)
    if counts["warnings"]:
        raise typer.Exit(EXIT_FINDINGS)
