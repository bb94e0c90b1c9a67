"""A document mapped onto a form: the report's data, and what was decided on the way.

- **Form**: the one whose own labels (rows, columns, sub-table titles; those no other
  form has) the document shows most; ``--form`` forces one.
- **Cells by label, never by position.** Each data row of each table is matched to the
  form row whose label it is most like (numbering, spacing and punctuation aside); a
  label that differs lands on the nearest one, with a warning naming both. Within a
  row, each figure goes to the column whose header chain it is most like. Order only
  breaks ties between equal labels (the legacy 统计表 has two （二）被依法纠错数), and
  places figures whose header could not be read (a copied text lost its merged cells)
  when as many remain as the row has cells: a note says so. A row or column the form
  has no place for is named in a warning and left out.
- A form group declared ``x-single-row`` (2021's （六）其他处理) printed as one row, as the
  2019 form had it, lands on that row, with a warning.
- Tables that ran into running text are read by their labels in the form's order, and
  run-together digits split by :mod:`govinfo_cli.readers.splits`.
- Import never corrects a number: the data say what the document says.
"""

from __future__ import annotations

import datetime

from govinfo_cli.i18n import _
from govinfo_cli.model.forms import FORMS, Form, form_for_year, load_form
from govinfo_cli.model.report import Number, Report, nested
from govinfo_cli.readers.agency import level_of, phone_in, signature, title_of
from govinfo_cli.readers.document import Document, SourceError, Table, labelled_date
from govinfo_cli.readers.form_labels import distinctive, form_rows
from govinfo_cli.readers.labels import normalise, similarity, similarity_bound
from govinfo_cli.readers.sections import lines_of, share_out
from govinfo_cli.readers.splits import Pending, number, split_rows
from govinfo_cli.readers.tables import RowReading, Value, analyse, is_blank, parse_number, scan, units_of
from govinfo_cli.record import field, record

TYPE_CHECKING = False  # typing is not imported at run time: every start pays for it
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    Alike = Callable[[str, str], float]

ROW = 0.75  # how alike a printed row label must be to the form's to land on it
COLUMN = 0.75
TIE = 0.02  # labels this close are equally good: the form's order decides


@record
class Options:
    form: str | None = None
    year: int | None = None
    agency: str | None = None
    level: str | None = None
    previous: Report | None = None
    splits: dict[str, str] = field(default_factory=dict)  # row (label or key) -> "a|b|c"


@record
class ImportResult:
    source: str
    sha256: str
    form: Form
    year: int
    published: datetime.date | None
    agency: dict[str, str]
    texts: dict[str, str]
    values: dict[str, Number]
    notes: list[str] = field(default_factory=list)  # decisions taken, for the file's header
    warnings: list[str] = field(default_factory=list)  # what the editor should look at (exit 1)

    def data(self) -> dict[str, Any]:
        """The report as a loaded file's data (dates as ISO text), for validate and the tests."""
        data: dict[str, Any] = {"form": self.form.name, "year": self.year, "agency": dict(self.agency),
                                "text": {p.removeprefix("text."): t for p, t in self.texts.items()},
                                **nested(dict(self.values))}
        if self.published is not None:
            data["published"] = self.published.isoformat()
        return data


def detect_form(document: Document) -> tuple[str | None, int]:
    """The form whose own labels the document shows most, and how many it shows."""
    corpus: list[str] = []
    for block in document.blocks:
        if isinstance(block, Table):
            corpus.extend(span.text for line in block.grid for span in line if span is not None)
        else:
            corpus.append(block.text)
    text = "".join(normalise(piece) for piece in corpus)
    best, count = None, 0
    for name in FORMS:
        found = sum(1 for label in distinctive(name) if label in text)
        if found > count:
            best, count = name, found
    return best, count


