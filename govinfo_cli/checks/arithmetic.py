"""The arithmetic rules of a form (its ``x-rules``), evaluated on a report.

One generic evaluator serves every rule: a rule says ``sum(lhs) op sum(rhs)``.
Blank cells count as 0 and are shown as blank in the finding. Money compares as
intervals that follow the decimals written (XBRL Calculations 1.1): ``7730.28``
stands for [7730.275, 7730.285], so sums of rounded figures are not flagged
for rounding alone. Integers are exact.

Every instance of a rule ends as checked (held or failed) or not checked, with the
reason: a cell it reads has a schema error, last year's form lacks its cells, or a
side of it is wholly blank (a gap that the completeness check reports; nothing to
compare). A finding shows both sides with their terms, so that the editor sees the
arithmetic and no rule claims which cell is the wrong one.
"""

from __future__ import annotations

from decimal import Decimal

from govinfo_cli.checks.context import Context
from govinfo_cli.checks.findings import Finding, RuleState
from govinfo_cli.i18n import N_
from govinfo_cli.model.forms import Form, Rule, Term
from govinfo_cli.model.messages import Msg, Number, Sum, Terms
from govinfo_cli.model.report import Report
from govinfo_cli.record import record


@record(slots=True)  # not frozen: a frozen record is slower to create, and a report makes thousands
class Interval:
    low: Number
    high: Number

    @classmethod
    def of(cls, value: Number) -> Interval:
        if isinstance(value, Decimal):
            exponent = value.as_tuple().exponent
            if isinstance(exponent, int) and exponent < 0:
                half = Decimal(5).scaleb(exponent - 1)
                return cls(value - half, value + half)
        return cls(value, value)

    def __add__(self, other: Interval) -> Interval:
        return Interval(self.low + other.low, self.high + other.high)


@record
class Side:
    value: Number
    interval: Interval
    blank: list[str]


