"""The arithmetic rules of a form (its ``x-rules``), evaluated on a report.

One generic evaluator serves every rule: a rule says ``sum(lhs) op sum(rhs)``.
Blank cells count as 0 and are named in the finding. Money compares as
intervals that follow the decimals written (XBRL Calculations 1.1): ``7730.28``
stands for [7730.275, 7730.285], so sums of rounded figures are not flagged
for rounding alone. Integers are exact.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from govinfo_cli.checks.context import Context
from govinfo_cli.checks.findings import Finding
from govinfo_cli.i18n import N_
from govinfo_cli.model.forms import Form, Rule, Term
from govinfo_cli.model.messages import Msg, Number
from govinfo_cli.model.report import Report


@dataclass(slots=True)  # not frozen: a frozen dataclass is slow to create, and a report makes thousands
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


@dataclass
class Side:
    value: Number
    interval: Interval
    blank: list[str]


class Evaluator:
    """Evaluates a form's rules on one report (and last year's, for cross-year rules)."""

    def __init__(self, form: Form, report: Report, previous: Report | None = None,
                 invalid: frozenset[str] = frozenset()) -> None:
        self.form = form
        self.report = report
        self.previous = previous
        self.invalid = invalid  # cells with a schema error: rules that touch them are skipped
        self.headers = {rule.lhs[0].path: rule for rule in form.rules if rule.kind == "header"}
        # Each cell's (value, interval), or (None, None) when blank: a cell is in many rules.
        self._terms: dict[str, tuple[Number, Interval] | tuple[None, None]] = {}
        self._previous_terms: dict[str, tuple[Number, Interval] | tuple[None, None]] = {}
        self._numbers: dict[str, Number | None] = {}  # each cell's value (None: blank), for whole_sum
        self._previous_numbers: dict[str, Number | None] = {}

    def applicable(self, rule: Rule) -> bool:
        if self.invalid and any(t.path in self.invalid for t in rule.terms if not t.previous):
            return False
        if not rule.cross_year:
            return True
        if self.previous is None or self.previous.form is None:
            return False
        previous_cells = self.previous.form.cells
        return all(t.path in previous_cells for t in rule.terms if t.previous)

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

    def holds_exactly(self, rule: Rule) -> bool:
        """True when the rule holds and every value in it is a whole number: then intervals are
        single points and blanks don't matter, so plain sums decide (most rules of most reports)."""
        left, right = self.whole_sum(rule.lhs), self.whole_sum(rule.rhs)
        if left is None or right is None:
            return False
        return left <= right if rule.op == "<=" else left == right

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
            cache = self._previous_numbers if term.previous else self._numbers
            try:
                number = cache[term.path]
            except KeyError:
                source = self.previous if term.previous else self.report
                assert source is not None
                number = cache[term.path] = source.number(term.path)
            if number is None:
                continue
            if type(number) is not int:
                return None
            total += term.sign * number
        return total

    def holds(self, rule: Rule, left: Side, right: Side) -> bool:
        if rule.op == "<=":
            return left.interval.low <= right.interval.high
        return left.interval.low <= right.interval.high and right.interval.low <= left.interval.high

    def check(self, rule: Rule) -> Finding | None:
        if not self.applicable(rule):
            return None
        if rule.kind == "header":
            return self.check_header(rule)
        if self.holds_exactly(rule):
            return None
        left, right = self.side(rule.lhs), self.side(rule.rhs)
        if self.holds(rule, left, right):
            return None
        # As in XBRL calculation checks, a relation is only contradicted when both sides were
        # reported. A side left wholly blank is a gap to fill, not a wrong number: a warning.
        if len(left.blank) == len(rule.lhs) or len(right.blank) == len(rule.rhs):
            return self.finding(rule, "warning", left, right, blank_side=True)
        return self.finding(rule, rule.level, left, right)

    def check_header(self, rule: Rule) -> Finding | None:
        path = rule.lhs[0].path
        filled = self.report.number(path)
        if filled is None:
            return None
        left = Side(filled, Interval.of(filled), [])
        if rule.rhs:
            right = self.side(rule.rhs)
            if not self.holds(rule, left, right):
                return self.finding(rule, "error", left, right, header_mismatch=True)
        return Finding(
            code=rule.id, level="warning", path=path, line=self.report.line(path), label=self.form.label(path),
            msg=Msg(N_("header row is filled ({value}); the official table leaves header rows blank"),
                    {"value": filled}),
            actual=filled, cells=[t.ref for t in rule.terms],
        )

    def finding(self, rule: Rule, level: str, left: Side, right: Side, header_mismatch: bool = False,
                blank_side: bool = False) -> Finding:
        path = rule.lhs[0].path
        if blank_side and len(left.blank) == len(rule.lhs):
            template = N_("{title}: left blank, but the other side comes to {expected}; fill it in")
        elif blank_side:
            template = N_("{title}: {actual}, but the cells it should equal are all blank; fill them in")
        elif header_mismatch:
            template = N_("header row is filled with {actual}, but its items add up to {expected} "
                          "(difference {diff:+})")
        elif rule.op == "<=":
            template = N_("{title}: {actual} is more than {expected} (by {diff:+})")
        else:
            template = N_("{title}: found {actual}, expected {expected} (difference {diff:+})")
        msg = Msg(template, {"title": Msg(rule.title), "actual": left.value, "expected": right.value,
                             "diff": left.value - right.value})
        blank = left.blank + right.blank
        # A blank subject is said above already; a wholly blank side needs no list.
        named = [] if blank_side and not left.blank else [ref for ref in blank if ref != path]
        if named:
            msg = Msg(N_("{message}; blank, counted as 0: {cells}"),
                      {"message": msg, "cells": [self.blank_label(ref, path) for ref in named]})
        return Finding(
            code=rule.id, level=level, path=path, line=self.report.line(path), label=self.form.label(path),
            msg=msg, expected=right.value, actual=left.value, cells=[t.ref for t in rule.terms], blank=blank,
        )

    def blank_label(self, ref: str, subject: str) -> str | Msg:
        """A blank cell's label, shortened to what differs from the finding's own cell."""
        if ref.startswith("previous:"):
            return Msg(N_("last year's {label}"), {"label": self.form.label(ref.removeprefix("previous:"))})
        cell, own = self.form.cells[ref], self.form.cells.get(subject)
        if own is not None and cell.row == own.row and cell.row != cell.path:
            return cell.column_label
        if own is not None and cell.key == own.key and cell.row != cell.path:
            return self.form.label(cell.row)
        return cell.label

    def run(self, cross_year: bool | None = None) -> list[Finding]:
        """All findings; ``cross_year`` True/False keeps only those rules, None runs all."""
        findings = []
        for rule in self.form.rules:
            if cross_year is not None and rule.cross_year != cross_year:
                continue
            finding = self.check(rule)
            if finding is not None:
                findings.append(finding)
        return findings


def relations(context: Context) -> list[Finding]:
    """The form's relations within one report (x-rules without a ``previous:`` term)."""
    return Evaluator(context.form, context.report, None, context.invalid).run(cross_year=False)


def across_years(context: Context) -> list[Finding]:
    """The cross-year relations (x-rules with ``previous:`` terms): this year's report against last year's.

    A previous report of another year than the last gets one ``years`` finding instead: the
    relations would only give false errors.
    """
    report, previous, form = context.report, context.previous, context.form
    if previous is None:
        return []
    if report.year is not None and previous.year is not None and previous.year != report.year - 1:
        return [Finding(
            code="years", level="warning", path="year", line=report.line("year"), label=form.label("year"),
            msg=Msg(N_("last year's report ({previous}) is for {found}, not {expected}; the cross-year rules "
                       "were not checked"),
                    {"previous": previous.path, "found": previous.year, "expected": report.year - 1}))]
    return Evaluator(form, report, previous, context.invalid).run(cross_year=True)