class _Mapper:
    def __init__(self, document: Document, form: Form, options: Options, year: int) -> None:
        self.document = document
        self.form = form
        self.options = options
        self.units = units_of(form)
        self.targets = form_rows(form)
        self.values: dict[str, Number] = {}
        self.notes: list[str] = []
        self.warnings: list[str] = []
        self.matched: set[int] = set()  # targets found
        self.accounted: set[str] = set()  # rows whose absence is already explained
        self.last = -1  # the form order of the last row matched
        self.variants = form.column_variants(year)
        self.unplaced: dict[str, int] = {}  # columns the form has no place for: how many figures they held

    # --- rows -----------------------------------------------------------------------------

    def _row_score(self, reading: RowReading, target: RowReading, alike: Alike = similarity) -> float:
        leaf = alike(reading.leaf, target.leaf)
        if len(reading.labels) > 1 and len(target.labels) > 1:
            context = alike("".join(reading.labels[:-1]), "".join(target.labels[:-1]))
        else:
            context = 1.0 if len(reading.labels) == len(target.labels) else 0.5
        return 0.85 * leaf + 0.15 * context

    def _target(self, reading: RowReading) -> int | None:
        if not reading.labels:  # a row of figures under column headers alone: table 四
            for index, target in enumerate(self.targets):
                if not target.labels and index not in self.matched:
                    return index
            return None
        # Scored exactly (difflib) in the order of an upper bound, and only while the bound can reach
        # the best score less TIE: a target below that can neither be the best nor tie with it.
        bounds = sorted(((self._row_score(reading, t, similarity_bound), i) for i, t in enumerate(self.targets)
                         if i not in self.matched), reverse=True)
        scores: dict[int, float] = {}
        best = 0.0
        for bound, i in bounds:
            if bound < best - TIE:
                break
            scores[i] = self._row_score(reading, self.targets[i])
            best = max(best, scores[i])
        if best < ROW:
            return self._single_row(reading)
        close = sorted(i for i, score in scores.items() if score >= best - TIE)
        later = [i for i in close if i > self.last]
        index = later[0] if later else close[0]
        target = self.targets[index]
        if normalise(reading.leaf) != normalise(target.leaf):
            self.warnings.append(_("row “{printed}” read as “{label}” (the nearest label of the form)").format(
                printed=reading.leaf, label=target.leaf))
        return index

    def _single_row(self, reading: RowReading) -> int | None:
        """A group printed as one row (form 2019's （六）其他处理 in a 2021 table)."""
        for node in self.form.nodes.values():
            row_key = node.single_row
            if row_key and similarity(reading.leaf, node.title) >= ROW:
                path = f"{node.path}.{row_key}"
                index = next((i for i, t in enumerate(self.targets) if t.paths and
                              t.paths[0].rpartition(".")[0] == path), None)
                if index is None or index in self.matched:
                    return None
                others = [c for c in node.rows() if c.path != path]
                self.accounted |= {c.path for c in others}
                self.warnings.append(_("the single row “{printed}” (as form 2019 had it) is read into “{row}”; "
                                       "{others} are not in the document and are left blank").format(
                    printed=reading.leaf, row=self.form.label(path),
                    others="、".join(c.title for c in others)))
                return index
        return None

    # --- columns --------------------------------------------------------------------------

    def _columns(self, values: list[Value], target: RowReading) -> list[tuple[Value, str]]:
        def score(value: Value, form_value: Value, alike: Alike = similarity) -> float:
            if not value.chain:
                return 0.0
            names = (form_value.chain[-1], *self.variants.get(form_value.chain[-1], ()))
            leaf = max(alike(value.chain[-1], name) for name in names)
            if len(value.chain) > 1:
                context = alike("".join(value.chain[:-1]), "".join(form_value.chain[:-1]))
            else:
                context = 0.5
            return 0.8 * leaf + 0.2 * context

        def place(index: int, count: int) -> float:
            return index / (count - 1) if count > 1 else 0.0

        # a pair whose upper bound is below COLUMN would come after the pairs that are taken: not scored
        pairs = sorted(((score(v, f), -abs(place(i, len(values)) - place(j, len(target.values))), i, j)
                        for i, v in enumerate(values) for j, f in enumerate(target.values)
                        if score(v, f, similarity_bound) >= COLUMN), reverse=True)
        taken: dict[int, int] = {}
        used: set[int] = set()
        for value_score, _nearness, i, j in pairs:
            if value_score < COLUMN:
                break
            if i not in taken and j not in used:
                taken[i] = j
                used.add(j)
        unread = [i for i in range(len(values)) if i not in taken and not values[i].chain]
        free = [j for j in range(len(target.values)) if j not in used]
        if unread and len(unread) == len(free):
            taken.update(zip(unread, free))
            note = _("{row}: figures under no readable column header taken in the form's column order").format(
                row=target.leaf or self.form.tables[target.paths[0].split(".")[0]].title)
            if note not in self.notes:
                self.notes.append(note)
        for i, value in enumerate(values):
            if i not in taken and not is_blank(value.text):
                column = " ".join(value.chain) or "?"
                self.unplaced[column] = self.unplaced.get(column, 0) + 1
        return [(values[i], target.paths[j]) for i, j in sorted(taken.items())]

    # --- values ---------------------------------------------------------------------------

    def _store(self, path: str, text: str) -> None:
        if is_blank(text):
            return
        parsed = parse_number(text, self.units)
        cell = self.form.cells[path]
        if parsed is None:
            self.warnings.append(_("{label}: “{text}” is not a figure; the cell is left blank").format(
                label=cell.label, text=text))
            return
        value, unit = parsed
        if unit and cell.unit and unit != cell.unit and cell.unit != "——":
            self.warnings.append(_("{label}: printed in {unit}, the form counts in {expected}; the figure is "
                                   "written as printed").format(label=cell.label, unit=unit, expected=cell.unit))
        if path in self.values:
            if self.values[path] != value:
                self.warnings.append(_("{label}: printed twice ({first}, {second}); the first is kept").format(
                    label=cell.label, first=self.values[path], second=text))
            return
        self.values[path] = value

    # --- the whole --------------------------------------------------------------------------

    def grids(self) -> None:
        for block in self.document.blocks:
            if not isinstance(block, Table):
                continue
            for reading in analyse(block, self.units):
                index = self._target(reading)
                if index is None:
                    if reading.labels and any(not is_blank(v.text) for v in reading.values):
                        self.warnings.append(_("row “{printed}” has no place in the form; left out").format(
                            printed=" ".join(reading.labels)))
                    continue
                self.matched.add(index)
                self.last = index
                for value, path in self._columns(reading.values, self.targets[index]):
                    self._store(path, value.text)

    def running_text(self, under: dict[str, list[str]], everything: list[str]) -> None:
        pending: list[Pending] = []
        for key in self.form.tables:
            indexes = [i for i, t in enumerate(self.targets) if t.paths and t.paths[0].startswith(key + ".")]
            if any(i in self.matched for i in indexes):
                continue
            text = "\n".join(under.get(key, everything))
            across = [i for i in indexes if not self.targets[i].labels]
            if across:
                leaves = list(dict.fromkeys(v.chain[-1] for v in self.targets[across[0]].values))
                found = scan(text, [], across=leaves)
            else:
                found = scan(text, [self.targets[i].leaf for i in indexes])
            for index, item in zip(across or indexes, found):
                if item is None:
                    continue
                target = self.targets[index]
                self.matched.add(index)
                label = self.form.label(target.paths[0].rpartition(".")[0])
                if len(item.groups) == len(target.paths):
                    for path, text_value in zip(target.paths, item.groups):
                        self._store(path, text_value)
                elif len(item.groups) > len(target.paths):
                    raise SourceError(_("{row}: {count} figures “{digits}” for its {cells} cells").format(
                        row=label, count=len(item.groups), digits=" ".join(item.groups), cells=len(target.paths)))
                else:
                    pending.append(Pending(label=label, name=target.leaf, paths=list(target.paths),
                                           groups=item.groups))
        pending = self._given_splits(pending)
        values, notes = split_rows(self.form, pending, self.values, self.options.previous)
        self.values.update(values)
        self.notes.extend(notes)

    def _given_splits(self, pending: list[Pending]) -> list[Pending]:
        """Rows the editor split with ``--split``: their figures as given."""
        left = []
        given = dict(self.options.splits)
        for row in pending:
            key = next((k for k in given if k == row.paths[0].rpartition(".")[0]
                        or similarity(k, row.name) >= 0.9), None)
            if key is None:
                left.append(row)
                continue
            pieces = [p.strip() for p in given.pop(key).split("|")]
            if "".join(pieces) != "".join(row.groups) or len(pieces) != len(row.paths):
                raise SourceError(_("--split {key}: “{given}” is not the row's figures “{digits}” cut into {cells} "
                                    "cells").format(key=key, given="|".join(pieces), digits=row.digits,
                                                    cells=len(row.paths)))
            try:
                self.values.update(zip(row.paths, map(number, pieces)))
            except ArithmeticError:
                raise SourceError(_("--split {key}: “{given}” holds something that is not a figure").format(
                    key=key, given="|".join(pieces))) from None
            self.notes.append(_("{row}: “{digits}” read as {way} (given with --split)").format(
                row=row.label, digits=row.digits, way="|".join(pieces)))
        for key in given:
            self.warnings.append(_("--split {key}: no row of run-together figures has this label; ignored").format(
                key=key))
        return left

    def missing(self) -> None:
        for column, count in self.unplaced.items():
            self.warnings.append(_("column “{column}” has no place in the form: its {count} figures are left out")
                                 .format(column=column, count=count))
        tables: dict[str, list[int]] = {}
        for index, target in enumerate(self.targets):
            tables.setdefault(target.paths[0].split(".")[0], []).append(index)
        for key, indexes in tables.items():
            if not any(i in self.matched for i in indexes):
                self.warnings.append(_("table “{table}” not found; its cells are left blank").format(
                    table=self.form.tables[key].title))
                continue
            for index in indexes:
                row = self.targets[index].paths[0].rpartition(".")[0]
                if index not in self.matched and row not in self.accounted:
                    self.warnings.append(_("row “{label}” not found; its cells are left blank").format(
                        label=self.form.label(row) if row in self.form.nodes else self.targets[index].leaf))


