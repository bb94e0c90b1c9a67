"""new: a report file scaffolded from the form, optionally continuing last year's."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from govinfo_cli.i18n import _
from govinfo_cli.model.forms import DEFAULT_LEVEL, Cell, Form, form_for_year, load_form
from govinfo_cli.model.messages import Number
from govinfo_cli.model.report import Report
from govinfo_cli.term import clean
from govinfo_cli.writers.render import display_width

FILLED_BEFORE_DEADLINE = datetime.timedelta(days=14)  # the example 填报日期: a fortnight before the deadline


@dataclass
class Scaffold:
    text: str
    notes: list[str]  # what could not be carried over, for stderr


def default_year(today: datetime.date | None = None) -> int:
    return (today or datetime.date.today()).year - 1


def carried_values(form: Form, previous: Report) -> tuple[dict[str, Number], list[str]]:
    """This year's cells that follow from last year's report, and notes on what did not.

    They are read off the form's cross-year rules: where a rule has one cell of
    this year on its left, that cell starts as the rule's right side with this
    year's other cells at 0 (R9: 上年结转 = last year's 结转下年度; R7: 现行有效件数 starts
    from last year's).
    """
    values: dict[str, Number] = {}
    missing: dict[str, list[str]] = {}
    previous_cells = previous.form.cells if previous.form else {}
    for rule in form.rules:
        if not rule.cross_year or rule.kind != "relation" or len(rule.lhs) != 1 or rule.lhs[0].previous:
            continue
        target = rule.lhs[0].path
        sources = [t for t in rule.rhs if t.previous]
        if not all(t.path in previous_cells for t in sources):
            missing.setdefault(rule.id, []).append(target)
            continue
        values[target] = sum((t.sign * (previous.number(t.path) or 0) for t in sources), start=0)
    notes = [
        _("not carried over: {labels} — last year's report (form {form}) has no matching cells; "
          "fill them in by hand").format(labels="、".join(form.label(p) for p in paths), form=previous.form_name)
        for paths in missing.values()
    ]
    return values, notes


def _short_label(cell: Cell) -> str:
    if cell.row == cell.path:
        return cell.label
    return cell.column_label


def _blocks(form: Form, values: dict[str, Number], blank: bool) -> list[dict[str, Any]]:
    """The tables' key blocks; a cell without a value is 0 (a scaffold) or, with ``blank``, left blank."""
    blocks: list[dict[str, Any]] = []
    for table in form.tables.values():
        by_parent: dict[str, list[Cell]] = {}
        for cell in table.cells():
            by_parent.setdefault(cell.path.rpartition(".")[0], []).append(cell)
        for index, (parent, cells) in enumerate(by_parent.items()):
            label = form.label(parent)
            if index == 0:
                label = f"{table.title} › {label}" if label != table.title else label
            blocks.append({
                "path": parent, "label": label,
                "cells": [{"key": c.key, "value": values.get(c.path, None if blank else 0), "label": _short_label(c),
                           "unit": c.unit if c.row == c.path and c.unit != "——" else None}
                          for c in cells],
            })
    return blocks


def _toml_value(value: Any) -> str:
    import tomli_w

    return tomli_w.dumps({"v": value}).partition("=")[2].strip()


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - display_width(text))


def _one_line(text: str) -> str:
    """Text for a TOML comment: on one line, control characters shown (TOML forbids them in comments)."""
    return clean(re.sub(r"\r\n|[\r\n]", " ", text))


# a file name written into the scaffold's comment as a command's argument: quoted when a shell would split it
_SHELL_SPECIAL = re.compile(r"[\s'\"\\$`;&|<>*?()\[\]{}!#~]")


def _previous_argument(previous: Report | None) -> str | None:
    """Last year's file as an argument of ``validate --previous``, or None when it is no file (stdin)."""
    if previous is None or not Path(previous.path).is_file() or _one_line(previous.path) != previous.path:
        return None
    path = previous.path
    return "'" + path.replace("'", "'\\''") + "'" if _SHELL_SPECIAL.search(path) else path