class Evaluator:
    """Evaluates a form's rules on one report (and last year's, for cross-year rules)."""

    def __init__(self, form: Form, report: Report, previous: Report | None = None,
                 invalid: frozenset[str] = frozenset(), states: dict[str, RuleState] | None = None) -> None:
        self.form = form
        self.report = report
        self.previous = previous
        self.invalid = invalid  # cells with a schema error: rules that touch them are skipped
        self.states = states if states is not None else {}
        self.headers = {rule.lhs[0].path: rule for rule in form.rules if rule.kind == "header"}
        # Each cell's (value, interval), or (None, None) when blank: a cell is in many rules.
        self._terms: dict[str, tuple[Number, Interval] | tuple[None, None]] = {}
        self._previous_terms: dict[str, tuple[Number, Interval] | tuple[None, None]] = {}
        self._numbers: dict[str, Number | None] = {}  # each cell's value (None: blank), for whole_sum
        self._previous_numbers: dict[str, Number | None] = {}

    def state(self, code: str) -> RuleState:
        found = self.states.get(code)
        if found is None:
            found = self.states[code] = RuleState(code)
        return found

    def not_applicable(self, rule: Rule) -> str | None:
        """Why ``rule`` cannot be checked on these reports (a reason of the catalogue), or None."""
        if self.invalid and any(t.path in self.invalid for t in rule.terms if not t.previous):
            return "schema"
        if not rule.cross_year:
            return None
        if self.previous is None or self.previous.form is None:
            return "no-previous"
        previous_cells = self.previous.form.cells
        if not all(t.path in previous_cells for t in rule.terms if t.previous):
            return "not-in-previous-form"
        return None

    def side(self, terms: tuple[Term, ...]) -> Side:
        total: Number = 0
        low: Number = 0  # the interval's bounds: a term's added, a subtracted term's swapped and subtracted
        high: Number = 0
        blank: list[str] = []
        for term in terms:
            value, term_interval = self.term(term, blank)
            total += term.sign * value
            if term.sign > 0:
                low, high = low + term_interval.low, high + term_interval.high
            else:
                low, high = low - term_interval.high, high - term_interval.low
        return Side(total, Interval(low, high), blank)

    def term(self, term: Term, blank: list[str]) -> tuple[Number, Interval]:
        source = self.previous if term.previous else self.report
        assert source is not None
        header = None if term.previous else self.headers.get(term.path)
        if header is not None and header.rhs:
            # A header row's true value is the sum of its items, whatever was typed in it;
            # so one wrong header does not make its parent header wrong too.
            side = self.side(header.rhs)
            blank.extend(side.blank)
            return side.value, side.interval
        cache = self._previous_terms if term.previous else self._terms
        known = cache.get(term.path)
        if known is None:
            value = source.number(term.path)
            known = cache[term.path] = (None, None) if value is None else (value, Interval.of(value))
        if known[0] is None:
            blank.append(term.ref)
            return 0, Interval(0, 0)
        return known

    def exact(self, terms: tuple[Term, ...], total: int) -> Side:
        """A side of whole numbers, from its sum already made: an interval of one point, and its blanks."""
        return Side(total, Interval(total, total), self.blanks(terms))

    def blanks(self, terms: tuple[Term, ...]) -> list[str]:
        """The blank cells among ``terms`` (for a header row: among its items), as side() names them."""
        blank: list[str] = []
        for term in terms:
            header = None if term.previous else self.headers.get(term.path)
            if header is not None and header.rhs:
                blank += self.blanks(header.rhs)
            elif self.number(term) is None:
                blank.append(term.ref)
        return blank

    def whole_sum(self, terms: tuple[Term, ...]) -> int | None:
        """The sum of the terms (blank = 0), or None if one is not an int (money: see side())."""
        total = 0
        for term in terms:
            if not term.previous:
                header = self.headers.get(term.path)
                if header is not None and header.rhs:
                    value = self.whole_sum(header.rhs)
                    if value is None:
                        return None
                    total += term.sign * value
                    continue
            number = self.number(term)
            if number is None:
                continue
            if type(number) is not int:
                return None
            total += term.sign * number
        return total

    def number(self, term: Term) -> Number | None:
        cache = self._previous_numbers if term.previous else self._numbers
        try:
            return cache[term.path]
        except KeyError:
            source = self.previous if term.previous else self.report
            assert source is not None
            number = cache[term.path] = source.number(term.path)
            return number

    def wholly_blank(self, terms: tuple[Term, ...]) -> bool:
        """Every term blank (a header term: every item of it)."""
        for term in terms:
            header = None if term.previous else self.headers.get(term.path)
            if header is not None and header.rhs:
                if not self.wholly_blank(header.rhs):
                    return False
            elif self.number(term) is not None:
                return False
        return True

    def holds(self, rule: Rule, left: Side, right: Side) -> bool:
        if rule.op == "<=":
            return left.interval.low <= right.interval.high
        return left.interval.low <= right.interval.high and right.interval.low <= left.interval.high

    def check(self, rule: Rule) -> Finding | None:
        state = self.state(rule.id)
        plain = _plain_terms(rule, self.headers)
        if plain is not None and not self.invalid:
            decided = self.check_plain(rule, plain, state)
            if decided is not True:
                return decided or None
        reason = self.not_applicable(rule)
        if reason is not None:
            state.skip(reason)
            return None
        if rule.kind == "header":
            return self.check_header(rule, state)
        # As in XBRL calculation checks, a relation is only contradicted when both sides were
        # reported. A side left wholly blank is a gap (the completeness check names it), not a
        # wrong number: the instance is not checked.
        if self.wholly_blank(rule.lhs) or self.wholly_blank(rule.rhs):
            state.skip("blank")
            return None
        state.checked += 1
        left_sum, right_sum = self.whole_sum(rule.lhs), self.whole_sum(rule.rhs)
        if left_sum is not None and right_sum is not None:  # whole numbers: plain sums decide, once
            if (left_sum <= right_sum) if rule.op == "<=" else (left_sum == right_sum):
                return None
            left, right = self.exact(rule.lhs, left_sum), self.exact(rule.rhs, right_sum)
        else:  # money: intervals that follow the decimals written
            left, right = self.side(rule.lhs), self.side(rule.rhs)
            if self.holds(rule, left, right):
                return None
        state.failed += 1
        return self.finding(rule, rule.level, left, right)

    def check_plain(self, rule: Rule, plain: tuple[_Pairs, _Pairs], state: RuleState) -> Finding | bool:
        """A relation of this year's plain cells, decided by one pass over them when they are whole numbers
        (most rules of most reports): the finding, False when it holds or is not checked, True when
        it needs the general way (money, a value of another type)."""
        leaves = self.report.leaves
        sums = []
        for pairs in plain:
            total = 0
            filled = False
            for path, sign in pairs:
                value = leaves.get(path)
                if value is None:
                    continue
                if type(value) is not int:
                    return True
                total += sign * value
                filled = True
            if not filled:  # a side wholly blank: a gap (C1 names it), nothing to compare
                state.skip("blank")
                return False
            sums.append(total)
        state.checked += 1
        left_sum, right_sum = sums
        if (left_sum <= right_sum) if rule.op == "<=" else (left_sum == right_sum):
            return False
        state.failed += 1
        shown = []
        blank = []
        for terms, total in zip((rule.lhs, rule.rhs), sums, strict=True):
            labelled, paths = _labelled(self.form, rule, terms)
            values = list(map(leaves.get, paths))
            shown.append(Sum(labelled, values, total, whole=True))
            if None in values:
                blank += [path for path, value in zip(paths, values, strict=True) if value is None]
        return self.worded(rule, rule.level, shown[0], shown[1], blank)

    def check_header(self, rule: Rule, state: RuleState) -> Finding | None:
        path = rule.lhs[0].path
        filled = self.report.number(path)
        state.checked += 1
        if filled is None:
            return None
        state.failed += 1
        left = Side(filled, Interval.of(filled), [])
        if rule.rhs:
            right = self.side(rule.rhs)
            if not self.holds(rule, left, right):
                return self.finding(rule, "error", left, right, header_mismatch=True)
        return Finding(
            code=rule.id, level="warning", path=path, line=None, label=self.form.label(path),  # line: see run()
            msg=Msg(N_("header row is filled ({value}); the official table leaves header rows blank"),
                    {"value": filled}),
            actual=filled, cells=[t.ref for t in rule.terms],
        )

    def finding(self, rule: Rule, level: str, left: Side, right: Side, header_mismatch: bool = False) -> Finding:
        return self.worded(rule, level, self.shown(rule, rule.lhs, left), self.shown(rule, rule.rhs, right),
                           left.blank + right.blank, header_mismatch)

    def worded(self, rule: Rule, level: str, left: Sum, right: Sum, blank: list[str],
               header_mismatch: bool = False) -> Finding:
        """The finding of a failing relation, its sides shown with their terms."""
        path = rule.lhs[0].path
        if header_mismatch:
            template = N_("header row is filled with {actual}, but its items add up to {right}")
        elif rule.op == "<=":
            template = N_("{title}: {left} is more than {right}")
        else:
            template = N_("{title}: {left} ≠ {right}")
        title = _TITLES.get(rule)
        if title is None:
            title = _TITLES[rule] = Msg(rule.title)
        msg = Msg(template, {"title": title, "actual": left.total, "left": left, "right": right})
        return Finding(
            code=rule.id, level=level, path=path, line=None, label=self.form.label(path),  # line: see run()
            msg=msg, expected=right.total, actual=left.total, cells=list(_refs(rule)), blank=blank,
        )

    def shown(self, rule: Rule, terms: tuple[Term, ...], side: Side) -> Sum:
        """One side of a finding: its terms with their values, and their sum when there are several."""
        if _PLAIN.get(rule) is not None:  # this year's cells, no header row: their values as they stand
            labelled, paths = _labelled(self.form, rule, terms)
            return Sum(labelled, list(map(self.report.leaves.get, paths)), side.value)
        labels = term_labels(self.form, rule)
        return Sum(Terms(tuple((Msg(N_("last year's {label}"), {"label": labels[t]}) if t.previous else labels[t],
                                t.sign) for t in terms)), [self.value(t) for t in terms], side.value)

    def value(self, term: Term) -> Number | None:
        """A term's value as the rule counts it: a header row's is the sum of its items (None: blank)."""
        header = None if term.previous else self.headers.get(term.path)
        if header is not None and header.rhs:
            return None if self.wholly_blank(header.rhs) else self.side(header.rhs).value
        return self.number(term)

    def run(self, cross_year: bool | None = None) -> list[Finding]:
        """All findings; ``cross_year`` True/False keeps only those rules, None runs all."""
        findings = []
        sums = []  # the failing relations (not the header rows' warnings)
        for rule in self.form.rules:
            if cross_year is not None and rule.cross_year != cross_year:
                continue
            finding = self.check(rule)
            if finding is not None:
                findings.append(finding)
                if rule.kind == "relation":
                    sums.append(finding)
        _note_shared_cells(sums)
        # Lines are looked up once the findings are counted: a few are found one by one, many from one index.
        self.report.expect_lines(len(findings))
        for finding in findings:
            finding.line = self.report.line(finding.path or "")
        return findings


