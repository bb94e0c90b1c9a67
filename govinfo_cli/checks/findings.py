"""Findings: what validate (and diff's continuity checks) report about a file.

A finding's message is a :class:`~govinfo_cli.model.messages.Msg`: rendered when it is
written out, in the language chosen then (see model/messages.py).
"""

from __future__ import annotations

from govinfo_cli.model.messages import Msg, Number, json_number
from govinfo_cli.record import field, record

TYPE_CHECKING = False  # typing is not imported at run time: every start pays for it
if TYPE_CHECKING:
    from typing import Any


@record
class Finding:
    code: str
    level: str  # "error" or "warning"
    path: str | None
    line: int | None
    label: str
    msg: Msg
    expected: Number | None = None
    actual: Number | None = None
    cells: list[str] = field(default_factory=list)
    blank: list[str] = field(default_factory=list)
    column: int | None = None

    @property
    def message(self) -> str:
        """The message in the current language."""
        return self.msg.render()

    def to_json(self) -> dict[str, Any]:
        msg = self.msg.to_json()
        return {
            "code": self.code,
            "level": self.level,
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "label": self.label,
            "message": self.message,
            "template": msg["template"],
            "args": msg["args"],
            "expected": json_number(self.expected),
            "actual": json_number(self.actual),
            "cells": list(self.cells),
            "blank": list(self.blank),
        }


@record
class RuleState:
    """What became of one code of the catalogue on one report: how many of its instances were
    checked, how many of those failed (each a finding), and how many were not checked, and why.

    A rule that was not checked never reads as held: its status is "not checked" with the reasons.
    """

    code: str
    checked: int = 0
    failed: int = 0
    skipped: dict[str, int] = field(default_factory=dict)  # reason (catalogue.REASONS) -> instances

    @property
    def status(self) -> str:
        if self.failed:
            return "failed"
        return "held" if self.checked else "not checked"

    def skip(self, reason: str, count: int = 1) -> None:
        self.skipped[reason] = self.skipped.get(reason, 0) + count

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "status": self.status, "checked": self.checked, "failed": self.failed,
                "not_checked": [{"reason": reason, "count": count} for reason, count in self.skipped.items()]}


@record(frozen=True)
class Completeness:
    """How much of the form a report fills: cells holding a value, of the cells the form has.

    A legacy header row (unit ——) is not counted: the official table leaves it blank.
    """

    filled: int
    cells: int

    @property
    def complete(self) -> bool:
        return self.filled == self.cells

    @property
    def percent(self) -> int:
        """Rounded down, so that 100 means complete."""
        return 100 * self.filled // self.cells if self.cells else 100

    def to_json(self) -> dict[str, int]:
        return {"filled": self.filled, "cells": self.cells}


def sort_key(finding: Finding) -> tuple[int, int]:
    return (0 if finding.code == "parse" else 1, finding.line if finding.line is not None else 1 << 30)


@record
class FileResult:
    path: str
    form: str | None
    year: int | None
    findings: list[Finding]
    rules: list[RuleState] = field(default_factory=list)  # the form's codes in catalogue order (none: unread)
    completeness: Completeness | None = None

    @property
    def errors(self) -> int:
        return sum(f.level == "error" for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(f.level == "warning" for f in self.findings)

    @property
    def valid(self) -> bool:
        return self.errors == 0

    @property
    def unreadable(self) -> bool:
        return any(f.code == "parse" for f in self.findings)

    @property
    def complete(self) -> bool:
        """Every cell of the form filled (False for a file not read)."""
        return bool(self.completeness and self.completeness.complete)

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "form": self.form,
            "year": self.year,
            "valid": self.valid,
            "completeness": self.completeness.to_json() if self.completeness else None,
            "findings": [f.to_json() for f in self.findings],
            "rules": [r.to_json() for r in self.rules],
        }
