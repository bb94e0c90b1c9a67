"""Rules about the narrative and dates: N1, R11, R13, R14, R16 (see checks/catalogue.py).

Each function is named for its code and takes a :class:`Context`; the phrases and
limits they use are declared in the schemas and read through the form model.
"""

from __future__ import annotations

import datetime
import re

from govinfo_cli.checks.context import Context
from govinfo_cli.checks.findings import Finding
from govinfo_cli.i18n import N_
from govinfo_cli.model.forms import DEFAULT_LEVEL, Form, PartMarkers, TextFigure
from govinfo_cli.model.messages import Msg
from govinfo_cli.model.report import Report

_SPACE = re.compile(r"\s")
_PUNCTUATION = re.compile(r"[\W_]")  # what is left is words: CJK characters, letters, digits


def _line_in_file(report: Report, fragment: str, section: str) -> int | None:
    """The line of ``fragment`` inside the section's value (not in a comment above it)."""
    start_line = report.line(section)
    if start_line is None:
        return None
    start = 0
    for _number in range(start_line - 1):
        start = report.text.index("\n", start) + 1
    index = report.text.find(fragment, start)
    return start_line if index < 0 else report.text.count("\n", 0, index) + 1


def n1_empty_section(context: Context) -> list[Finding]:
    """N1: a section the form requires holds no text."""
    report, form = context.report, context.form
    findings = []
    checked = 0
    for section in form.sections.values():
        value = report.get(section.path)  # a missing or non-text section is the schema's to report
        if not section.required or not isinstance(value, str):
            continue
        checked += 1
        if not value.strip():
            findings.append(Finding(
                code="N1", level="error", path=section.path, line=report.line(section.path), label=section.title,
                msg=Msg(N_("narrative section is empty; write this section (the form requires it)"))))
    return context.tally("N1", findings, checked)


def n2_says_nothing(context: Context) -> list[Finding]:
    """N2: a section with x-min-chars that says next to nothing (无, 暂无, a few words)."""
    report, form = context.report, context.form
    findings = []
    checked = 0
    for section in form.sections.values():
        if section.min_chars is None:
            continue
        text = _SPACE.sub("", report.text_of(section.path))
        if not text:
            context.state("N2").skip("no-text")  # N1's (or the schema's) to report
            continue
        checked += 1
        if len(_PUNCTUATION.sub("", text)) < section.min_chars:
            findings.append(Finding(
                code="N2", level="warning", path=section.path, line=report.line(section.path), label=section.title,
                msg=Msg(N_("says next to nothing (“{text}”); the format asks for the problems found and what was "
                           "done about each, 实事求是、明确具体 (at least about {limit} characters)"),
                        {"text": text if len(text) <= 20 else text[:19] + "…", "limit": section.min_chars})))
    return context.tally("N2", findings, checked)


def r13_form_compliance(context: Context) -> list[Finding]:
    """R13: what the format asks of the narrative (x-max-chars, x-must-mention in the schema)."""
    report, form = context.report, context.form
    findings = []
    checked = 0
    for section in form.sections.values():
        if not section.max_chars and not section.must_mention:
            continue
        text = report.text_of(section.path)
        if not text.strip():
            context.state("R13").skip("no-text")  # N1's to report (or the schema's)
            continue
        checked += 1
        if section.max_chars:
            length = len(_SPACE.sub("", text))
            if length > section.max_chars:
                findings.append(Finding(
                    code="R13", level="warning", path=section.path, line=report.line(section.path),
                    label=section.title,
                    msg=Msg(N_("{length} characters; the format asks for no more than about {limit}"),
                            {"length": length, "limit": section.max_chars})))
        if section.must_mention and section.must_mention not in text:
            findings.append(Finding(
                code="R13", level="warning", path=section.path, line=report.line(section.path), label=section.title,
                msg=Msg(N_("does not mention {phrase}; the format asks for it in this section"),
                        {"phrase": section.must_mention})))
    return context.tally("R13", findings, checked)


def r14_statistics_period(context: Context) -> list[Finding]:
    """R14: a statistics period stated in the text must be 1月1日 to 12月31日 of the report year."""
    report, form = context.report, context.form
    year = report.year
    if year is None:
        context.state("R14").skip("schema")
        return []
    period = form.period
    findings = []
    checked = 0
    for section in form.sections.values():
        text = report.text_of(section.path)
        if not all(word in text for word in period.required):
            continue
        for match in period.pattern.finditer(text):
            before = text[max(0, match.start() - period.context_chars):match.start()]
            if not period.context.search(before):
                continue
            checked += 1
            start_year, start_month, start_day, end_year, end_month, end_day = match.groups()
            stated = (int(start_year), int(start_month), int(start_day),
                      int(end_year or start_year), int(end_month), int(end_day))
            if stated == (year, 1, 1, year, 12, 31):
                continue
            findings.append(Finding(
                code="R14", level="warning", path=section.path,
                line=_line_in_file(report, match.group(0), section.path), label=section.title,
                msg=Msg(N_("the text states the statistics period as {stated}; it must be {year}年1月1日 to "
                           "{year}年12月31日"), {"stated": match.group(0), "year": year})))
    if not checked:
        context.state("R14").skip("no-period")
    return context.tally("R14", findings, checked)


