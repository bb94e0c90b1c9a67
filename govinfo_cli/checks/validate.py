"""validate: a report against its form's schema and every rule of the catalogue, as a :class:`FileResult`."""

from __future__ import annotations

from collections.abc import Callable

from govinfo_cli.checks.catalogue import CATALOGUE, functions
from govinfo_cli.checks.completeness import completeness
from govinfo_cli.checks.context import Context
from govinfo_cli.checks.findings import Completeness, FileResult, Finding, RuleState, sort_key
from govinfo_cli.checks.schema import form_findings
from govinfo_cli.model.messages import Msg
from govinfo_cli.model.report import Report, ReportError, load_report
from govinfo_cli.record import record


@record
class Evaluation:
    findings: list[Finding]
    rules: list[RuleState]  # every code of the catalogue for the report's form, in catalogue order
    completeness: Completeness | None


def parse_finding(error: ReportError) -> Finding:
    """The ``parse`` finding of a file that cannot be read (the catalogue's only check of scope "load")."""
    return Finding(code="parse", level="error", path=None, line=error.line, column=error.column, label="",
                   msg=error.msg)


def evaluate(report: Report, previous: Report | None = None, strict: bool = False) -> Evaluation:
    """Run the catalogue's checks on ``report`` (with ``previous``, those across two years too).

    Every code of the form ends with a state: held, failed, or not checked and why (a check that
    did not run never reads as passed).
    """
    form = report.form
    if form is None:
        return Evaluation(form_findings(report), [], None)
    context = Context(report, form, previous, strict)
    findings: list[Finding] = []
    for function in functions("report"):
        findings += function(context)
    if previous is not None:
        for function in functions("previous"):
            findings += function(context)
    findings.sort(key=sort_key)
    states = []
    for check in CATALOGUE:
        if form.name not in check.forms or check.scope == "load":
            continue
        state = context.state(check.code)
        if check.scope == "previous" and previous is None:
            state.skip("no-previous")
        elif check.scope == "diff":
            state.skip("diff-only")
        states.append(state)
    return Evaluation(findings, states, completeness(report, context.blank))


def check_report(report: Report, previous: Report | None = None, strict: bool = False) -> list[Finding]:
    """Every finding of the catalogue's checks on ``report``."""
    return evaluate(report, previous, strict).findings


def check_file(path: str, previous: Report | None = None, strict: bool = False,
               load: Callable[[str], Report] = load_report) -> tuple[FileResult, Report | None]:
    """A file's :class:`FileResult`, and the report read by ``load`` (None when it could not be read)."""
    try:
        report = load(path)
    except ReportError as error:
        return FileResult(path=error.path, form=None, year=None, findings=[parse_finding(error)]), None
    evaluation = evaluate(report, previous, strict)
    return FileResult(path=report.path, form=report.form_name, year=report.year, findings=evaluation.findings,
                      rules=evaluation.rules, completeness=evaluation.completeness), report


def load_checked(path: str) -> tuple[Report | None, FileResult | None]:
    """A report of a known form, or None and the result that says why there is none (its ``parse``
    finding, or the finding on its ``form``), as validate gives it."""
    try:
        report = load_report(path)
    except ReportError as error:
        return None, FileResult(path=error.path, form=None, year=None, findings=[parse_finding(error)])
    if report.form is None:
        return None, FileResult(path=report.path, form=None, year=report.year, findings=form_findings(report))
    return report, None


def validate_file(path: str, previous: Report | None = None, strict: bool = False) -> FileResult:
    return check_file(path, previous, strict)[0]


def trouble(path: str, msg: Msg) -> FileResult:
    """The result of a path that is no report file (a folder that cannot be read, one without reports)."""
    return FileResult(path=path, form=None, year=None,
                      findings=[Finding(code="parse", level="error", path=None, line=None, label="", msg=msg)])
