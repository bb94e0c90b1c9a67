"""validate: a report against its form's schema and every rule, as a :class:`FileResult`."""

from __future__ import annotations

from collections.abc import Callable

from govinfo_cli.checks.arithmetic import Evaluator
from govinfo_cli.checks.findings import FileResult, Finding, sort_key
from govinfo_cli.checks.schema import form_findings, schema_findings
from govinfo_cli.checks.text import text_findings
from govinfo_cli.i18n import _
from govinfo_cli.model.report import Report, ReportError, load_report


def parse_finding(error: ReportError) -> Finding:
    return Finding(code="parse", level="error", path=None, line=error.line, column=error.column, label="",
                   message=error.message)


def continuity_findings(report: Report, previous: Report, invalid: frozenset[str] = frozenset()) -> list[Finding]:
    """The cross-year rules (R7, R8, R9): this year's report against last year's."""
    form = report.form
    if form is None:
        return []
    if report.year is not None and previous.year is not None and previous.year != report.year - 1:
        # Comparing with another year than the last would only produce false R9 errors.
        return [Finding(
            code="years", level="warning", path="year", line=report.line("year"), label=form.label("year"),
            message=_("last year's report ({previous}) is for {found}, not {expected}; the cross-year rules "
                      "were not checked").format(previous=previous.path, found=previous.year,
                                                 expected=report.year - 1))]
    return Evaluator(form, report, previous, invalid).run(cross_year=True)


def check_report(report: Report, previous: Report | None = None) -> list[Finding]:
    form = report.form
    if form is None:
        return form_findings(report)
    findings = schema_findings(report, form)
    invalid = frozenset(f.path for f in findings if f.path)
    findings += Evaluator(form, report, None, invalid).run(cross_year=False)
    if previous is not None:
        findings += continuity_findings(report, previous, invalid)
    findings += text_findings(report, form, invalid)
    findings.sort(key=sort_key)
    return findings


def check_file(path: str, previous: Report | None = None,
               load: Callable[[str], Report] = load_report) -> tuple[FileResult, Report | None]:
    """A file's :class:`FileResult`, and the report read by ``load`` (None when it could not be read)."""
    try:
        report = load(path)
    except ReportError as error:
        return FileResult(path=error.path, form=None, year=None, findings=[parse_finding(error)]), None
    return FileResult(path=report.path, form=report.form_name, year=report.year,
                      findings=check_report(report, previous)), report


def validate_file(path: str, previous: Report | None = None) -> FileResult:
    return check_file(path, previous)[0]
