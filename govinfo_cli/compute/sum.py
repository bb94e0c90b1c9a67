"""sum (逐级汇总): reports of one year added up cell by cell, in one pass, with provenance.

A county's office sums its departments' and townships' reports, a city its
departments' and counties'. Every input is validated as it is read (the worker
pool of :mod:`govinfo_cli.checks.batch`); what the sum keeps of it in memory
is nothing but running totals and counts: each input's contributions, name,
SHA-256 and quoted 总体情况 go to a spool file, read back when the output is
written. So memory stays flat for any number of inputs.

Arithmetic is exact: counts are Python integers, money is Decimal added
without rounding. Blank is not 0: a cell blank in every input stays blank; a
cell blank in some inputs is the sum of the others, and said so. An input on
another form is added only where the forms' cells map (as diff compares them,
:func:`govinfo_cli.checks.diff.cell_sources`); each of its cells that maps to
nothing is said, not guessed. The narrative is not summed: the output's
sections are empty, with each input's text of the section the schema marks
(``x-sum-quote``) quoted as comments for the editor to draw on.
"""

from __future__ import annotations

import hashlib
import json
import pickle
import re
import secrets
import tempfile
from collections.abc import Iterator
from decimal import MAX_PREC, Decimal, localcontext
from typing import Any, BinaryIO

from govinfo_cli.checks.batch import Item
from govinfo_cli.checks.findings import FileResult, Number
from govinfo_cli.i18n import _, ngettext
from govinfo_cli.model.forms import Form, form_for_year, load_form
from govinfo_cli.model.report import Report, decode, parse_report, read_bytes
from govinfo_cli.record import field, record

NAMED = 5  # inputs a notice names; the rest are counted


# --- one input, read and checked by a worker ----------------------------------------------------------------


@record
class Summand:
    """What the sum needs of one input: its validation, its numbers, and what names it."""

    result: FileResult
    sha256: str | None = None
    agency: str | None = None
    values: dict[str, Number] = field(default_factory=dict)  # every cell holding a number (blank: absent)
    quote: str = ""  # the text of the section the sum quotes

    @property
    def path(self) -> str:
        return self.result.path


def examine(item: Item | Summand) -> Summand:
    """Read and validate one input (in a worker process): a path, or what is known of it already
    (standard input, read before; an empty or unreadable folder's result)."""
    from govinfo_cli.checks.validate import check_file

    if isinstance(item, Summand):
        return item
    if isinstance(item, FileResult):
        return Summand(result=item)
    digests: list[str] = []

    def load(path: str) -> Report:
        raw = read_bytes(path)
        digests.append(hashlib.sha256(raw).hexdigest())
        return parse_report(decode(raw, path), "<stdin>" if path == "-" else path)

    result, report = check_file(item, load=load)
    if report is None or report.form is None:
        return Summand(result=result, sha256=digests[0] if digests else None)
    form = report.form
    values = {path: value for path, value in _leaves(report.data, "") if path in form.cells}
    quoted = [report.text_of(s.path).strip() for s in form.sections.values() if s.quoted_in_sum]
    agency = report.get("agency.name")
    return Summand(result=result, sha256=digests[0], agency=agency if isinstance(agency, str) else None,
                   values=values, quote="\n".join(q for q in quoted if q))


def _leaves(data: dict[str, Any], prefix: str) -> Iterator[tuple[str, Number]]:
    """Every number in ``data`` with its key path (one walk: faster than asking for each cell)."""
    for key, value in data.items():
        if isinstance(value, dict):
            yield from _leaves(value, f"{prefix}{key}.")
        elif type(value) is int or type(value) is Decimal:  # not bool
            yield f"{prefix}{key}", value


# --- what the sum says ----------------------------------------------------------------------------------------

@record(frozen=True)
class Notice:
    """Something the sum says: why an input was refused, or what a summed cell leaves out."""

    # Why an input stops the sum: "unreadable", "year", "form", or "flawed" (with errors; with --allow-errors
    # it is summed and named). What a summed cell leaves out: "blank" (blank in some inputs), "unmapped"
    # (a cell of an input's form without a counterpart in the sum's).
    kind: str
    message: str
    cell: str | None = None
    label: str = ""
    inputs: tuple[str, ...] = ()  # the first inputs concerned (up to NAMED)
    count: int = 0  # how many inputs in all

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "cell": self.cell, "label": self.label, "message": self.message,
                "inputs": list(self.inputs), "count": self.count}


