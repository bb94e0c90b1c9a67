"""A :class:`~govinfo_cli.checks.diff.Diff` as text, Markdown, HTML or JSON.

All four read the same result object; text, Markdown and HTML also share one
view (:func:`view`), so they show the same rows with the same figures. JSON
follows ``schemas/diff-result.schema.json``.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from govinfo_cli.checks.catalogue import codes, codes_text, cross_year_rules
from govinfo_cli.checks.diff import Change, Diff, RuleCheck, Side, TextChange
from govinfo_cli.checks.findings import FileResult, Finding
from govinfo_cli.i18n import _, ngettext
from govinfo_cli.model.messages import Number, format_number, json_number
from govinfo_cli.record import field, record
from govinfo_cli.term import clean
from govinfo_cli.writers.markdown import md_escape, md_paragraph
from govinfo_cli.writers.reporters import finding_line, level_word, reason_text

JSON_VERSION = 2  # schemas/diff-result.schema.json
LABEL_WIDTH = 48  # display columns of the label column in the terminal (a CJK character is 2)

# where a finding is shown: beside the narrative (the diff's own checks: R15), as a note on the input
# (schema), or with continuity
NARRATIVE_CODES = frozenset(codes(scope="diff"))
INPUT_CODES = frozenset(codes(category="input"))

# HTML classes of a change, by status (add / remove / modify, as diff viewers mark lines)
CSS = {"rose": "modify rose", "fell": "modify fell", "appeared": "add", "blank": "remove", "unchanged": "same"}


# --- plain figures --------------------------------------------------------------------------------


def show_number(value: Number | None) -> str:
    return _("blank") if value is None else format_number(value)


def show_delta(change: Change) -> str:
    delta = change.delta
    return ("+" if delta > 0 else "") + format_number(delta)


def show_percent(change: Change) -> str:
    percent = change.percent
    if percent is None:
        return _("new") if change.delta != 0 else "—"
    return ("+" if percent > 0 else "") + format(percent, "f") + "%"


def status_word(status: str) -> str:
    return {"rose": _("rose"), "fell": _("fell"), "appeared": _("appeared"), "blank": _("went blank"),
            "unchanged": _("unchanged")}[status]


def text_status_word(status: str) -> str:
    return {"same": _("same"), "changed": _("changed"), "added": _("added"), "removed": _("removed")}[status]


def side_line(side: Side) -> str:
    parts = [_("{year}年度").format(year=side.year) if side.year is not None else _("year unknown"),
             _("form {form}").format(form=side.form)]
    if side.agency:
        parts.append(side.agency)
    return _("{path} ({details})").format(path=side.path, details=_(", ").join(parts))


def year_header(side: Side, fallback: str) -> str:
    return str(side.year) if side.year is not None else fallback


# --- the shared view ------------------------------------------------------------------------------


@record
class Row:
    change: Change
    label: str
    before: str
    after: str
    delta: str
    percent: str
    status: str
    css: str
    note: str  # "sum of …" when a side is a group's sum


@record
class TableView:
    key: str
    title: str
    rows: list[Row] = field(default_factory=list)


@record
class View:
    diff: Diff
    before_header: str
    after_header: str
    summary: str
    headline: list[Row]
    tables: list[TableView]
    shown: int
    filter_note: str
    narrative: list[TextChange]
    narrative_findings: list[Finding]
    continuity_findings: list[Finding]
    input_findings: list[Finding]


def _sum_note(change: Change) -> str:
    notes = []
    if change.from_sum and len(change.from_sum) > 1:
        notes.append(_("last year: sum of {count} rows").format(count=len(change.from_sum)))
    if change.to_sum and len(change.to_sum) > 1:
        notes.append(_("this year: sum of {count} rows").format(count=len(change.to_sum)))
    return _("; ").join(notes)


def _row(change: Change, note: bool = True) -> Row:
    return Row(change=change, label=change.label, before=show_number(change.before), after=show_number(change.after),
               delta=show_delta(change), percent=show_percent(change), status=status_word(change.status),
               css=CSS[change.status], note=_sum_note(change) if note else "")


def summary_sentence(diff: Diff) -> str:
    cells = ngettext("{count} cell compared: {rose} rose, {fell} fell, {appeared} appeared, {blank} went blank, "
                     "{unchanged} unchanged",
                     "{count} cells compared: {rose} rose, {fell} fell, {appeared} appeared, {blank} went blank, "
                     "{unchanged} unchanged", len(diff.cells)).format(count=len(diff.cells), **diff.counts())
    texts = ngettext("{count} narrative section compared, {changed} changed",
                     "{count} narrative sections compared, {changed} changed", len(diff.texts)).format(
        count=len(diff.texts), changed=sum(not t.same for t in diff.texts))
    return _("{cells}; {texts}.").format(cells=cells, texts=texts)


def view(diff: Diff, threshold: Decimal | None = None, unchanged: bool = False) -> View:
    from govinfo_cli.model.forms import load_form

    shown = diff.shown(threshold, unchanged)
    form = load_form(diff.after.form)
    tables: dict[str, TableView] = {}
    for change in shown:
        if change.table not in tables:
            node = form.tables.get(change.table)
            tables[change.table] = TableView(change.table, node.title if node else change.table)
        tables[change.table].rows.append(_row(change))
    notes = []
    if threshold is not None:
        notes.append(_("only changes of at least {threshold}%, and changes from 0 or blank").format(
            threshold=format(threshold.normalize(), "f")))
    if unchanged:
        notes.append(_("unchanged cells included"))
    changed = sum(c.changed for c in diff.cells)
    filter_note = ngettext("{shown} of {count} changed cell shown", "{shown} of {count} changed cells shown",
                           changed).format(shown=sum(c.changed for c in shown), count=changed)
    if notes:
        filter_note = _("{note} ({details})").format(note=filter_note, details=_("; ").join(notes))
    return View(
        diff=diff,
        before_header=year_header(diff.before, _("last year")),
        after_header=year_header(diff.after, _("this year")),
        summary=summary_sentence(diff),
        headline=[_row(c, note=False) for c in diff.headline],  # a headline figure is a sum by definition
        tables=list(tables.values()),
        shown=len(shown),
        filter_note=filter_note,
        narrative=diff.texts,
        narrative_findings=[f for f in diff.findings if f.code in NARRATIVE_CODES],
        continuity_findings=[f for f in diff.findings if f.code not in NARRATIVE_CODES | INPUT_CODES],
        input_findings=[f for f in diff.findings if f.code in INPUT_CODES],
    )


def rule_line(check: RuleCheck) -> str:
    """``R9 …: all 7 hold``, ``… 1 of 7 do not hold``, or ``not checked: why`` (never "hold" when not checked)."""
    state = check.state
    if state.status == "failed":
        text = ngettext("{count} of {checked} does not hold", "{count} of {checked} do not hold",
                        state.failed).format(count=state.failed, checked=state.checked)
    elif state.status == "held":
        text = ngettext("it holds", "all {count} hold", state.checked).format(count=state.checked)
    else:
        text = _("not checked: {reasons}").format(reasons=reason_text(state))
    if state.status != "not checked" and state.skipped:
        text += _("; {count} not checked: {reasons}").format(count=sum(state.skipped.values()),
                                                             reasons=reason_text(state))
    return _("{rule} {title}: {result}").format(rule=check.rule, title=check.title, result=text)


def _rule_json(check: RuleCheck) -> dict[str, Any]:
    state = check.state.to_json()
    del state["code"]  # named "rule" here
    return {"rule": check.rule, "title": check.title, **state}


def ratio_text(text: TextChange) -> str:
    return "—" if text.ratio is None else f"{text.ratio:.3f}"


# --- text -----------------------------------------------------------------------------------------


def _table(headers: list[str], rows: list[list[str]], fmt: str, wrap: bool, last_left: bool = False) -> str:
    from tabulate import tabulate  # wide (CJK) characters are measured with wcwidth

    align = ("left",) + ("right",) * (len(headers) - 1)
    if last_left:
        align = align[:-1] + ("left",)
    return tabulate(rows, headers=headers, tablefmt=fmt, disable_numparse=True, colalign=align,
                    maxcolwidths=[LABEL_WIDTH] + [None] * (len(headers) - 1) if wrap and rows else None)


def change_headers(v: View, first: str) -> list[str]:
    return [first, v.before_header, v.after_header, _("change"), "%"]


def narrative_headers(v: View) -> list[str]:
    return [_("section"), _("characters {year}").format(year=v.before_header),
            _("characters {year}").format(year=v.after_header), _("similarity"), _("status")]


def narrative_rows(texts: list[TextChange], escape=lambda s: s) -> list[list[str]]:
    return [[escape(t.label), str(t.before_chars), str(t.after_chars), ratio_text(t), text_status_word(t.status)]
            for t in texts]


def change_rows(rows: list[Row], escape=lambda s: s, with_status: bool = False,
                 keep_note: bool = False) -> list[list[str]]:
    out = []
    for row in rows:
        note = row.note.replace(" ", "\u00a0") if keep_note else row.note  # wrapped as one piece
        label = row.label + (f" ({note})" if note else "")
        cells = [escape(label), row.before, row.after, row.delta, row.percent]
        if with_status:
            cells.append(row.status)
        out.append(cells)
    return out


def render_text(diff: Diff, threshold: Decimal | None = None, unchanged: bool = False) -> str:
    v = view(diff, threshold, unchanged)
    lines = [_("from: {side}").format(side=side_line(diff.before)),
             _("to:   {side}").format(side=side_line(diff.after)), ""]
    lines += [f"{note}" for note in diff.notes]
    lines += [_("Summary: {sentence}").format(sentence=v.summary), ""]
    if v.headline:
        lines += [_("Headline figures"), _table(change_headers(v, _("figure")), change_rows(v.headline), "simple",
                                                True), ""]
    lines.append(_("Changes, in form order ({note})").format(note=v.filter_note))
    for table in v.tables:
        lines += ["", table.title,
                  _table(change_headers(v, _("cell")) + [_("status")], change_rows(table.rows, with_status=True,
                                                                               keep_note=True),
                         "simple", True, last_left=True)]
    lines.append("")
    if diff.not_comparable:
        lines.append(_("Not comparable"))
        for item in diff.not_comparable:
            lines.append(f"  {item.label} [{item.path}]: {item.reason}")
        lines.append("")
    lines.append(_("Continuity with last year ({codes})").format(codes=codes_text(cross_year_rules())))
    if not diff.continuity:
        lines.append("  " + _("no cross-year rule applies between these forms"))
    lines += ["  " + rule_line(c) for c in diff.continuity]
    lines += ["  " + finding_line(diff.after.path, f) for f in v.continuity_findings]
    lines.append("")
    lines.append(_("Narrative"))
    if v.narrative:
        lines.append(_table(narrative_headers(v), narrative_rows(v.narrative), "simple", True, last_left=True))
    else:
        lines.append("  " + _("no narrative section to compare"))
    lines += ["  " + rule_line(c) for c in diff.narrative_checks]
    lines += ["  " + finding_line(diff.after.path, f) for f in v.narrative_findings]
    for finding in v.input_findings:
        lines.append(f"{level_word(finding.level)}: {finding.message}")
    return clean("\n".join(lines).rstrip("\n") + "\n")  # the agency name and texts come from the files


# --- Markdown -------------------------------------------------------------------------------------


def _md_table(headers: list[str], rows: list[list[str]], last_left: bool = False) -> str:
    from tabulate import tabulate

    align = ("left",) + ("right",) * (len(headers) - 1)
    if last_left:
        align = align[:-1] + ("left",)
    return tabulate(rows, headers=[md_escape(h) for h in headers], tablefmt="pipe", disable_numparse=True,
                    colalign=align)


def render_markdown(diff: Diff, threshold: Decimal | None = None, unchanged: bool = False) -> str:
    v = view(diff, threshold, unchanged)
    e = md_escape

    def heading(level: int, text: str) -> str:
        return "#" * level + " " + e(text)

    def item(text: str) -> str:
        return "- " + e(text)

    out = [heading(1, _("Report diff")), "",
           item(_("from") + ": " + side_line(diff.before)),
           item(_("to") + ": " + side_line(diff.after)), ""]
    for note in diff.notes:
        out += [f"> {e(note)}", ""]
    out += [heading(2, _("Summary")), "", md_paragraph(v.summary), ""]
    if v.headline:
        out += [_md_table(change_headers(v, _("figure")), change_rows(v.headline, e)), ""]
    out += [heading(2, _("Changes")), "", md_paragraph(v.filter_note), ""]
    for table in v.tables:
        out += [f"### {e(table.title)}", "",
                _md_table(change_headers(v, _("cell")) + [_("status")], change_rows(table.rows, e, True),
                          last_left=True), ""]
    if diff.not_comparable:
        out += [heading(2, _("Not comparable")), ""]
        out += [f"- {e(item.label)} (`{item.path}`): {e(item.reason)}" for item in diff.not_comparable]
        out.append("")
    out += [heading(2, _("Continuity with last year")), ""]
    if not diff.continuity:
        out.append(item(_("no cross-year rule applies between these forms")))
    out += [f"- {e(rule_line(c))}" for c in diff.continuity]
    out += [f"- {e(finding_line(diff.after.path, f))}" for f in v.continuity_findings]
    out += ["", heading(2, _("Narrative")), ""]
    if v.narrative:
        out.append(_md_table(narrative_headers(v), narrative_rows(v.narrative, e), last_left=True))
    else:
        out.append(md_paragraph(_("no narrative section to compare")))
    out += [""] + [f"- {e(rule_line(c))}" for c in diff.narrative_checks]
    out += [f"- {e(finding_line(diff.after.path, f))}" for f in v.narrative_findings]
    if v.input_findings:
        out += [""] + [f"- {e(level_word(f.level))}: {e(f.message)}" for f in v.input_findings]
    return "\n".join(out).rstrip("\n") + "\n"


# --- HTML -----------------------------------------------------------------------------------------


def render_html(diff: Diff, threshold: Decimal | None = None, unchanged: bool = False) -> str:
    """A standalone page; every text from a file is escaped (Jinja2 autoescape)."""
    from govinfo_cli.i18n import current_language
    from govinfo_cli.resources import template

    v = view(diff, threshold, unchanged)
    return template("diff.html.j2").render(
        v=v, diff=diff, lang="zh-CN" if current_language() == "zh" else "en",
        _=_, side_line=side_line, rule_line=rule_line, ratio_text=ratio_text,
        text_status_word=text_status_word, finding_line=finding_line, level_word=level_word)


# --- JSON -----------------------------------------------------------------------------------------


def change_json(change: Change) -> dict[str, Any]:
    percent = change.percent
    return {
        "path": change.path,
        "label": change.label,
        "table": change.table,
        "unit": change.unit,
        "from": json_number(change.before),
        "to": json_number(change.after),
        "delta": json_number(change.delta),
        "percent": None if percent is None else json_number(percent),
        "status": change.status,
        "from_sum": list(change.from_sum),
        "to_sum": list(change.to_sum),
    }


def to_json(diff: Diff, threshold: Decimal | None = None, unchanged: bool = False) -> dict[str, Any]:
    """The diff as the JSON document described by ``schemas/diff-result.schema.json``."""
    shown = diff.shown(threshold, unchanged)
    return {
        "version": JSON_VERSION,
        "from": diff.before.to_json(),
        "to": diff.after.to_json(),
        "same": diff.same,
        "options": {"threshold": None if threshold is None else json_number(threshold), "all": unchanged},
        "summary": {
            "cells": len(diff.cells),
            **diff.counts(),
            "shown": len(shown),
            "texts": len(diff.texts),
            "texts_changed": sum(not t.same for t in diff.texts),
            "not_comparable": len(diff.not_comparable),
            "headline": [change_json(c) for c in diff.headline],
        },
        "changes": [change_json(c) for c in shown],
        "not_comparable": [{"kind": n.kind, "path": n.path, "label": n.label, "reason": n.reason}
                           for n in diff.not_comparable],
        "continuity": [_rule_json(c) for c in diff.continuity],
        "narrative_checks": [_rule_json(c) for c in diff.narrative_checks],
        "narrative": [{"path": t.path, "label": t.label, "from_chars": t.before_chars, "to_chars": t.after_chars,
                       "ratio": t.ratio, "status": t.status} for t in diff.texts],
        "findings": [f.to_json() for f in diff.findings],
        "notes": list(diff.notes),
    }


def render_trouble(results: list[FileResult]) -> str:
    """The JSON document of a diff that could not be made: each file that cannot be compared, as
    ``validate --format json`` gives it (its ``parse`` finding, or its ``form``'s)."""
    document = {"version": JSON_VERSION, "same": False, "files": [result.to_json() for result in results]}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def render_json(diff: Diff, threshold: Decimal | None = None, unchanged: bool = False) -> str:
    return json.dumps(to_json(diff, threshold, unchanged), ensure_ascii=False, indent=2) + "\n"


RENDERERS = {"text": render_text, "markdown": render_markdown, "html": render_html, "json": render_json}