_Pairs = tuple[tuple[str, int], ...]  # (cell path, sign) of each term of a side
_PLAIN: dict[Rule, tuple[_Pairs, _Pairs] | None] = {}


def _plain_terms(rule: Rule, headers: dict[str, Rule]) -> tuple[_Pairs, _Pairs] | None:
    """A relation's sides as (path, sign) pairs when every term is a cell of this year's report (no header
    row, nothing of last year's): such a rule is decided in one pass over the values (check_plain)."""
    try:
        return _PLAIN[rule]
    except KeyError:
        pass
    plain = None
    if rule.kind == "relation" and not rule.cross_year and not any(t.path in headers for t in rule.terms):
        plain = (tuple((t.path, t.sign) for t in rule.lhs), tuple((t.path, t.sign) for t in rule.rhs))
    _PLAIN[rule] = plain
    return plain


_REFS: dict[Rule, tuple[str, ...]] = {}
_TITLES: dict[Rule, Msg] = {}  # a rule's title, one message for all its findings (messages are not changed once made)
_LABELLED: dict[tuple[Rule, bool], tuple[Terms, tuple[str, ...]]] = {}


def _refs(rule: Rule) -> tuple[str, ...]:
    """The cells a rule reads, as its findings name them (worked out once a rule)."""
    refs = _REFS.get(rule)
    if refs is None:
        refs = _REFS[rule] = tuple(t.ref for t in rule.terms)
    return refs


