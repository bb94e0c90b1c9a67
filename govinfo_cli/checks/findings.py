"""Findings: what validate (and diff's continuity checks) report about a file.

A finding's message is a :class:`~govinfo_cli.model.messages.Msg`: rendered when it is
written out, in the language chosen then (see model/messages.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from govinfo_cli.model.messages import Msg, Number, json_number


@dataclass
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


def sort_key(finding: Finding) -> tuple[int, int]:
    return (0 if finding.code == "parse" else 1, finding.line if finding.line is not None else 1 << 30)


@dataclass
class FileResult:
    path: str
    form: str | None
    year: int | None
    findings: list[Finding]

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

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "form": self.form,
            "year": self.year,
            "valid": self.valid,
            "findings": [f.to_json() for f in self.findings],
        }
