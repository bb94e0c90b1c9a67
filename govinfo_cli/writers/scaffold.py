"""new: a report file scaffolded from the form, optionally continuing last year's."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path

from govinfo_cli.i18n import _
from govinfo_cli.model.forms import DEFAULT_LEVEL, Cell, Form, form_for_year, load_form
from govinfo_cli.model.messages import Number
from govinfo_cli.model.report import Report
from govinfo_cli.record import record
from govinfo_cli.term import clean, display_width

TYPE_CHECKING = False  # typing is not imported at run time: every start pays for it
if TYPE_CHECKING:
    from typing import Any

FILLED_BEFORE_DEADLINE = datetime.timedelta(days=14)  # the example 填报日期: a fortnight before the deadline


@record
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


def _blocks(form: Form, values: Mapping[str, Number | None], blank_lines: bool = False) -> list[dict[str, Any]]:
    """Each row's lines; a blank cell left out, or with ``blank_lines`` written as a commented-out key line."""
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
                "lines": [cell_line(c, value) if value is not None else blank_line(c)
                          for c in cells if (value := values.get(c.path)) is not None or blank_lines],
            })
    return blocks


WIDTH = 28  # a key and its value, padded: the labels line up after them


def cell_line(cell: Cell, value: Number) -> str:
    """A cell's line in a report file: ``key = value``, then its label (and a legacy row's unit) as a comment."""
    unit = f"（{cell.unit}）" if cell.row == cell.path and cell.unit and cell.unit != "——" else ""
    return f"{_pad(f'{cell.key} = {_toml_value(value)}', WIDTH)}  # {_short_label(cell)}{unit}"


def blank_line(cell: Cell) -> str:
    """A blank cell's line in an imported file: the key commented out, so that its label stays in place
    and filling it in is removing ``# `` and typing the figure (TOML reads the comment as absent: blank)."""
    unit = f"（{cell.unit}）" if cell.row == cell.path and cell.unit and cell.unit != "——" else ""
    return f"# {_pad(f'{cell.key} =', WIDTH - 2)}  # {_short_label(cell)}{unit}（空白）"


def _toml_value(value: Any) -> str:
    if type(value) is int:  # nearly every cell: TOML writes it as Python does (tomli_w: str())
        return str(value)
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
             previous: Report | None = None, derived_blank: bool = False) -> Scaffold:
    """This year's report file: every cell 0, or carried over from ``previous``.

    ``derived_blank`` leaves out the cells the form defines from others (总计…), unless carried
    over, for ``govinfo fill`` to compute once the parts are typed (``new --fill``).
    """
    if year is None:
        year = previous.year + 1 if previous is not None and previous.year is not None else default_year()
    if previous is not None and previous.year is not None and year != previous.year + 1:
        # carrying 结转 and 现行有效件数 over from another year than the last would write false figures
        raise ValueError(_("--from is the report for {found}; a report for {year} continues the one for {expected}: "
                           "give that one, or leave out --from to start from the form").format(
            found=previous.year, year=year, expected=year - 1))
    form = load_form(form_name or form_for_year(year))
    if not form.holds_year(year):
        raise ValueError(form.year_error(year))
    values: dict[str, Number] = {}
    notes: list[str] = []
    previous_agency: dict[str, Any] = {}
    if previous is not None:
        values, notes = carried_values(form, previous)
        raw = previous.get("agency")
        previous_agency = raw if isinstance(raw, dict) else {}
    level = previous_agency.get("level")
    due = form.deadline(year, level if isinstance(level, str) else None)
    # a date belongs to last year's report; a value that is not text (a table where a name belongs) is not carried
    given = {key: None if spec.date or not isinstance(previous_agency.get(key), str) else previous_agency[key]
             for key, spec in form.agency_fields.items()}
    if agency:
        given["name"] = agency
    agency_rows = agency_lines(form, given, due)
    name = next((row["value"] for row in agency_rows if row["key"] == "name"), None)
    title = form.report_title(name if isinstance(name, str) else "", year)
    # 0 unless carried over; a legacy header row blank (left out), as the official table has it (L1)
    cells: dict[str, Number | None] = {path: None if cell.header else values.get(path, 0)
                                       for path, cell in form.cells.items()}
    header = [f"{title} — 由 govinfo new 生成。"]
    if derived_blank:
        from govinfo_cli.compute.fill import definitions

        cells.update({d.cell: None for d in definitions(form) if d.written and d.cell not in values})
        header.append("总计等由其他格得出的格留空：填好各项后运行 govinfo fill --in-place 本文件，即可算出。")
    text = "".join(write_report(form, year, cells, agency_rows, header, published=due, previous=previous))
    return Scaffold(text=text, notes=notes)


