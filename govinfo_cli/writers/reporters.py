"""Validation results as text (for people) or JSON (for scripts).

A result is written from its :class:`FileResult`, or — in a batch, where worker processes
check the files — from a :class:`Rendered` that a worker made: its text already written out,
with the counts the summary needs, so that the results do not travel as objects and the
parent has only to print (see checks/batch.py).
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from govinfo_cli.checks.findings import FileResult, Finding, RuleState
from govinfo_cli.i18n import _
from govinfo_cli.record import record
from govinfo_cli.term import clean, paint

TYPE_CHECKING = False  # typing is not imported at run time: every start pays for it
if TYPE_CHECKING:
    from typing import Any, TextIO

JSON_VERSION = 2  # schemas/validate-result.schema.json


@record
class Rendered:
    """A file's result as written out (text or JSON), and its counts."""

    text: str
    errors: int
    warnings: int
    unreadable: bool
    complete: bool

    @property
    def valid(self) -> bool:
        return self.errors == 0


def _counts(result: FileResult, text: str) -> Rendered:
    return Rendered(text, result.errors, result.warnings, result.unreadable, result.complete)


def render_text(result: FileResult, quiet: bool = False, color: bool = False, strict: bool = False) -> Rendered:
    """A result's finding lines, as :func:`write_text` writes them (in a worker process)."""
    return _counts(result, findings_text(result, quiet, color, strict))


def render_json(result: FileResult) -> Rendered:
    """A result's JSON, as :func:`write_json` writes it (in a worker process)."""
    return _counts(result, dumps(result.to_json()))


class Summary:
    def __init__(self) -> None:
        self.files = self.valid = self.errors = self.warnings = self.complete = 0

    def add(self, result: FileResult | Rendered) -> None:
        self.files += 1
        self.valid += result.valid
        self.errors += result.errors
        self.warnings += result.warnings
        self.complete += result.complete

    def to_json(self) -> dict[str, int]:
        return {"files": self.files, "valid": self.valid, "errors": self.errors, "warnings": self.warnings,
                "complete": self.complete}


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
    return f"{paint(clean(where), 'path', color)}: " + _("{level} {code}{subject}: {message}").format(
        level=level, code=finding.code, subject=clean(subject), message=clean(finding.message))


def findings_text(result: FileResult, quiet: bool = False, color: bool = False, strict: bool = False) -> str:
    """One line per finding; with ``quiet`` only those that make the exit code non-zero."""
    return "".join(finding_line(result.path, finding, color) + "\n" for finding in result.findings
                   if not quiet or finding.level == "error" or strict)


def write_text(results: Iterable[FileResult | Rendered], out: TextIO, quiet: bool = False, color: bool = False,
               strict: bool = False) -> Summary:
    """One line per finding (file:line: level code label [path]: message).

    A single file ends with what became of it: its counts, how complete it is, and each rule's
    state (held, failed, not checked and why); several files end with a summary line. ``quiet``
    prints only the findings that make the exit code non-zero: errors, and warnings under ``strict``.
    """
    summary = Summary()
    last: FileResult | Rendered | None = None
    for result in results:
        summary.add(result)
        last = result
        out.write(result.text if isinstance(result, Rendered) else findings_text(result, quiet, color, strict))
        out.flush()
    if quiet:
        return summary
    if summary.files == 1 and isinstance(last, FileResult):  # one file is checked here, never by a worker
        out.write("".join(line + "\n" for line in file_summary(last)))
    elif summary.files > 1:
        out.write(_("{files} files: {valid} valid, {complete} with every cell filled; errors: {errors}, "
                    "warnings: {warnings}").format(**summary.to_json()) + "\n")
    return summary


def file_summary(result: FileResult) -> list[str]:
    """What became of one file: its counts and completeness, then the rules held, failed and not checked."""
    if result.unreadable or result.form is None:
        return []  # its one finding says what is wrong
    counts = _("no findings") if not result.findings else _("errors: {errors}, warnings: {warnings}").format(
        errors=result.errors, warnings=result.warnings)
    head = _("{path}: {counts} (form {form}, year {year})").format(
        path=clean(result.path), counts=counts, form=result.form, year=result.year)
    if result.completeness is not None:
        head += _("; cells filled: {filled} of {cells}").format(**result.completeness.to_json())
    return [head, *("  " + line for line in rule_lines(result))]


def rule_lines(result: FileResult) -> list[str]:
    """``held: …``, ``failed: …``, ``not checked: … (why)``: the state of every rule on one file."""
    lines = []
    for status, word in (("held", _("held")), ("failed", _("failed"))):
        codes = [r.code for r in result.rules if r.status == status]
        if codes:
            lines.append(_("{word}: {codes}").format(word=word, codes=" ".join(codes)))
    unchecked = [r for r in result.rules if r.status == "not checked"]
    if unchecked:
        groups = _("; ").join(_unchecked_groups(unchecked))
        lines.append(_("{word}: {codes}").format(word=_("not checked"), codes=groups))
    return lines


def _unchecked_groups(states: list[RuleState]) -> list[str]:
    """``R7 R9 years (no last year's report …)``: the codes grouped by why they were not checked."""
    groups: dict[str, list[str]] = {}
    for state in states:
        groups.setdefault(reason_text(state), []).append(state.code)
    return [_("{codes} ({reason})").format(codes=" ".join(codes), reason=reason) for reason, codes in groups.items()]


def reason_text(state: RuleState) -> str:
    """Why a rule, or some of its instances, were not checked: the catalogue's reasons, in words."""
    from govinfo_cli.checks.catalogue import REASONS

    return _("; ").join(_(REASONS[reason]) for reason in state.skipped)


def write_json(results: Iterable[FileResult | Rendered], out: TextIO) -> Summary:
    """One JSON document, streamed file by file (see schemas/validate-result.schema.json)."""
    summary = Summary()
    out.write(f'{{"version": {JSON_VERSION}, "files": [')
    for index, result in enumerate(results):
        summary.add(result)
        text = result.text if isinstance(result, Rendered) else dumps(result.to_json())
        out.write(("," if index else "") + "\n  " + text)
        out.flush()
    out.write('\n], "summary": ' + dumps(summary.to_json()) + "}\n")
    return summary


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=False)
