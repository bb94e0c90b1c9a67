"""Validation results as text (for people) or JSON (for scripts)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TextIO

from govinfo_cli.checks.findings import FileResult, Finding
from govinfo_cli.i18n import _
from govinfo_cli.term import clean, paint

JSON_VERSION = 2  # schemas/validate-result.schema.json


class Summary:
    def __init__(self) -> None:
        self.files = self.valid = self.errors = self.warnings = 0

    def add(self, result: FileResult) -> None:
        self.files += 1
        self.valid += result.valid
        self.errors += result.errors
        self.warnings += result.warnings

    def to_json(self) -> dict[str, int]:
        return {"files": self.files, "valid": self.valid, "errors": self.errors, "warnings": self.warnings}


def level_word(level: str) -> str:
    return _("error") if level == "error" else _("warning")


def finding_line(path: str, finding: Finding, color: bool = False) -> str:
    where = path
    if finding.line is not None:
        where += f":{finding.line}" + (f":{finding.column}" if finding.column is not None else "")
    subject = ""
    if finding.label and finding.path:
        subject = f" {finding.label} [{finding.path}]"
    elif finding.path:
        subject = f" [{finding.path}]"
    level = paint(level_word(finding.level), finding.level if finding.level in ("error", "warning") else "dim", color)
    # Paths and messages quote the file: its control characters must not reach the terminal.
    return f"{paint(clean(where), 'path', color)}: {level} {finding.code}{clean(subject)}: {clean(finding.message)}"


def write_text(results: Iterable[FileResult], out: TextIO, quiet: bool = False, color: bool = False) -> Summary:
    """One line per finding (file:line: level code label [path]: message).

    A single file with no findings says so in one line; several files end with a summary line.
    """
    summary = Summary()
    last: FileResult | None = None
    for result in results:
        summary.add(result)
        last = result
        for finding in result.findings:
            if quiet and finding.level != "error":
                continue
            out.write(finding_line(result.path, finding, color) + "\n")
        out.flush()
    if quiet:
        return summary
    if summary.files == 1 and last is not None and not last.findings:
        out.write(_("{path}: no findings (form {form}, year {year})").format(
            path=last.path, form=last.form, year=last.year) + "\n")
    elif summary.files > 1:
        out.write(_("{files} files: {valid} valid, {errors} errors, {warnings} warnings").format(
            **summary.to_json()) + "\n")
    return summary


def write_json(results: Iterable[FileResult], out: TextIO) -> Summary:
    """One JSON document, streamed file by file (see schemas/validate-result.schema.json)."""
    summary = Summary()
    out.write(f'{{"version": {JSON_VERSION}, "files": [')
    for index, result in enumerate(results):
        summary.add(result)
        out.write(("," if index else "") + "\n  " + dumps(result.to_json()))
        out.flush()
    out.write('\n], "summary": ' + dumps(summary.to_json()) + "}\n")
    return summary


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=False)
