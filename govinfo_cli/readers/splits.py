"""Figures that ran together when a table was copied (``640020470``), split by the form's rules.

A row's run of digits can be cut into its cells in many ways. A way is kept when
every piece is a number as its cell allows (no leading zero; decimals only for
money) and the form's own arithmetic (``x-rules``, evaluated by
:class:`govinfo_cli.checks.arithmetic.Evaluator`) holds: first the rules within the
row, then the rules across the rows that ran together (R1, R2 tie the rows of table
三), with last year's report for the cross-year rules when one is given. A split is
taken only when exactly one remains; otherwise import stops and names the row, the
digits and the candidates, so that the editor can give the right one (``--split``).
"""

from __future__ import annotations

import re
from decimal import Decimal

from govinfo_cli.i18n import _
from govinfo_cli.model.forms import Form, Rule
from govinfo_cli.model.report import Number, Report, nested
from govinfo_cli.readers.document import SourceError
from govinfo_cli.record import record

MAX_SOLUTIONS = 5000  # more ways than this through a group of rows is as good as ambiguous
SHOWN = 6  # candidates named in the message

_PIECE = {
    "count": re.compile(r"^(?:0|[1-9]\d*)$"),
    "signed": re.compile(r"^-?(?:0|[1-9]\d*)$"),
    "money": re.compile(r"^(?:0|[1-9]\d*)(?:\.\d+)?$"),
}


@record
class Pending:
    """A row whose figures ran together: its label as printed, its cells and the runs of figures."""

    label: str  # the row's full label, for messages
    name: str  # its own title, for --split
    paths: list[str]
    groups: list[str]

    @property
    def digits(self) -> str:
        return " ".join(self.groups)


def number(text: str) -> Number:
    return Decimal(text) if "." in text else int(text)


class _Rules:
    def __init__(self, form: Form, previous: Report | None) -> None:
        self.form = form
        self.previous = previous
        usable = previous is not None and previous.form is not None
        self.rules = [r for r in form.rules if r.kind == "relation" and (not r.cross_year or (usable
                      and all(t.path in previous.form.cells for t in r.terms if t.previous)))]  # type: ignore[union-attr]

    def current(self, rule: Rule) -> set[str]:
        return {t.path for t in rule.terms if not t.previous}

    def holds(self, rule: Rule, values: dict[str, Number]) -> bool:
        from govinfo_cli.checks.arithmetic import Evaluator  # only for figures that ran together

        evaluator = Evaluator(self.form, Report(path="", text="", data=nested(values)), self.previous)
        return evaluator.holds(rule, evaluator.side(rule.lhs), evaluator.side(rule.rhs))


def _ways(groups: list[str], kinds: list[str]) -> list[list[str]]:
    """Every cut of the runs into exactly ``len(kinds)`` pieces that are numbers as their cells allow."""
    out: list[list[str]] = []

    def cut(group: int, offset: int, cell: int, pieces: list[str]) -> None:
        if group == len(groups):
            if cell == len(kinds):
                out.append(list(pieces))
            return
        text = groups[group]
        if cell == len(kinds):
            return
        for end in range(offset + 1, len(text) + 1):
            piece = text[offset:end]
            if not _PIECE[kinds[cell]].match(piece):
                continue
            pieces.append(piece)
            if end == len(text):
                cut(group + 1, 0, cell + 1, pieces)
            else:
                cut(group, end, cell + 1, pieces)
            pieces.pop()

    cut(0, 0, 0, [])
    return out


