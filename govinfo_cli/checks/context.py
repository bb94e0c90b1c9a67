"""What a check is given: the report, its form, last year's report, and what the schema found."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from govinfo_cli.model.forms import Form
from govinfo_cli.model.report import Report

if TYPE_CHECKING:
    from govinfo_cli.checks.findings import Finding


@dataclass
class Context:
    report: Report
    form: Form
    previous: Report | None = None  # last year's report, for the checks of scope "previous"

    @cached_property
    def schema_findings(self) -> list[Finding]:
        """The schema's findings, worked out once: other checks skip the cells they name."""
        from govinfo_cli.checks.schema import schema_findings

        return schema_findings(self.report, self.form)

    @cached_property
    def invalid(self) -> frozenset[str]:
        """Key paths with a schema error: a rule that reads one is not checked (the schema said what is wrong)."""
        return frozenset(f.path for f in self.schema_findings if f.path)
