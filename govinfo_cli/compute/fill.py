"""fill: the cells a form defines from others, computed where every part is filled.

What defines a cell is read off the schemas' rules (``x-rules``), never named
here: a rule of one year that says ``a = b + c + …`` with a single cell,
added, on one side defines that cell as the other side (总计 = its columns,
（七）总计 = the result rows, table 四's 总计, the legacy form's sums). A rule
with several cells on each side (R1: 一 + 二 = 三（七） + 四) defines nothing: it
checks what people type. Derived cells feed others (the rows' 总计 and the
（七）总计 row give （七）总计·总计), so the rules are applied until nothing new
follows.

A cell is derived only when every part is filled (blank is not 0). A derived
cell already filled is never changed: when it differs from what its parts give
it is reported as a conflict. A legacy header row (a ``header`` rule) is only
checked: the official table leaves it blank, so a blank one stays blank.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import MAX_PREC, localcontext

from govinfo_cli.checks.arithmetic import Interval
from govinfo_cli.checks.findings import Number
from govinfo_cli.model.forms import Form, Rule, Term
from govinfo_cli.model.report import Report
from govinfo_cli.record import field, record


@record(frozen=True)
class Definition:
    """A cell, and the parts a rule makes it the sum of."""

    cell: str
    parts: tuple[Term, ...]
    rule: Rule

    @property
    def written(self) -> bool:
        """False for a header row: it is checked, never filled in."""
        return self.rule.kind != "header"


def definitions(form: Form) -> Iterator[Definition]:
    """Every cell a rule of ``form`` defines from others, in the order of the rules."""
    for rule in form.rules:
        if rule.cross_year or rule.op != "=":
            continue
        for one, other in ((rule.lhs, rule.rhs), (rule.rhs, rule.lhs)):
            if len(one) == 1 and one[0].sign > 0 and other:
                yield Definition(one[0].path, other, rule)


@record(frozen=True)
class Derived:
    """A blank cell that fill writes."""

    path: str
    value: Number
    rule: Rule


@record(frozen=True)
class Conflict:
    """A derived cell that fill leaves alone: filled with a value its parts contradict, or blank while
    two rules give it different values."""

    path: str
    rule: Rule
    computed: Number
    filled: Number | None  # the file's value; None: blank, and ``other`` is another rule's value
    other: Number | None = None


@record
class Filling:
    derived: list[Derived] = field(default_factory=list)  # in form order
    conflicts: list[Conflict] = field(default_factory=list)

    @property
    def changes(self) -> bool:
        return bool(self.derived)


def _agrees(value: Number, parts: list[tuple[int, Number]]) -> bool:
    """Whether a filled value is its parts' sum, allowing money the rounding of its decimals (as validate does)."""
    low: Number = 0
    high: Number = 0
    for sign, part in parts:
        interval = Interval.of(part)
        low, high = (low + interval.low, high + interval.high) if sign > 0 else (low - interval.high,
                                                                                  high - interval.low)
    own = Interval.of(value)
    return own.low <= high and low <= own.high


def fill(report: Report) -> Filling:
    """The cells of ``report`` that its form defines from others: those to write, and the conflicts."""
    form = report.form
    if form is None:
        return Filling()
    rules = list(definitions(form))
    typed = {path: value for path in form.cells if (value := report.number(path)) is not None}
    written = {path for path in form.cells if report.get(path) is not None}  # with text in a cell, too
    disputed: set[str] = set()
    while True:  # again without a cell two rules disagree on, so that nothing follows from it
        current, source = _derive(rules, typed, written | disputed)
        filling = _judge(form, rules, typed, current, source, written)
        new = {c.path for c in filling.conflicts if c.filled is None} - disputed
        if not new:
            return filling
        disputed |= new


def _parts(definition: Definition, current: dict[str, Number]) -> list[tuple[int, Number]] | None:
    parts = []
    for term in definition.parts:
        value = current.get(term.path)
        if value is None:
            return None
        parts.append((term.sign, value))
    return parts


def _total(parts: list[tuple[int, Number]]) -> Number:
    with localcontext(prec=MAX_PREC):  # exact: money is never rounded to Decimal's 28 digits
        return sum((sign * value for sign, value in parts), start=0)


def _derive(rules: list[Definition], typed: dict[str, Number],
            kept: set[str]) -> tuple[dict[str, Number], dict[str, Definition]]:
    """Every value that follows, applying the rules until nothing new does; and the rule that gave each.
    ``kept`` are the cells not to derive: those written in the file, and those two rules disagree on.

    A header row counts as the sum of its items wherever it is a part, whatever was typed in it
    (as validate reads it), so that one wrong header does not make the header above it wrong too.
    """
    current = dict(typed)
    source: dict[str, Definition] = {}
    changed = True
    while changed:
        changed = False
        for definition in rules:
            cell = definition.cell
            if cell in source or (cell in kept and (definition.written or cell not in typed)):
                continue
            parts = _parts(definition, current)
            if parts is not None:
                current[cell] = _total(parts)
                source[cell] = definition
                changed = True
    return current, source


def _judge(form: Form, rules: list[Definition], typed: dict[str, Number], current: dict[str, Number],
           source: dict[str, Definition], written: set[str]) -> Filling:
    filling = Filling()
    found: dict[str, list[tuple[Definition, list[tuple[int, Number]]]]] = {}
    for definition in rules:
        parts = _parts(definition, current)
        if parts is not None:
            found.setdefault(definition.cell, []).append((definition, parts))
    for cell, ways in found.items():
        if cell in typed:
            wrong = next(((d, parts) for d, parts in ways if not _agrees(typed[cell], parts)), None)
            if wrong is not None:
                filling.conflicts.append(Conflict(cell, wrong[0].rule, _total(wrong[1]), typed[cell]))
            continue
        if cell in written:  # text where a number belongs: the schema's to report
            continue
        first = _total(ways[0][1])
        other = next(((d, value) for d, parts in ways[1:] if (value := _total(parts)) != first), None)
        if other is not None:
            filling.conflicts.append(Conflict(cell, other[0].rule, other[1], None, first))
    conflicting = {c.path for c in filling.conflicts}
    order = {path: index for index, path in enumerate(form.cells)}
    filling.derived = sorted((Derived(cell, current[cell], definition.rule) for cell, definition in source.items()
                              if definition.written and cell not in written and cell not in conflicting),
                             key=lambda d: order[d.path])
    return filling