def _labelled(form: Form, rule: Rule, terms: tuple[Term, ...]) -> tuple[Terms, tuple[str, ...]]:
    """The terms of one side of a rule as its findings show them, and their cells' paths (worked out once a rule)."""
    key = (rule, terms is rule.lhs)
    labelled = _LABELLED.get(key)
    if labelled is None:
        labels = term_labels(form, rule)
        labelled = _LABELLED[key] = (Terms(tuple((labels[t], t.sign) for t in terms)), tuple(t.path for t in terms))
    return labelled


_TERM_LABELS: dict[Rule, dict[Term, str]] = {}  # a form's rules live as long as the process: labels worked out once


def term_labels(form: Form, rule: Rule) -> dict[Term, str]:
    """Each term's label, shortened to what varies in the rule: the column when all its cells are in one
    row (R3: 自然人 …), the row when all are in one column (R1, R2: 一、本年新收… ), else the full label."""
    known = _TERM_LABELS.get(rule)
    if known is not None:
        return known
    cells = [form.cells[t.path] for t in rule.terms]
    subject_row = form.cells[rule.lhs[0].path].row
    labels = {}
    for term, cell in zip(rule.terms, cells, strict=True):
        if any(c.row == c.path for c in cells):  # a legacy indicator is its own row: its title says it all
            labels[term] = cell.label
        elif len({c.row for c in cells}) == 1:
            labels[term] = cell.column_label
        elif len({c.key for c in cells}) == 1:
            labels[term] = _row_label(form, cell.row, subject_row)
        else:
            labels[term] = cell.label
    _TERM_LABELS[rule] = labels
    return labels


