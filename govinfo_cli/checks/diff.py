"""diff: last year's report against this year's, as a :class:`Diff` (no printing here).

Cells are matched by their key path in the form, never by their place in the file.
Across a form change only what the schemas declare comparable is compared: a table
compares with the same table of another form when both schemas list each other's form
in the table's ``x-comparable`` annotation (tables 三 and 四 of forms 2019 and 2021);
any other table of the two forms is listed as not comparable, with the reason.

Within comparable tables a cell of one form that is a *group* of rows in the other
(2021's three （六）其他处理 rows against 2019's single row) is compared by the sum of
the group's rows in that column: this falls out of the key paths, the group and the
row share ``requests.results.other``.

The headline figures are declared per form in ``x-headline`` (a key path, a list of
key paths to add up, or a group and column such as ``requests.results.withheld.total``
for the sum of the group's rows). R15 (五、存在的主要问题及改进情况 not the same as
last year's) reads its threshold from the section's ``x-max-similarity``.

Blank (absent) is kept apart from 0: a cell that goes from blank to a value
*appeared*, one that goes from a value to blank *went blank*; in arithmetic a blank
counts as 0. The percentage change is ``(to - from) / |from| * 100``, rounded half up
to one decimal, and None when last year's value is 0 or blank.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import MAX_PREC, Decimal, localcontext
from fractions import Fraction
from typing import Any

from govinfo_cli.checks.catalogue import CATALOGUE, functions
from govinfo_cli.checks.context import Context
from govinfo_cli.checks.findings import Finding, RuleState
from govinfo_cli.i18n import N_, Nn_, _
from govinfo_cli.model.forms import Cell, Form, Node
from govinfo_cli.model.messages import Msg, Number
from govinfo_cli.model.report import Report
from govinfo_cli.record import field, record

STATUSES = ("rose", "fell", "appeared", "blank", "unchanged")
RATIO_DIGITS = 3


@record(frozen=True)
class Side:
    """One of the two reports, as the diff names it."""

    path: str
    form: str
    year: int | None
    agency: str | None

    @classmethod
    def of(cls, report: Report) -> Side:
        agency = report.get("agency.name")
        return cls(path=report.path, form=report.form_name or "", year=report.year,
                   agency=agency if isinstance(agency, str) and agency else None)

    def to_json(self) -> dict[str, Any]:
        return {"path": self.path, "form": self.form, "year": self.year, "agency": self.agency}


@record
class Change:
    """One compared figure: a cell, a cell against a group's sum, or a headline figure."""

    path: str
    label: str
    table: str
    unit: str | None
    before: Number | None  # None: blank
    after: Number | None
    from_sum: tuple[str, ...] = ()  # last year's value is the sum of these cells
    to_sum: tuple[str, ...] = ()  # this year's value is the sum of these cells

    @property
    def delta(self) -> Number:
        with localcontext(prec=MAX_PREC):  # exact: money is never rounded to Decimal's 28 digits
            return (self.after or 0) - (self.before or 0)

    @property
    def percent(self) -> Decimal | None:
        """The change in percent of last year's value, rounded half up to one decimal (None from 0 or blank).

        Worked out in fractions, so it is exact for any number a file holds: Decimal's
        context would round a long one (then round again), or fail to quantize it.
        """
        if not self.before:
            return None
        exact = Fraction(self.delta) * 100 / abs(Fraction(self.before))
        tenths = int(abs(exact) * 10 + Fraction(1, 2))  # half up: a tie goes away from zero
        return Decimal((1 if exact < 0 else 0, tuple(map(int, str(tenths))), -1))

    @property
    def status(self) -> str:
        if self.before is None and self.after is not None:
            return "appeared"
        if self.before is not None and self.after is None:
            return "blank"
        delta = self.delta
        return "rose" if delta > 0 else "fell" if delta < 0 else "unchanged"

    @property
    def changed(self) -> bool:
        return self.status != "unchanged"

    def passes(self, threshold: Decimal) -> bool:
        """At least ``threshold`` percent; a change from 0 or blank to a value always passes."""
        percent = self.percent
        if percent is None:
            return self.delta != 0
        return abs(percent) >= threshold