def split_rows(form: Form, pending: list[Pending], known: dict[str, Number],
               previous: Report | None = None) -> tuple[dict[str, Number], list[str]]:
    """The values of the pending rows, and a note on each split taken; :class:`SourceError` when a
    row has no split or more than one that the rules allow."""
    if not pending:
        return {}, []
    rules = _Rules(form, previous)
    kinds = {path: cell.type for path, cell in form.cells.items()}
    candidates: list[list[list[str]]] = []
    used: list[set[str]] = [set() for _ in pending]
    only: list[bool] = []  # one way to cut the digits at all: the rules did not decide
    for index, row in enumerate(pending):
        ways = _ways(row.groups, [kinds[p] for p in row.paths])
        only.append(len(ways) == 1)
        own = set(row.paths)
        local = [r for r in rules.rules if rules.current(r) <= own | set(known) and rules.current(r) & own]
        kept = []
        for way in ways:
            values = {**known, **dict(zip(row.paths, map(number, way)))}
            if all(rules.holds(rule, values) for rule in local):
                kept.append(way)
        used[index] |= {r.id for r in local}
        if not kept:
            raise SourceError(_("{row}: no split of the figures “{digits}” into its {cells} cells satisfies "
                                "the form's rules; give it with --split").format(
                row=row.label, digits=row.digits, cells=len(row.paths)))
        candidates.append(kept)
    chosen: dict[str, Number] = {}
    notes: list[str] = []
    for component in _components(pending, rules, known):
        solutions = _solve(component, pending, candidates, rules, known, used)
        for index in component:
            row = pending[index]
            distinct = sorted({tuple(s[index]) for s in solutions})
            if len(distinct) != 1:
                splits = distinct or [tuple(w) for w in candidates[index]]
                shown = ", ".join("|".join(w) for w in splits[:SHOWN]) + (", …" if len(splits) > SHOWN else "")
                if not distinct:
                    raise SourceError(_("{row}: no split of the figures “{digits}” agrees with the other rows "
                                        "under the form's rules (each alone: {ways}); give it with --split").format(
                        row=row.label, digits=row.digits, ways=shown))
                raise SourceError(_("{row}: the figures “{digits}” split in {count} ways that the form's rules "
                                    "allow: {ways}; look the row up in the original and give it with "
                                    "--split \"{label}=…\"").format(
                    row=row.label, digits=row.digits, count=len(splits), ways=shown, label=row.name))
            split = distinct[0]
            chosen.update(zip(row.paths, map(number, split)))
            if only[index]:
                notes.append(_("{row}: “{digits}” read as {way}, the only way to cut it into {cells} cells").format(
                    row=row.label, digits=row.digits, way="|".join(split), cells=len(row.paths)))
            else:
                notes.append(_("{row}: “{digits}” read as {way}, the only split the rules {rules} allow").format(
                    row=row.label, digits=row.digits, way="|".join(split),
                    rules="、".join(sorted(used[index])) or "—"))
    return chosen, notes


def _components(pending: list[Pending], rules: _Rules, known: dict[str, Number]) -> list[list[int]]:
    """Groups of pending rows tied together by a rule."""
    owner = {path: i for i, row in enumerate(pending) for path in row.paths}
    parent = list(range(len(pending)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for rule in rules.rules:
        rows = {owner[p] for p in rules.current(rule) if p in owner}
        first = next(iter(rows), None)
        for other in rows:
            parent[find(other)] = find(first)  # type: ignore[arg-type]
    groups: dict[int, list[int]] = {}
    for index in range(len(pending)):
        groups.setdefault(find(index), []).append(index)
    return list(groups.values())


def _solve(component: list[int], pending: list[Pending], candidates: list[list[list[str]]], rules: _Rules,
           known: dict[str, Number], used: list[set[str]]) -> list[dict[int, list[str]]]:
    """Every choice of one candidate per row of the component under which the rules hold (capped)."""
    order = sorted(component, key=lambda i: len(candidates[i]))
    paths = {p for i in component for p in pending[i].paths}
    relevant = [r for r in rules.rules if rules.current(r) & paths and len({
        i for i in component if rules.current(r) & set(pending[i].paths)}) > 1]
    if not relevant:  # a row no rule ties to another: its own candidates are the solutions
        (index,) = component
        return [{index: way} for way in candidates[index]]
    solutions: list[dict[int, list[str]]] = []

    def decided(rule: Rule, assigned: set[str]) -> bool:
        return rules.current(rule) <= assigned | set(known)

    def step(depth: int, values: dict[str, Number], choice: dict[int, list[str]], assigned: set[str]) -> None:
        if len(solutions) >= MAX_SOLUTIONS:
            return
        if depth == len(order):
            solutions.append(dict(choice))
            return
        index = order[depth]
        row = pending[index]
        for way in candidates[index]:
            now = {**values, **dict(zip(row.paths, map(number, way)))}
            grown = assigned | set(row.paths)
            fresh = [r for r in relevant if decided(r, grown) and not decided(r, assigned)]
            if all(rules.holds(rule, now) for rule in fresh):
                choice[index] = way
                step(depth + 1, now, choice, grown)
                del choice[index]

    step(0, dict(known), {}, set())
    for index in component:
        used[index] |= {r.id for r in relevant if rules.current(r) & set(pending[index].paths)}
    return solutions
