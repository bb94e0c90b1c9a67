"""A sum as a report file (TOML, through the scaffold's writer), as JSON, or one cell explained.

Each is written in pieces from the sum's running totals and its spool of inputs,
so nothing grows with the number of inputs.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from govinfo_cli.compute.sum import Sum, dumps
from govinfo_cli.i18n import _, ngettext
from govinfo_cli.model.messages import format_number

JSON_VERSION = 1


def report_pieces(total: Sum, agency: str | None = None, level: str | None = None) -> Iterator[str]:
    """The sum as a report file of its form: the cells summed, the narrative sections empty, with each
    input's quoted section as comments; the header names every input and its SHA-256."""
    from govinfo_cli.writers.scaffold import agency_lines, write_report

    form, year = total.form, total.year
    assert form is not None and year is not None
    rows = agency_lines(form, {"name": agency, "level": level}, form.deadline(year, level))
    title = form.report_title(agency or "", year)
    header = [f"{title} — 由 govinfo sum 汇总自 {total.count} 份报告（逐级汇总）。",
              "汇总的报告（SHA-256 与文件，可用 sha256sum -c 核对）："]
    comments = {s.key: _quotes(total) for s in form.sections.values() if s.quoted_in_sum}
    return write_report(form, year, total.totals, rows, itertools.chain(header, _digests(total)), comments=comments)


def _digests(total: Sum) -> Iterator[str]:
    for entry in total.entries():
        yield f"{entry.sha256}  {entry.path}"


def _quotes(total: Sum) -> Iterator[str]:
    """Each input's text of the quoted section, as comment lines under its name."""
    first = True
    for entry in total.entries():
        if not entry.quote:
            continue
        if first:
            yield "下列为各报告的本节原文，供编写本级报告参考（文字不汇总）："
            first = False
        yield f"【{entry.agency or entry.path}】{entry.path}"
        yield from entry.quote.splitlines()


def json_pieces(total: Sum, agency: str | None = None, level: str | None = None) -> Iterator[str]:
    """The sum as one JSON document (schemas/sum-result.schema.json), in pieces read from the spool.

    Provenance is per input (``inputs[].cells``: what each input added to each cell): a list per cell
    would hold every input in memory at once. ``govinfo sum --explain CELL`` gives the view of one cell.
    """
    form = total.form
    assert form is not None
    head = dumps({"version": JSON_VERSION, "form": form.name, "year": total.year, "agency": agency, "level": level})
    yield head[:-1] + ', "inputs": ['  # the document goes on: its inputs, one at a time
    for entry in total.entries():
        yield ("," if entry.index else "") + "\n  " + dumps(entry.to_json())
    yield '\n], "cells": ['
    for index, (path, cell) in enumerate(form.cells.items()):
        yield ("," if index else "") + "\n  " + dumps({
            "path": path, "label": cell.label, "value": total.value(path), "filled": total.filled.get(path, 0),
            "blank": total.blank[path].count if path in total.blank else 0})
    notices = total.notices()
    yield '\n], "notices": ['
    yield ",".join("\n  " + dumps(n.to_json()) for n in notices)
    summed = [total.value(path) for path in form.cells]
    yield "\n], \"summary\": " + dumps({
        "inputs": total.count, "flawed": len(total.flawed), "cells": len(summed),
        "blank": sum(value is None for value in summed), "notices": len(notices)}) + "}\n"


def explain(total: Sum, path: str) -> Iterator[str]:
    """Lines: each input's contribution to one cell (those that gave 0 counted), the inputs that left it
    blank, then the sum."""
    form = total.form
    assert form is not None
    cell = form.cells[path]
    yield f"{cell.label} [{path}]"
    zeros = 0
    for entry in total.entries():
        value = entry.cells.get(path)
        if value:
            yield f"  {format_number(value):>12}  {entry.agency or ''}  {entry.path}".rstrip()
        elif value is not None:
            zeros += 1
    if zeros:
        yield "  " + ngettext("0 in {count} report", "0 in {count} reports", zeros).format(count=zeros)
    blank = total.blank.get(path)
    if blank is not None:
        yield "  " + ngettext("blank in {count} report: {names}", "blank in {count} reports: {names}",
                              blank.count).format(count=blank.count, names=blank.text())
    value = total.value(path)
    yield "  " + ngettext("sum: {value}, from {count} of {total} report",
                          "sum: {value}, from {count} of {total} reports", total.count).format(
        value=format_number(value) if value is not None else _("blank"), count=total.filled.get(path, 0),
        total=total.count)
