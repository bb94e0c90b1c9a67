"""validate: a report against its form's schema and every rule of the catalogue, as a :class:`FileResult`."""

from __future__ import annotations

from govinfo_cli.checks.catalogue import functions
from govinfo_cli.checks.context import Context
from govinfo_cli.checks.findings import FileResult, Finding, sort_key
from govinfo_cli.checks.schema import form_findings
from govinfo_cli.model.messages import Msg
from govinfo_cli.model.report import Report, ReportError, load_report


def parse_finding(error: ReportError) -> Finding:
    """The ``parse`` finding of a file that cannot be read (the catalogue's only check of scope "load")."""
    return Finding(code="parse", level="error", path=None, line=error.line, column=error.column, label="",
                   msg=error.msg)


def check_report(report: Report, previous: Report | None = None) -> list[Finding]:
    """Every finding of the catalogue's checks on ``report`` (and, with ``previous``, across the two years)."""
    form = report.form
    if form is None:
        return form_findings(report)
    context = Context(report, form, previous)
    findings: list[Finding] = []
    for function in functions("report"):
        findings += function(context)
    if previous is not None:
        for function in functions("previous"):
            findings += function(context)
    findings.sort(key=sort_key)
    return findings


def validate_file(path: str, previous: Report | None = None) -> FileResult:
    try:
        report = load_report(path)
    except ReportError as error:
        return FileResult(path=error.path, form=None, year=None, findings=[parse_finding(error)])
    return FileResult(path=report.path, form=report.form_name, year=report.year,
                      findings=check_report(report, previous))


def trouble(path: str, msg: Msg) -> FileResult:
    """The result of a path that is no report file (a folder that cannot be read, one without reports)."""
    return FileResult(path=path, form=None, year=None,
                      findings=[Finding(code="parse", level="error", path=None, line=None, label="", msg=msg)])
