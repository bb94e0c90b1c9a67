"""Findings: what validate (and diff's continuity checks) report about a file."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

Number = int | Decimal


@dataclass
class Finding:
    code: str
    level: str  # "error" or "warning"
    path: str | None
    line: int | None
    label: str
    message: str
    expected: Number | None = None
    actual: Number | None = None
    cells: list[str] = field(default_factory=list)
    blank: list[str] = field(default_factory=list)
    column: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "level": self.level,
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "label": self.label,
            "message": self.message,
            "expected": json_number(self.expected),
            "actual": json_number(self.actual),
            "cells": list(self.cells),
            "blank": list(self.blank),
        }


def json_number(value: Number | None) -> int | float | None:
    if value is None or isinstance(value, int):
        return value
    return int(value) if value == value.to_integral_value() and value.as_tuple().exponent >= 0 else float(value)


def format_number(value: Number) -> str:
    """Counts as integers, money with the decimals it was written with."""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


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