@record(frozen=True)
class NotComparable:
    kind: str  # "table", "section" or "cell"
    path: str
    label: str
    reason: str


@record(frozen=True)
class TextChange:
    path: str
    label: str
    before_chars: int
    after_chars: int
    ratio: float | None  # None when one side is empty
    same: bool

    @property
    def status(self) -> str:
        if self.same:
            return "same"
        if not self.before_chars:
            return "added"
        if not self.after_chars:
            return "removed"
        return "changed"


@record(frozen=True)
class RuleCheck:
    """A check of the two reports (across the years, or of the narrative), and what became of it: held,
    failed, or not checked and why."""

    rule: str
    title: str
    state: RuleState

    @property
    def checked(self) -> int:
        return self.state.checked

    @property
    def failed(self) -> int:
        return self.state.failed


@record
class Diff:
    before: Side
    after: Side
    cells: list[Change]  # every compared cell, in form order
    headline: list[Change]
    not_comparable: list[NotComparable]
    texts: list[TextChange]
    continuity: list[RuleCheck]
    narrative_checks: list[RuleCheck]
    findings: list[Finding]
    notes: list[str] = field(default_factory=list)

    @property
    def same(self) -> bool:
        """True when every number and text is the same and nothing was left uncompared."""
        return (not any(c.changed for c in self.cells) and all(t.same for t in self.texts)
                and not self.not_comparable)

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(STATUSES, 0)
        for change in self.cells:
            out[change.status] += 1
        return out

    def shown(self, threshold: Decimal | None = None, unchanged: bool = False) -> list[Change]:
        """The changed cells (at least ``threshold`` percent) to list; with ``unchanged`` the unchanged too."""
        out = []
        for change in self.cells:
            if not change.changed:
                if unchanged:
                    out.append(change)
            elif threshold is None or change.passes(threshold):
                out.append(change)
        return out


# --- values -------------------------------------------------------------------------------------


def _add(values: list[Number | None]) -> Number | None:
    """A sum where blanks count as 0; blank when every part is blank."""
    present = [v for v in values if v is not None]
    if not present:
        return None
    with localcontext(prec=MAX_PREC):  # exact, as Change.delta
        return sum(present, start=0)


def _group_column(form: Form, group: str, column: str) -> tuple[str, ...]:
    """The cells of ``column`` in every row under the group node ``group``."""
    node = form.nodes.get(group)
    if node is None or node.kind == "row":
        return ()
    return tuple(p for p in (f"{row.path}.{column}" for row in node.rows()) if p in form.cells)


def _resolve(form: Form, path: str) -> tuple[str, ...]:
    """The cells whose sum a key path stands for: the cell itself, or a group's column."""
    if path in form.cells:
        return (path,)
    group, _dot, column = path.rpartition(".")
    return _group_column(form, group, column)


def _value(report: Report, paths: tuple[str, ...]) -> Number | None:
    return _add([report.number(p) for p in paths])


def _not_numbers(report: Report, paths: tuple[str, ...]) -> list[str]:
    """The cells of ``paths`` that hold something other than a number (``"120"``, true, a table), as written."""
    from govinfo_cli.checks.schema import shown

    out = []
    for path in paths:
        value = report.get(path)
        if value is not None and (isinstance(value, bool) or not isinstance(value, (int, Decimal))):
            text = shown(value)
            out.append(f"{path} = {text.render() if isinstance(text, Msg) else text}")
    return out


def _wrong_type(before: Report, after: Report, sources: tuple[str, ...], targets: tuple[str, ...]) -> str | None:
    """Why a cell cannot be compared: a side holds a value that is not a number (never read as blank)."""
    reasons = []
    for report, paths, side in ((before, sources, _("last year")), (after, targets, _("this year"))):
        wrong = _not_numbers(report, paths)
        if wrong:
            reasons.append(_("{side}: {values} is not a number (run govinfo validate {path})").format(
                side=side, values=", ".join(wrong), path=report.path))
    return "; ".join(reasons) or None


# --- tables ---------------------------------------------------------------------------------------


