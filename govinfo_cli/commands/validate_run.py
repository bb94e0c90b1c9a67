"""What ``govinfo validate`` does once its arguments are read, with no command-line framework in sight.

The Typer command (commands/validate.py) and the start-up fast path (govinfo_cli/quick.py) both
call :func:`run_validate`, so the two can never do different things.
"""

from __future__ import annotations

import functools
import sys

from govinfo_cli.i18n import _

TYPE_CHECKING = False  # typing is not imported at run time: every start pays for it
if TYPE_CHECKING:
    from typing import Any, TypeVar

    from govinfo_cli.checks.findings import FileResult
    from govinfo_cli.model.report import Report

    T = TypeVar("T")

EXIT_FINDINGS, EXIT_TROUBLE = 1, 2  # 0 is a normal return



class Trouble(Exception):
    """Input the command cannot work with: one line on stderr (``govinfo: …``), exit 2; for a file,
    its result as validate gives it (its parse finding, or its form's), for an answer in JSON."""

    def __init__(self, message: str, result: FileResult | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.result = result


def say_trouble(message: str) -> int:
    sys.stderr.write(f"govinfo: {message}\n")
    sys.stderr.flush()
    return EXIT_TROUBLE


def load_known_report(path: str) -> Report:
    """A report of a known form, or :class:`Trouble` saying why not (the file's own finding)."""
    from govinfo_cli.checks.validate import load_checked

    report, trouble = load_checked(path)
    if report is None:
        assert trouble is not None
        raise Trouble(trouble_line(trouble), trouble)
    return report


def trouble_line(result: FileResult) -> str:
    """``path:line:column: message`` of the finding that says why a file cannot be used."""
    finding = result.findings[0]
    where = result.path
    if finding.line is not None:
        where += f":{finding.line}" + (f":{finding.column}" if finding.column is not None else "")
    return f"{where}: {finding.message}"


def run_validate(files: list[str], previous: str | None = None, fmt: str = "text", strict: bool = False,
                 quiet: bool = False, jobs: int | None = None) -> int:
    """Validate ``files`` (files, folders, ``-``) and write the results to stdout; the exit code."""
    from govinfo_cli.checks.batch import default_jobs, expand, validate_many
    from govinfo_cli.checks.validate import validate_file
    from govinfo_cli.term import color_enabled
    from govinfo_cli.writers.reporters import render_json, render_text, write_json, write_text

    if files.count("-") + (previous == "-") > 1:
        return say_trouble(_("standard input (-) can be read only once"))
    try:
        last = load_known_report(previous) if previous is not None else None
    except Trouble as trouble:
        if fmt == "json" and trouble.result is not None:  # JSON in every case: the file's finding
            write_json([trouble.result], sys.stdout)
        return say_trouble(trouble.message)
    state = {"trouble": False}
    summary: Any
    if fmt == "html":
        from govinfo_cli.checks.overview import overview_rows
        from govinfo_cli.writers.overview import write_page

        rows = overview_rows(files, last, jobs or default_jobs(), strict)
        summary = write_page((_noted(row, row.result, state) for row in rows), sys.stdout)
    else:
        stdin_result = validate_file("-", last, strict) if "-" in files else None
        color = color_enabled(sys.stdout)
        # workers write their results out themselves: the text travels back, not the findings
        in_worker = render_json if fmt == "json" else functools.partial(render_text, quiet=quiet, color=color,
                                                                       strict=strict)
        results = (_noted(result, result, state) for result in
                   validate_many(expand(files, stdin_result), last, jobs or default_jobs(), strict, in_worker))
        if fmt == "json":
            summary = write_json(results, sys.stdout)
        else:
            summary = write_text(results, sys.stdout, quiet=quiet, color=color, strict=strict)
    if state["trouble"]:
        return EXIT_TROUBLE
    if summary.errors or (strict and summary.warnings):
        return EXIT_FINDINGS
    return 0


def _noted(item: T, result: Any, state: dict[str, bool]) -> T:
    """``item`` as it passes, noting whether its file could not be read (exit 2)."""
    state["trouble"] |= result.unreadable
    return item