def _row_label(form: Form, row: str, subject_row: str) -> str:
    """A row's titles, without the titles it shares with the subject's row (三、本年度办理结果)."""
    mine, theirs = form.titles(row), form.titles(subject_row)
    shared = 0
    while shared < min(len(mine), len(theirs)) - 1 and mine[shared] == theirs[shared]:
        shared += 1
    return " ".join(mine[shared:])


def _note_shared_cells(findings: list[Finding]) -> None:
    """When a cell stands in two failing sums (R1's column and R3's row both hold 本年新收·总计), each
    finding says so: the wrong figure may be that cell, or another in either sum."""
    if len(findings) < 2:
        return
    subjects = {finding.path for finding in findings}
    holding: dict[str | None, list[Finding]] = {}  # a finding's cell -> the failing sums it stands in
    for finding in findings:
        for cell in subjects.intersection(finding.cells):
            holding.setdefault(cell, []).append(finding)
    for finding in findings:
        others = [f for f in holding.get(finding.path or "", ()) if f is not finding]
        if others:
            codes = sorted({f.code for f in others})
            finding.msg = Msg(N_("{message}; this cell is in the failing {codes} too: the wrong figure may be it "
                                 "or another cell of these sums"), {"message": finding.msg, "codes": codes})


def relations(context: Context) -> list[Finding]:
    """The form's relations within one report (x-rules without a ``previous:`` term)."""
    return Evaluator(context.form, context.report, None, context.invalid, context.states).run(cross_year=False)


def across_years(context: Context) -> list[Finding]:
    """The cross-year relations (x-rules with ``previous:`` terms): this year's report against last year's.

    A previous report of another year than the last gets one ``years`` finding instead: the
    relations would only give false errors.
    """
    report, previous, form = context.report, context.previous, context.form
    if previous is None:
        return []
    findings = context.tally("years", _other_year(context), 1) + context.tally("agency", _other_agency(context), 1)
    if findings:
        reason = "other-year" if findings[0].code == "years" else "other-agency"
        for rule in form.rules:
            if rule.cross_year:
                context.state(rule.id).skip(reason)
        return findings
    return Evaluator(form, report, previous, context.invalid, context.states).run(cross_year=True)


def _other_year(context: Context) -> list[Finding]:
    report, previous = context.report, context.previous
    assert previous is not None
    if report.year is None or previous.year is None or previous.year == report.year - 1:
        return []
    return [Finding(
        code="years", level="warning", path="year", line=report.line("year"), label=context.form.label("year"),
        msg=Msg(N_("last year's report ({previous}) is for {found}, not {expected}; the cross-year rules "
                   "were not checked"),
                {"previous": previous.path, "found": previous.year, "expected": report.year - 1}))]


def _other_agency(context: Context) -> list[Finding]:
    """An agency compared with another: names differ once white space is set aside (a renamed agency too)."""
    report, previous = context.report, context.previous
    assert previous is not None
    name, last = report.get("agency.name"), previous.get("agency.name")
    if not isinstance(name, str) or not isinstance(last, str) or "".join(name.split()) == "".join(last.split()):
        return []
    return [Finding(
        code="agency", level="warning", path="agency.name", line=report.line("agency.name"),
        label=context.form.label("agency.name"),
        msg=Msg(N_("last year's report ({previous}) is {other}'s, not {agency}'s; the cross-year rules were not "
                   "checked"), {"previous": previous.path, "other": last, "agency": name}))]