def scaffold(year: int | None = None, form_name: str | None = None, agency: str | None = None,
             previous: Report | None = None) -> Scaffold:
    if year is None:
        year = previous.year + 1 if previous is not None and previous.year is not None else default_year()
    form = load_form(form_name or form_for_year(year))
    if not form.holds_year(year):
        raise ValueError(_("form {form} is for report years {first}–{last}, not {year}").format(
            form=form.name, first=form.first_year, last=form.last_year, year=year))
    values: dict[str, Number] = {}
    notes: list[str] = []
    previous_agency: dict[str, Any] = {}
    if previous is not None:
        values, notes = carried_values(form, previous)
        raw = previous.get("agency")
        previous_agency = raw if isinstance(raw, dict) else {}
    fields: dict[str, Any] = {}
    for key, spec in form.agency_fields.items():
        value = None if spec.date else previous_agency.get(key)  # a date belongs to last year's report
        if key == "name" and agency:
            value = agency
        if value is None and not spec.date and not spec.choices:
            value = ""
        if value is not None:
            fields[key] = value
    text = write_report(form, year, values=values, agency=fields, previous=_previous_argument(previous))
    return Scaffold(text=text, notes=notes)


def write_report(form: Form, year: int, values: dict[str, Number], agency: dict[str, Any],
                 texts: dict[str, str] | None = None, published: datetime.date | None = None,
                 source: tuple[str, str] | None = None, decisions: list[str] | None = None,
                 previous: str | None = None) -> str:
    """A report file with every key of the form, its Chinese label beside it.

    ``new`` writes a scaffold: every cell 0 unless ``values`` gives it, texts empty. ``import``
    writes what a document says (``source``: its file name and SHA-256; ``decisions``: what
    import decided, listed in the header): a cell missing from ``values`` is blank, written as
    a commented-out key line, so that the editor still sees it with its label and fills it by
    removing ``# `` (TOML reads the comment as absent, which govinfo keeps as blank).
    An agency field without a value is a commented-out example line in both.
    """
    from govinfo_cli.resources import template

    level = agency.get("level")
    due = form.deadline(year, level if isinstance(level, str) else None)
    examples = {"filled": (due - FILLED_BEFORE_DEADLINE).isoformat(), "level": _toml_value(DEFAULT_LEVEL)}
    agency_rows = []
    for key, spec in form.agency_fields.items():
        value = agency.get(key)
        if spec.date and isinstance(value, str):
            value = datetime.date.fromisoformat(value)
        agency_rows.append({"key": key, "value": value, "title": spec.title, "example": examples.get(key, '""'),
                            "choices": [(choice, spec.choice_titles.get(choice, ""), form.deadline_text(choice))
                                        for choice in spec.choices]})
    name = agency.get("name")
    return template("report.toml.j2", autoescape=False).render(
        form=form, year=year, agency=agency_rows, width=28, toml=_toml_value, pad=_pad,
        title=_one_line(form.report_title(name if isinstance(name, str) else "", year)),
        published=published, due=due.isoformat(),
        sections=[{"key": s.key, "title": s.title, "hint": s.hint,
                   "text": _multiline((texts or {}).get(s.path))} for s in form.sections.values()],
        blocks=_blocks(form, values, blank=source is not None),
        previous=previous, source=source and (_one_line(source[0]), source[1]),
        decisions=[_one_line(d) for d in decisions or []],
    )


def _multiline(text: str | None) -> str | None:
    """A narrative text as the body of a TOML multi-line basic string (between its \"\"\" lines)."""
    if not text:
        return None
    import tomli_w

    literal = tomli_w.dumps({"v": text.strip("\n") + "\n"}, multiline_strings=True).partition("=")[2].strip()
    return literal.removeprefix('"""\n').removesuffix('"""').rstrip("\n")  # ends in a newline: always multi-line