def _declared(form: Form, table: str) -> list[str]:
    return list(form.tables[table].comparable or (form.name,))


def _comparable(before: Form, after: Form, table: str) -> bool:
    if table not in before.tables or table not in after.tables:
        return False
    if before.name == after.name:
        return True
    return after.name in _declared(before, table) and before.name in _declared(after, table)


def _columns(node: Node) -> str:
    titles: list[str] = []
    for cell in node.cells():
        title = cell.title if cell.row == cell.path else cell.column_label  # a legacy indicator: its own row
        if title not in titles:
            titles.append(title)
    return "、".join(titles)


def cell_sources(source: Form, target: Form) -> dict[str, tuple[str, ...]]:
    """Which cells of a report on ``source`` stand for each cell of ``target``, as diff compares them.

    Only in the tables the two forms declare comparable: the cell of the same key path, or, where
    ``source`` has a group of rows for a row of ``target``, the group's cells in that column (to be
    added up). A cell of ``source`` that no target cell lists has no counterpart (2019's single
    （六）其他处理 row in form 2021, which has three).
    """
    sources: dict[str, tuple[str, ...]] = {}
    for table in target.tables:
        if _comparable(source, target, table):
            for cell in target.tables[table].cells():
                found = _resolve(source, cell.path)
                if found:
                    sources[cell.path] = found
    return sources


def _table_reason(before: Form, after: Form, table: str) -> str:
    if table not in after.tables:
        return _("only in form {form}; form {other} has no such table").format(form=before.name, other=after.name)
    if table not in before.tables:
        return _("only in form {form}; form {other} has no such table").format(form=after.name, other=before.name)
    return _("form {before} and form {after} define this table differently (form {before}: {before_columns}; "
             "form {after}: {after_columns}), so its figures cannot be set against each other").format(
        before=before.name, after=after.name,
        before_columns=_columns(before.tables[table]), after_columns=_columns(after.tables[table]))


def _ancestors(path: str) -> list[str]:
    parts = path.split(".")
    return [".".join(parts[:i]) for i in range(len(parts) - 1, 0, -1)]


def _group_label(form: Form, group: str, column_cell: Cell) -> str:
    return f"{form.label(group)} · {column_cell.column_label}"


def _compare_table(before: Report, after: Report, table: str, out: list[Change],
                   missing: list[NotComparable]) -> None:
    """Every cell of ``table``, in this year's form order, matched by key path."""
    old, new = before.form, after.form
    assert old is not None and new is not None
    used: set[str] = set()  # last year's cells already compared
    emitted: set[str] = set()
    for cell in new.tables[table].cells():
        path = cell.path
        row, _dot, column = path.rpartition(".")
        if path in old.cells:  # the same cell in both forms
            change = Change(path, cell.label, table, cell.unit, before.number(path), after.number(path))
            used.add(path)
        elif (sources := _group_column(old, row, column)):  # a row here, a group of rows last year
            change = Change(path, cell.label, table, cell.unit, _value(before, sources), after.number(path),
                            from_sum=sources)
            used.update(sources)
        else:  # a row last year, a group of rows here: compare last year's row with this group's sum
            ancestor = next((a for a in _ancestors(row) if f"{a}.{column}" in old.cells), None)
            if ancestor is None:
                missing.append(NotComparable("cell", path, cell.label, _("only in form {form}").format(form=new.name)))
                continue
            virtual = f"{ancestor}.{column}"
            if virtual in emitted:
                continue
            sources = _group_column(new, ancestor, column)
            old_cell = old.cells[virtual]
            change = Change(virtual, _group_label(new, ancestor, cell) if ancestor in new.nodes else old_cell.label,
                            table, cell.unit, before.number(virtual), _value(after, sources), to_sum=sources)
            used.add(virtual)
            path = virtual
        emitted.add(path)
        wrong = _wrong_type(before, after, change.from_sum or (change.path,), change.to_sum or (change.path,))
        if wrong:
            missing.append(NotComparable("cell", change.path, change.label, wrong))
        else:
            out.append(change)
    for cell in old.tables[table].cells():
        if cell.path not in used:
            missing.append(NotComparable("cell", cell.path, cell.label,
                                         _("only in form {form}").format(form=old.name)))