def r11_text_figures(context: Context) -> list[Finding]:
    """R11: figures stated in the narrative agree with the tables.

    The phrases and the cells they speak of are declared in the schema
    (``x-text-figures``): a pattern with a group ``n`` (or a fixed ``value`` for
    phrases such as 未发生…行政复议) and one or more sets of cells whose sum the
    figure may equal (收到申请75件 may count 本年新收 alone or with 上年结转).
    """
    report, form = context.report, context.form
    findings = []
    checked = 0
    texts = [(section, report.text_of(section.path)) for section in form.sections.values()]
    texts = [(section, text) for section, text in texts if text]
    for figure in form.text_figures if texts else ():
        for section, text in texts:
            if not all(word in text for word in figure.required):  # cannot match: no need to scan (or compile)
                continue
            for match in figure.pattern.finditer(text):
                if _a_part(form.text_parts, figure, text, match):
                    continue
                stated = int(match.group("n")) if figure.value is None else figure.value
                sums = []
                for cells in figure.equals_any:
                    values = [report.number(path) for path in cells]
                    if any(v is not None for v in values):  # wholly blank: nothing to compare with
                        sums.append(sum(v for v in values if v is not None))
                if not sums:
                    context.state("R11").skip("blank")
                    continue
                checked += 1
                if stated in sums:
                    continue
                findings.append(Finding(
                    code="R11", level="warning", path=section.path,
                    line=_line_in_file(report, match.group(0), section.path), label=section.title,
                    msg=Msg(N_("the text says “{quote}”, but the table gives {table} ({label})"),
                            {"quote": match.group(0).strip(), "table": sums[0],
                             "label": figure.label or form.label(figure.equals_any[0][0])}),
                    expected=sums[0], actual=stated, cells=[c for cells in figure.equals_any for c in cells]))
    if not checked and not context.state("R11").skipped:
        context.state("R11").skip("no-figure")
    return context.tally("R11", findings, checked)


_SENTENCE_END = re.compile(r"[。；！？!?;\n]")


def _a_part(parts: PartMarkers, figure: TextFigure, text: str, match: re.Match[str]) -> bool:
    """Whether the figure counts a part (其中区直部门…, 乡镇…, 采购信息…), not the total the table holds."""
    if figure.part_words is not None and figure.part_words.search(match.group(0)):
        return True
    before = text[max(0, match.start() - parts.window):match.start()]
    ends = list(_SENTENCE_END.finditer(before))
    clause = before[ends[-1].end():] if ends else before
    return bool(parts.markers.search(clause))


def report_date(report: Report, path: str) -> datetime.date | None:
    """The date at ``path`` (an ISO date), or None when it is absent or not a date."""
    value = report.get(path)
    try:
        return datetime.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def due_date(report: Report, form: Form) -> datetime.date | None:
    """The last day to publish the report, for its year and its agency's level (None without a year, or
    with one no calendar date can follow)."""
    if report.year is None:
        return None
    try:
        return form.deadline(report.year, report.get("agency.level") or DEFAULT_LEVEL)
    except ValueError:
        return None


def published_on_time(report: Report, form: Form) -> bool | None:
    """Whether the report was published by its deadline (R16's); None when its date or year is not known."""
    published, due = report_date(report, form.dated[0]), due_date(report, form)  # the first date: published
    return None if published is None or due is None else published <= due


def r16_deadline(context: Context) -> list[Finding]:
    """R16: the report is published (and filled) by the deadline for the agency's level."""
    report, form, invalid = context.report, context.form, context.invalid
    year, due = report.year, due_date(report, form)
    if {"year", "agency", "agency.level"} & invalid or year is None or due is None:
        context.state("R16").skip("schema")
        return []  # the schema has said what is wrong with them
    level = report.get("agency.level") or DEFAULT_LEVEL
    findings = []
    checked = 0
    for path in form.dated:
        if path in invalid:
            continue
        date = report_date(report, path)
        if date is None:
            continue
        checked += 1
        if date > due:
            msg = Msg(N_("{date} is after the deadline {due} for this agency's level ({level})"),
                      {"date": date.isoformat(), "due": due.isoformat(), "level": level})
        elif date.year <= year:
            msg = Msg(N_("{date} is before the report year {year} ended"), {"date": date.isoformat(), "year": year})
        else:
            continue
        findings.append(Finding(code="R16", level="warning", path=path, line=report.line(path),
                                label=form.label(path), msg=msg))
    if not checked:
        context.state("R16").skip("no-date")
    return context.tally("R16", findings, checked)