def import_document(document: Document, sha256: str, options: Options) -> ImportResult:
    """The report in ``document``; :class:`SourceError` when it is not one or cannot be read."""
    notes: list[str] = []
    warnings: list[str] = []
    headline = title_of(document.title + [b.text for b in document.blocks[:12] if not isinstance(b, Table)])
    year = options.year or (headline[1] if headline else None)
    form_name: str | None = options.form
    if form_name is None:
        form_name, _count = detect_form(document)
        if form_name is None:
            raise SourceError(_("is not a report: it has no table of any form's labels (if it is a report "
                                "without tables, give --form)"))
        notes.append(_("form {form}: read off the table labels").format(form=form_name))
        if year is not None and form_for_year(year) != form_name:
            warnings.append(_("the tables are on form {form}, but a {year} report uses form {expected}").format(
                form=form_name, year=year, expected=form_for_year(year)))
    form = load_form(form_name)
    narrative = share_out(lines_of(document.blocks, form), form)
    if year is None:
        headline = title_of(narrative.furniture)
        year = headline[1] if headline else None
    if year is None:
        raise SourceError(_("the report's year is not in its title; give --year"))
    if headline is not None and options.year is None:
        notes.append(_("year {year} and agency “{agency}” from the title “{title}”").format(
            year=year, agency=headline[0], title=headline[2]))
    mapper = _Mapper(document, form, options, year)
    mapper.grids()
    mapper.running_text(narrative.under, narrative.lines)
    if not mapper.values and len(narrative.headings) < 2:
        raise SourceError(_("is not a report: neither the form's tables nor its headings are in it"))
    mapper.missing()
    for path, _variants in form.headings():
        if path in form.sections and path not in narrative.texts:
            warnings.append(_("section “{title}” not found; left empty").format(title=form.sections[path].title))
    if narrative.trailing:
        notes.append(_("left out after the last section: {lines}").format(lines=" / ".join(narrative.trailing)))
    agency = _agency(form, options, headline[0] if headline else None, narrative, notes, warnings)
    published = document.published or labelled_date("\n".join(narrative.furniture))
    return ImportResult(source=document.source, sha256=sha256, form=form, year=year, published=published,
                        agency=agency, texts=narrative.texts, values=mapper.values,
                        notes=notes + mapper.notes, warnings=warnings + mapper.warnings)


def _agency(form: Form, options: Options, titled: str | None, narrative: Any, notes: list[str],
            warnings: list[str]) -> dict[str, str]:
    agency: dict[str, str] = {}
    name = options.agency or titled
    if not name:
        warnings.append(_("the agency's name is not in the title; give --agency"))
    agency["name"] = name or ""
    if options.level:
        agency["level"] = options.level
    elif name:
        level = level_of(name)
        if level is None:
            warnings.append(_("the level of “{name}” cannot be told from its name; level left out (give --level)")
                            .format(name=name))
        else:
            agency["level"] = level[0]
            notes.append(_("level {level}: “{name}” is a {reason}").format(level=level[0], name=name,
                                                                           reason=level[1]))
    found = signature(narrative.lines, form.agency_fields)
    if "phone" not in found:
        phone = phone_in(narrative.texts.get("text.preamble", ""))
        if phone:
            found["phone"] = phone
            notes.append(_("phone from the opening paragraph"))
    for key in form.agency_fields:
        if key in found and key not in agency:
            agency[key] = found[key]
    return agency