@record
class Entry:
    """One summed input, as the spool keeps it: for the output's header, provenance and quotes."""

    index: int
    path: str
    sha256: str
    agency: str | None
    form: str
    year: int | None
    errors: int
    warnings: int
    cells: dict[str, Number]  # what it added to each cell of the sum (cells it left blank: absent)
    quote: str

    def to_json(self) -> dict[str, Any]:
        return {"path": self.path, "sha256": self.sha256, "agency": self.agency, "form": self.form,
                "year": self.year, "errors": self.errors, "warnings": self.warnings, "cells": self.cells}


class _Named:
    """A count of inputs, with the first few named."""

    __slots__ = ("count", "names")

    def __init__(self) -> None:
        self.count = 0
        self.names: list[str] = []

    def add(self, name: str) -> None:
        self.count += 1
        if len(self.names) < NAMED:
            self.names.append(name)

    def text(self) -> str:
        more = self.count - len(self.names)
        return "、".join(self.names) + (_(" and {count} more").format(count=more) if more else "")


# --- the sum --------------------------------------------------------------------------------------------------


class Sum:
    """Running totals of the inputs added so far; :meth:`add` each input, then read the result.

    The sum's year is ``year``, or else the first input's; its form is that year's form.
    """

    def __init__(self, year: int | None = None, allow_errors: bool = False) -> None:
        self.year = year
        self.allow_errors = allow_errors
        self.form: Form | None = load_form(form_for_year(year)) if year is not None else None
        self.totals: dict[str, Number] = {}
        self.filled: dict[str, int] = {}  # per cell: how many inputs filled it
        self.blank: dict[str, _Named] = {}  # per cell: the inputs that left it blank
        self.unmapped: dict[tuple[str, str], _Named] = {}  # (form, cell of that form): inputs it came from
        self.refusals: list[Notice] = []
        self.flawed: list[Notice] = []  # inputs with errors, summed under --allow-errors
        self.count = 0  # inputs summed
        self._sources: dict[str, dict[str, tuple[str, ...]]] = {}
        self._spool: BinaryIO = tempfile.TemporaryFile()  # noqa: SIM115 (open as long as the sum: close())

    # -- adding

    def add(self, summand: Summand) -> None:
        result = summand.result
        if result.unreadable:
            finding = next(f for f in result.findings if f.code == "parse")
            where = result.path + (f":{finding.line}" if finding.line is not None else "")
            self._refuse("unreadable", f"{where}: {finding.message}", result.path)
            return
        if result.form is None:
            from govinfo_cli.checks.schema import choices_text

            self._refuse("unreadable", _("{path}: not a report of a known form (form = one of {choices})").format(
                path=result.path, choices=choices_text()), result.path)
            return
        if self.year is None and result.year is not None:
            self.year = result.year
            self.form = load_form(form_for_year(result.year))
        if result.year is None or result.year != self.year:
            self._refuse("year", _("{path}: a report for {found}, not {year}; the reports of a sum are of one "
                                   "year").format(path=result.path, found=result.year or "?", year=self.year or "?"),
                         result.path)
            return
        assert self.form is not None
        sources = self._sources_of(result.form)
        if not sources:
            self._refuse("form", _("{path}: form {found} cannot be summed into form {form}: no table of one is "
                                   "comparable with the other's").format(path=result.path, found=result.form,
                                                                         form=self.form.name), result.path)
            return
        if result.errors:
            notice = Notice("flawed", ngettext("{path}: {count} error; see govinfo validate {path}",
                                               "{path}: {count} errors; see govinfo validate {path}",
                                               result.errors).format(path=result.path, count=result.errors),
                            inputs=(result.path,), count=1)
            if self.allow_errors:
                self.flawed.append(notice)
            else:
                self.refusals.append(notice)
                return
        if self.refusals:  # the sum will not be written: go on only to find every refusal
            return
        self._sum(summand, sources)

    def _refuse(self, kind: str, message: str, path: str) -> None:
        self.refusals.append(Notice(kind, message, inputs=(path,), count=1))

    def _sources_of(self, form_name: str) -> dict[str, tuple[str, ...]]:
        assert self.form is not None
        if form_name not in self._sources:
            from govinfo_cli.checks.diff import cell_sources

            source = load_form(form_name)
            self._sources[form_name] = ({path: (path,) for path in self.form.cells} if source is self.form
                                        else cell_sources(source, self.form))
        return self._sources[form_name]

    def _sum(self, summand: Summand, sources: dict[str, tuple[str, ...]]) -> None:
        assert self.form is not None and summand.sha256 is not None and summand.result.form is not None
        values = summand.values
        if summand.result.form == self.form.name:
            added = values
        else:
            added = {}
            for path, paths in sources.items():
                parts = [values[p] for p in paths if p in values]
                if parts:
                    added[path] = sum(parts, start=0)
            used = {p for paths in sources.values() for p in paths}
            for path in values:
                if path not in used:
                    self.unmapped.setdefault((summand.result.form, path), _Named()).add(summand.path)
        totals, filled = self.totals, self.filled
        with localcontext(prec=MAX_PREC):  # exact: money is never rounded to Decimal's 28 digits
            for path, value in added.items():
                totals[path] = totals.get(path, 0) + value
                filled[path] = filled.get(path, 0) + 1
        if len(added) < len(self.form.cells):
            for path in self.form.cells.keys() - added.keys():
                self.blank.setdefault(path, _Named()).add(summand.path)
        entry = Entry(index=self.count, path=summand.path, sha256=summand.sha256, agency=summand.agency,
                      form=summand.result.form, year=summand.result.year, errors=summand.result.errors,
                      warnings=summand.result.warnings, cells=added, quote=summand.quote)
        pickle.dump(entry, self._spool, protocol=pickle.HIGHEST_PROTOCOL)
        self.count += 1

    # -- the result

    def value(self, path: str) -> Number | None:
        """The sum of a cell; None when every input left it blank."""
        return self.totals.get(path)

    def notices(self) -> list[Notice]:
        """What the summed cells leave out: flawed inputs, cells blank in some inputs, cells without a counterpart."""
        assert self.form is not None
        out = list(self.flawed)
        for path, cell in self.form.cells.items():
            blank = self.blank.get(path)
            if blank is None or path not in self.totals:
                continue  # filled everywhere, or blank everywhere (and so blank in the sum)
            out.append(Notice("blank", _("{label} [{path}]: blank in {count} of {total} reports ({names}); the sum "
                                         "adds the {filled} that filled it (blank is not 0)").format(
                label=cell.label, path=path, count=blank.count, total=self.count, names=blank.text(),
                filled=self.filled[path]), cell=path, label=cell.label, inputs=tuple(blank.names), count=blank.count))
        for (form_name, path), named in self.unmapped.items():
            label = load_form(form_name).label(path)
            out.append(Notice("unmapped", ngettext(
                "{label} [{path}] of form {found} has no counterpart in form {form}: not added, from {count} report "
                "({names})",
                "{label} [{path}] of form {found} has no counterpart in form {form}: not added, from {count} reports "
                "({names})", named.count).format(
                label=label, path=path, found=form_name, form=self.form.name, count=named.count, names=named.text()),
                cell=path, label=label, inputs=tuple(named.names), count=named.count))
        return out

    def entries(self) -> Iterator[Entry]:
        """The summed inputs in the order they were added, read back from the spool."""
        self._spool.flush()
        self._spool.seek(0)
        while True:
            try:
                yield pickle.load(self._spool)
            except EOFError:
                return

    def close(self) -> None:
        self._spool.close()


# --- exact JSON -----------------------------------------------------------------------------------------------


def dumps(value: Any) -> str:
    """JSON where money (Decimal) is written with all its digits, as a number, never through a float."""
    text = json.dumps(value, ensure_ascii=False, default=_marked)
    return _MARKED.sub(r"\1", text) if _NONCE in text else text


_NONCE = secrets.token_hex(8)  # marks a Decimal written as a string: no text from a file can hold it
_MARKED = re.compile(f'"{_NONCE}(-?[0-9.]+){_NONCE}"')


def _marked(value: Any) -> str:
    if isinstance(value, Decimal):
        return f"{_NONCE}{value:f}{_NONCE}"
    raise TypeError(f"{type(value).__name__} is not JSON")