# --- headline -------------------------------------------------------------------------------------


def _headline_label(form: Form, paths: tuple[str, ...]) -> str:
    cells: list[Cell] = []
    labels: list[str] = []
    for path in paths:
        if path in form.cells:
            cells.append(form.cells[path])
            labels.append(form.cells[path].label)
        else:
            group, _dot, column = path.rpartition(".")
            resolved = _group_column(form, group, column)
            if not resolved:
                labels.append(path)
                continue
            first = form.cells[resolved[0]]
            labels.append(_group_label(form, group, first))
    if len(paths) > 1 and len(cells) == len(paths):
        # cells of one column in rows of one column group (行政诉讼: 未经复议直接起诉 + 复议后起诉)
        groups = {form.nodes[c.row].group if c.row in form.nodes else None for c in cells}
        titles = {c.title for c in cells}
        if len(groups) == 1 and None not in groups and len(titles) == 1:
            return f"{groups.pop()} · {titles.pop()}"
    return " + ".join(labels)


def _headline(before: Report, after: Report, compared: set[str]) -> list[Change]:
    old, new = before.form, after.form
    assert old is not None and new is not None
    out = []
    for paths in new.headline:
        tables = {p.split(".")[0] for p in paths}
        if paths not in old.headline or not tables <= compared:
            continue
        old_cells = tuple(c for p in paths for c in _resolve(old, p))
        new_cells = tuple(c for p in paths for c in _resolve(new, p))
        if _not_numbers(before, old_cells) or _not_numbers(after, new_cells):
            continue  # a part is not a number: that cell is listed as not comparable
        first = new.cells[new_cells[0]] if new_cells else None
        out.append(Change(
            path="+".join(paths), label=_headline_label(new, paths), table=next(iter(tables)),
            unit=first.unit if first else None, before=_value(before, old_cells), after=_value(after, new_cells),
            from_sum=old_cells if len(old_cells) > 1 else (), to_sum=new_cells if len(new_cells) > 1 else (),
        ))
    return out


# --- narrative ------------------------------------------------------------------------------------

_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """The text as compared for similarity: NFKC (full-width forms folded), without any whitespace."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text))


def similarity(before: str, after: str) -> float:
    """How alike two texts are, 0 to 1: difflib's ratio on the normalised characters.

    ``autojunk`` is off: in a Chinese text of a few hundred characters common characters
    (的, 公, 开) pass difflib's popularity limit and would be ignored as junk.
    """
    import difflib

    a, b = normalise(before), normalise(after)
    if a == b:
        return 1.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def _texts(before: Report, after: Report, missing: list[NotComparable]) -> list[TextChange]:
    old, new = before.form, after.form
    assert old is not None and new is not None
    changes: list[TextChange] = []
    for path, section in new.sections.items():
        old_text, new_text = before.text_of(path).strip(), after.text_of(path).strip()
        if path not in old.sections:
            if new_text:
                missing.append(NotComparable("section", path, section.title,
                                             _("only in form {form}").format(form=new.name)))
            continue
        if not old_text and not new_text:
            continue
        ratio = round(similarity(old_text, new_text), RATIO_DIGITS) if old_text and new_text else None
        same = _SPACE.sub("", old_text) == _SPACE.sub("", new_text)  # whitespace carries no meaning in Chinese prose
        changes.append(TextChange(path=path, label=section.title, before_chars=len(normalise(old_text)),
                                  after_chars=len(normalise(new_text)), ratio=ratio, same=same))
    for path, section in old.sections.items():
        if path not in new.sections and before.text_of(path).strip():
            missing.append(NotComparable("section", path, section.title,
                                         _("only in form {form}").format(form=old.name)))
    return changes


def _percent(ratio: float) -> Decimal:
    """A ratio as a percentage, without trailing zeros (0.905 → 90.5)."""
    percent = Decimal(str(ratio)) * 100
    return percent.to_integral_value() if percent == percent.to_integral_value() else percent.normalize()


def r15_problems_repeated(context: Context) -> list[Finding]:
    """R15: a section with x-max-similarity (五、存在的主要问题及改进情况) must not repeat last year's text."""
    before, after = context.previous, context.report
    assert before is not None and before.form is not None
    findings = []
    checked = 0
    for path, section in context.form.sections.items():
        limit = section.max_similarity
        if limit is None:
            continue
        old_text, new_text = before.text_of(path).strip(), after.text_of(path).strip()
        if path not in before.form.sections or not old_text or not new_text:
            context.state("R15").skip("no-text")
            continue
        checked += 1
        ratio = round(similarity(old_text, new_text), RATIO_DIGITS)
        if ratio < limit:
            continue
        findings.append(Finding(
            code="R15", level="warning", path=path, line=after.line(path), label=section.title,
            msg=Msg(N_("{percent}% the same as last year's text (limit {limit}%); the format forbids repeating "
                       "this section year after year (不得年年雷同): describe this year's problems and what "
                       "was done about them"), {"percent": _percent(ratio), "limit": _percent(limit)}),
            actual=Decimal(str(ratio)), expected=Decimal(str(limit)), cells=[path, f"previous:{path}"],
        ))
    return context.tally("R15", findings, checked)


