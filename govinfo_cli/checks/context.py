"""What a check is given: the report, its form, last year's report, what the schema found, and
where it records what it checked (a :class:`RuleState` per code)."""

from __future__ import annotations

from functools import cached_property

from govinfo_cli.checks.findings import Finding, RuleState
from govinfo_cli.model.forms import Form
from govinfo_cli.model.report import Report
from govinfo_cli.record import field, record


@record
class Context:
    report: Report
    form: Form
    previous: Report | None = None  # last year's report, for the checks of scope "previous"
    strict: bool = False  # --strict: gaps in the report (blank cells) are errors, not warnings
    states: dict[str, RuleState] = field(default_factory=dict)

    def state(self, code: str) -> RuleState:
        """The record of ``code`` on this report, made when first asked for."""
        found = self.states.get(code)
        if found is None:
            found = self.states[code] = RuleState(code)
        return found

    def tally(self, code: str, findings: list[Finding], checked: int) -> list[Finding]:
        """Record ``checked`` instances of ``code``, of which ``findings`` failed; the findings, for returning."""
        state = self.state(code)
        state.checked += max(checked, len(findings))  # one file, several findings: as many as found
        state.failed += len(findings)
        return findings

    @cached_property
    def schema_findings(self) -> list[Finding]:
        """The schema's findings, worked out once: other checks skip the cells they name."""
        from govinfo_cli.checks.schema import schema_findings

        return schema_findings(self.report, self.form)

    @cached_property
    def blank(self) -> frozenset[str]:
        """The fillable cells that hold nothing (C1, C2 and the completeness count read them)."""
        from govinfo_cli.checks.completeness import blank_paths

        return blank_paths(self.report, self.form)

    @cached_property
    def invalid(self) -> frozenset[str]:
        """Key paths with a schema error: a rule that reads one is not checked (the schema said what is wrong)."""
        return frozenset(f.path for f in self.schema_findings if f.path)
