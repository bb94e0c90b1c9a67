"""What ``govinfo import`` does once its arguments are read, with no command-line framework in sight.

One source goes to stdout or ``-o FILE``; several go to ``-o DIR``, one file each
(named after the source), imported in parallel. Exit 0 when every source imported
cleanly, 1 when one needed a warning, 2 when one could not be read or is not a report.

The Typer command (commands/importer.py) and the start-up fast path (govinfo_cli/quick.py) both
call :func:`run_import`, so the two can never do different things.
"""

from __future__ import annotations

import os
import sys

from govinfo_cli.commands.validate_run import EXIT_FINDINGS, EXIT_TROUBLE, Trouble, load_known_report, say_trouble
from govinfo_cli.i18n import _
from govinfo_cli.record import field, record

TYPE_CHECKING = False  # typing is not imported at run time: every start pays for it
if TYPE_CHECKING:
    from collections.abc import Iterable

    from govinfo_cli.readers.mapping import Options


@record
class Job:
    source: str
    destination: str | None  # None: stdout
    force: bool


@record
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
    import lxml.etree  # noqa: F401
    import pdfplumber  # noqa: F401

    from govinfo_cli.model.forms import FORMS, load_form
    from govinfo_cli.readers import docx, html, pdf, text  # noqa: F401
    from govinfo_cli.readers.document import Document
    from govinfo_cli.readers.form_labels import form_rows
    from govinfo_cli.readers.mapping import detect_form

    for name in FORMS:
        form_rows(load_form(name))
    detect_form(Document(source="", kind="text", blocks=[]))


def _sources(arguments: list[str]) -> list[str]:
    out: list[str] = []
    for argument in arguments:
        if os.path.isdir(argument):
            from govinfo_cli.checks.batch import reports_below

            found = list(reports_below(argument, suffix=None))
            if not found:
                raise Trouble(_("{path}: no files in this folder").format(path=argument))
            out.extend(found)
        else:
            out.append(argument)
    return out


def _jobs(sources: list[str], output: str | None, force: bool) -> list[Job]:
    folder = bool(output and (os.path.isdir(output) or output.endswith(os.sep)))
    if "-" in sources and (len(sources) > 1 or folder):
        raise Trouble(_("standard input (-) is imported alone, to stdout or -o FILE"))
    if len(sources) == 1 and not folder:
        return [Job(sources[0], None if output in (None, "-") else output, force)]
    if output in (None, "-"):
        raise Trouble(_("{count} sources: give -o DIR, the folder to write one report file each into").format(
            count=len(sources)))
    assert output is not None
    if os.path.exists(output) and not os.path.isdir(output):
        raise Trouble(_("{path} is a file; several sources need a folder (-o DIR)").format(path=output))
    try:
        os.makedirs(output, exist_ok=True)
    except OSError as error:
        raise Trouble(_("cannot create the folder {path}: {reason}").format(
            path=output, reason=error.strerror or error)) from None
    jobs: list[Job] = []
    taken: dict[str, str] = {}
    for source in sources:
        destination = os.path.join(output, _stem(source) + ".toml")
        if destination in taken:
            raise Trouble(_("{first} and {second} would both be written to {path}; import them into different "
                            "folders").format(first=taken[destination], second=source, path=destination))
        taken[destination] = source
        jobs.append(Job(source, destination, force))
    return jobs


def _stem(path: str) -> str:
    from pathlib import Path

    return Path(path).stem


def _splits(given: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in given:
        row, sep, figures = item.partition("=")
        if not sep or not row.strip() or "|" not in figures:
            raise Trouble(_("--split {value}: give the row and its figures cut with |, as ROW=64|0|0|2|0|4|70")
                          .format(value=item))
        out[row.strip()] = figures.strip()
    return out


def _say(line: str) -> None:
    """``line`` on stderr as click.echo wrote it: ANSI styles (from a document's text) stripped when
    stderr is no terminal."""
    if "\033" in line and not _terminal(sys.stderr):
        import re

        line = re.sub(r"\033\[[;?0-9]*[a-zA-Z]", "", line)
    sys.stderr.write(line + "\n")
    sys.stderr.flush()


def _terminal(stream: object) -> bool:
    try:
        return bool(stream.isatty())  # type: ignore[attr-defined]
    except Exception:  # a replaced stream without isatty (click's own test)
        return False


def run_import(sources: list[str], output: str | None = None, form: str | None = None, year: int | None = None,
               agency: str | None = None, level: str | None = None, previous: str | None = None,
               split: list[str] | None = None, kind: str | None = None, force: bool = False,
               jobs: int | None = None, quiet: bool = False) -> int:
    """Import ``sources`` (files, folders, ``-``) to ``output``; the exit code. Trouble with the
    arguments is one line on stderr and exit 2, before any source is read."""
    try:
        work = _setup(sources, output, form, year, agency, level, previous, split or [], kind, force)
    except Trouble as trouble:
        return say_trouble(trouble.message)
    outcomes: Iterable[Outcome]
    if len(work) == 1:  # the work itself: no workers (nor the batch machinery) to set up
        outcomes = map(import_one, work)
    else:
        from govinfo_cli.checks.batch import default_jobs, map_reports

        outcomes = map_reports(import_one, work, jobs or default_jobs(), prepare=_prepare, parallel_min=2,
                               chunk_max=4)
    return _report(outcomes, len(work), quiet)


def _setup(sources: list[str], output: str | None, form: str | None, year: int | None, agency: str | None,
           level: str | None, previous: str | None, split: list[str], kind: str | None, force: bool) -> list[Job]:
    """The jobs, with the options every job reads set; :class:`Trouble` for arguments that cannot be."""
    global _options, _kind
    from govinfo_cli.model.forms import load_form
    from govinfo_cli.readers.mapping import Options

    levels = load_form("2021").agency_fields["level"].choices
    if level is not None and level not in levels:
        raise Trouble(_("--level {level}: choose one of {levels}").format(level=level, levels=", ".join(levels)))
    _options = Options(form=form, year=year, agency=agency, level=level,
                       previous=None if previous is None else load_known_report(previous), splits=_splits(split))
    _kind = kind
    return _jobs(_sources(sources), output, force)


def _report(outcomes: Iterable[Outcome], total: int, quiet: bool) -> int:
    """Each outcome said as it comes (the report to stdout, errors and warnings to stderr); the exit code."""
    from govinfo_cli.progress import progress

    bar = progress(total, quiet)
    counts = {"clean": 0, "warnings": 0, "failed": 0}
    try:
        for outcome in outcomes:
            bar.advance()
            if outcome.error is not None:
                counts["failed"] += 1
                bar.close()
                _say(f"govinfo: {outcome.source}: {outcome.error}")
                continue
            counts["warnings" if outcome.warnings else "clean"] += 1
            if outcome.warnings and not quiet:
                bar.close()
                for warning in outcome.warnings:
                    _say(_("{source}: warning: {message}").format(source=outcome.source, message=warning))
            if outcome.text is not None:
                sys.stdout.write(outcome.text)
                sys.stdout.flush()
    finally:
        bar.close()
    if total > 1 and not quiet:
        _say(_("imported {done} of {total} sources: {clean} clean, {warned} with warnings, "
               "{failed} failed").format(done=counts["clean"] + counts["warnings"], total=total,
                                         clean=counts["clean"], warned=counts["warnings"], failed=counts["failed"]))
    if counts["failed"]:
        return EXIT_TROUBLE
    if counts["warnings"]:
        return EXIT_FINDINGS
    return 0