# --- continuity -----------------------------------------------------------------------------------


def _continuity(context: Context) -> tuple[list[RuleCheck], list[Finding]]:
    """The cross-year checks exactly as ``validate --previous`` gives them, with what became of each."""
    from govinfo_cli.checks.schema import schema_findings

    before, after, form = context.previous, context.report, context.form
    assert before is not None
    findings = [f for function in functions("previous") for f in function(context)]
    checks = [RuleCheck(rule=check.code, title=_(check.title), state=context.state(check.code))
              for check in CATALOGUE if check.scope == "previous" and form.name in check.forms]
    assert before.form is not None
    for report, errors in ((before, schema_findings(before, before.form)), (after, context.schema_findings)):
        if errors:
            findings.append(Finding(
                code="schema", level="warning", path=None, line=None, label="",
                msg=Msg.counted(Nn_("{path} does not fit form {form} ({count} schema error); run govinfo validate "
                                    "{path}", "{path} does not fit form {form} ({count} schema errors); run govinfo "
                                    "validate {path}"),
                                {"path": report.path, "form": report.form_name or "", "count": len(errors)})))
    return checks, findings


# --- the diff -------------------------------------------------------------------------------------


def diff_reports(before: Report, after: Report) -> Diff:
    """Last year's report (``before``) against this year's (``after``); both must be of a known form."""
    old, new = before.form, after.form
    if old is None or new is None:
        raise ValueError(_("both reports must declare a known form"))
    cells: list[Change] = []
    missing: list[NotComparable] = []
    compared: set[str] = set()
    for table in new.tables:
        if _comparable(old, new, table):
            compared.add(table)
            _compare_table(before, after, table, cells, missing)
        else:
            missing.append(NotComparable("table", table, new.tables[table].title, _table_reason(old, new, table)))
    for table in old.tables:
        if table not in new.tables:
            missing.append(NotComparable("table", table, old.tables[table].title, _table_reason(old, new, table)))
    notes = []
    if not compared:
        notes.append(_("form {before} and form {after} have no table in common: only the narrative is compared").format(
            before=old.name, after=new.name))
    elif old.name != new.name:
        notes.append(_("form {before} against form {after}: only the tables both forms define alike are compared")
                     .format(before=old.name, after=new.name))
    texts = _texts(before, after, missing)
    context = Context(after, new, before)
    checks, findings = _continuity(context)
    text_findings = [f for function in functions("diff") for f in function(context)]
    narrative_checks = [RuleCheck(rule=check.code, title=_(check.title), state=context.state(check.code))
                        for check in CATALOGUE if check.scope == "diff" and new.name in check.forms]
    return Diff(
        before=Side.of(before), after=Side.of(after), cells=cells, headline=_headline(before, after, compared),
        not_comparable=missing, texts=texts, continuity=checks, narrative_checks=narrative_checks,
        findings=findings + text_findings, notes=notes,
    )