def agency_lines(form: Form, values: Mapping[str, Any], due: datetime.date,
                 empty: bool = True) -> list[dict[str, Any]]:
    """The lines of ``[agency]``, for :func:`write_report`. A field without a value (None) is written
    empty, or, when it must be valid once written (a date, a choice) or not ``empty`` (import: what
    the document does not say is left out), as a comment with an example: the default level, a
    填报日期 a fortnight before the deadline ``due``."""
    examples = {"filled": (due - FILLED_BEFORE_DEADLINE).isoformat(), "level": _toml_value(DEFAULT_LEVEL)}
    lines = []
    for key, spec in form.agency_fields.items():
        value = values.get(key)
        if value is None and empty and not spec.date and not spec.choices:
            value = ""
        lines.append({"key": key, "value": value, "title": spec.title, "example": examples.get(key, '""'),
                      "choices": [(choice, spec.choice_titles.get(choice, ""), form.deadline_text(choice))
                                  for choice in spec.choices]})
    return lines


def write_report(form: Form, year: int, values: Mapping[str, Number | None], agency: Sequence[dict[str, Any]],
                 header: Iterable[str], texts: Mapping[str, str] | None = None,
                 comments: Mapping[str, Iterable[str]] | None = None, published: datetime.date | None = None,
                 previous: Report | None = None, published_on: datetime.date | None = None,
                 blank_lines: bool = False) -> Iterator[str]:
    """A report file of ``form``, in pieces (join them, or write them as they come: nothing is held).

    ``values`` maps cell paths to numbers; a cell that is absent or None is blank, and left out.
    ``agency`` are lines from :func:`agency_lines`; ``header`` the comment lines under the form's title;
    ``texts`` the narrative by section key (absent: empty); ``comments`` lines written as comments
    above a section; ``published`` the example date of the commented ``published`` line (default:
    the deadline of the agency's level); ``previous`` last year's report, named in the check line;
    ``published_on`` the date the report was published, written as a live line; ``blank_lines``:
    blank cells as commented-out key lines (an imported report: see :func:`blank_line`).
    """
    from govinfo_cli.writers.report_template import render

    texts = texts or {}
    comments = comments or {}
    if published is None:
        level = next((row["value"] for row in agency if row["key"] == "level"), None)
        published = form.deadline(year, level if isinstance(level, str) else None)
    sections = [{"key": s.key, "title": s.title, "hint": s.hint,
                 "comments": [_one_line(line) for line in comments.get(s.key, ())],
                 "text": _toml_text(texts.get(s.key, ""))} for s in form.sections.values()]
    return render(
        form=form, year=year, agency=agency, width=WIDTH, toml=_toml_value, pad=_pad,
        header=[_one_line(line) for line in header], published=published.isoformat(), sections=sections,
        blocks=_blocks(form, values, blank_lines), previous=_previous_argument(previous),
        published_on=published_on and published_on.isoformat(),
    )


def imported_report(form: Form, year: int, values: Mapping[str, Number], agency: Mapping[str, str],
                    texts: Mapping[str, str], published: datetime.date | None, source: str, sha256: str,
                    decisions: Iterable[str]) -> str:
    """A report file as ``import`` writes it: what the document says, a blank cell as a commented-out key
    line, and a header naming the source, its SHA-256 and each decision taken."""
    given: dict[str, Any] = {key: datetime.date.fromisoformat(value) if form.agency_fields[key].date else value
                             for key, value in agency.items()}
    level = given.get("level")
    rows = agency_lines(form, given, form.deadline(year, level if isinstance(level, str) else None), empty=False)
    header = [f"{form.report_title(str(given.get('name', '')), year)} — 由 govinfo import 生成。",
              f"来源：{source}（SHA-256 {sha256}）",
              "原文空白的格写作注释行（# 键 =），填报时去掉行首的“# ”再填数。导入不改原文的任何数字。"]
    decisions = list(decisions)
    if decisions:
        header += ["导入时的处理："] + [f"- {decision}" for decision in decisions]
    return "".join(write_report(form, year, values, rows, header, texts=texts, published_on=published,
                                blank_lines=True))


def _toml_text(text: str) -> str:
    """A narrative as a multi-line TOML string that opens and closes on lines of their own."""
    import tomli_w

    if not text:
        return '"""\n"""'
    return tomli_w.dumps({"v": text.rstrip("\n") + "\n"}, multiline_strings=True).partition("=")[2].strip()
