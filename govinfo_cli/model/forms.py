"""The form model, read from the JSON Schemas in schemas/.

Each schema is the one declaration of a form: its tables, rows and cells (with
their Chinese titles, units and order), its narrative sections, and the
arithmetic relations between cells (the ``x-rules`` annotation). Everything
else in govinfo - checking, rendering, diffing, scaffolding - reads the
:class:`Form` built here and never spells out a table of its own.

This module is the only reader of govinfo's ``x-`` vocabulary: every keyword is
turned into a typed attribute here (``schemas/vocabulary.schema.json`` lists
them and a test holds every schema to it), so no other module looks into the
raw schema for an annotation.
"""

from __future__ import annotations

import datetime
import json
import re
from functools import cache, cached_property

from govinfo_cli.i18n import _
from govinfo_cli.record import field, record
from govinfo_cli.resources import read_schema

TYPE_CHECKING = False  # typing is not imported at run time: every start pays for it
if TYPE_CHECKING:
    from typing import Any, Literal

    CellType = Literal["count", "money", "signed"]

DEFAULT_LEVEL = "department"  # an agency's level when the report does not say: the most common, the earliest deadline


@record(eq=False)  # not frozen and no field-wise ==: each costs start-up time (a form is one object)
class FormInfo:
    """A form as the index lists it: enough to choose one without reading its schema."""

    name: str
    title: str
    first_year: int
    last_year: int  # the schema's upper bound; the newest form's is far off (still in use)


@cache
def form_index() -> tuple[FormInfo, ...]:
    """The forms, oldest first, from ``schemas/forms.json``.

    That file is generated from the form schemas (``scripts/gen_docs.py``; a test keeps it
    current), so that the command line knows the forms and their years without reading
    three schemas at every start.
    """
    raw = json.loads(read_schema("forms.json"))
    return tuple(FormInfo(name=f["name"], title=f["title"], first_year=f["first_year"], last_year=f["last_year"])
                 for f in raw["forms"])


@cache
def title_words() -> frozenset[str]:
    """The words the forms' titles are made of (``schemas/title-words.json``): a heading breaks only between them."""
    return frozenset(json.loads(read_schema("title-words.json"))["words"])


def form_names() -> tuple[str, ...]:
    return tuple(info.name for info in form_index())


FORMS: tuple[str, ...] = form_names()


def form_for_year(year: int) -> str:
    """The national form a report for ``year`` uses.

    A year outside every form's bounds gets the nearest form, whose bounds then refuse it.
    """
    for info in form_index():
        if year <= info.last_year:
            return info.name
    return FORMS[-1]


def years_text(info: FormInfo) -> str:
    """A form's report years as people write them: ``2019–2020``, or ``2021–`` for the form in use."""
    if info is form_index()[-1]:
        return f"{info.first_year}–"
    return f"{info.first_year}–{info.last_year}"


@record(eq=False)  # not frozen and no field-wise ==: each costs start-up time (a form is one object)
class Cell:
    path: str
    key: str
    title: str
    label: str  # the full Chinese label: row titles, then column title
    row: str  # path of the row (for legacy indicator cells: the cell itself)
    table: str
    type: CellType
    unit: str | None
    group: str | None = None  # a column group such as 法人或其他组织
    header: bool = False  # a legacy header row (unit ——)
    indent: int = 0

    @property
    def column_label(self) -> str:
        """The column's title under its group, as one label (``法人或其他组织·商业企业``)."""
        return grouped(self.group, self.title)


@record
class Node:
    """A table, a group of rows, or a row; children in form order.

    The attributes after ``children`` are the schema's layout annotations, typed:
    ``group`` (x-group: the column group a block of table 四 stands under), ``untitled``
    (x-untitled: a level that has no label of its own), and for tables ``layout``
    (x-layout: ``indicators``, ``across`` or a matrix), ``note`` (x-note: the corner cell),
    ``row_title`` (x-row-title), ``columns_title`` (x-columns-title), ``heading``
    (x-heading: the heading printed instead of the title, 附件), ``columns`` (x-columns:
    the legacy table's column heads), ``footer`` (x-footer: agency fields under the table),
    ``comparable`` (x-comparable: the forms whose table of this key compares with this one),
    ``heading_variants`` (x-heading-variants: other headings real reports use),
    ``column_variants`` (x-column-variants: other heads published tables give a column; ``{year}``
    stands for the report's year) and, for a group, ``single_row`` (x-single-row: the row that
    takes the figures when a document prints the group as one row, as an older form did).
    """

    path: str
    key: str
    title: str
    kind: str  # "table", "group" or "row"
    children: list[Node | Cell] = field(default_factory=list)
    group: str | None = None
    untitled: bool = False
    layout: str | None = None
    note: str | None = None
    row_title: str | None = None
    columns_title: str | None = None
    heading: str | None = None
    columns: tuple[str, ...] = ()
    footer: tuple[str, ...] = ()
    comparable: tuple[str, ...] = ()
    heading_variants: tuple[str, ...] = ()
    column_variants: dict[str, tuple[str, ...]] = field(default_factory=dict)
    single_row: str | None = None

    @property
    def column_label(self) -> str:
        """The title under the node's group (a row of table 四 is a block of columns)."""
        return grouped(self.group, self.title)

    @property
    def titled(self) -> bool:
        """Whether the node prints a label of its own (a table's title is its heading instead)."""
        return self.kind != "table" and not self.untitled

    def rows(self) -> list[Node]:
        out: list[Node] = []
        for child in self.children:
            if isinstance(child, Node):
                out.extend([child] if child.kind == "row" else child.rows())
        return out

    def cells(self) -> list[Cell]:
        out: list[Cell] = []
        for child in self.children:
            out.extend([child] if isinstance(child, Cell) else child.cells())
        return out


@record(eq=False)  # not frozen and no field-wise ==: each costs start-up time (a form is one object)
class Section:
    key: str
    path: str
    title: str
    hint: str
    required: bool
    untitled: bool
    max_chars: int | None  # x-max-chars: the length the format asks for (R13)
    must_mention: str | None = None  # x-must-mention: a phrase the format requires in this section (R13)
    max_similarity: float | None = None  # x-max-similarity: how alike last year's text may be (R15)
    min_chars: int | None = None  # x-min-chars: fewer characters than this say nothing (N2)
    heading_variants: tuple[str, ...] = ()  # x-heading-variants: other headings real reports use
    quoted_in_sum: bool = False  # x-sum-quote: a sum lists each input's text of this section as comments


@record(eq=False)  # not frozen and no field-wise ==: each costs start-up time (a form is one object)
class AgencyField:
    key: str
    title: str
    hint: str
    required: bool
    date: bool  # written YYYY-MM-DD: a date of this year's report, never carried to the next
    choices: tuple[str, ...] = ()  # enum
    choice_titles: dict[str, str] = field(default_factory=dict)  # x-enum-titles


@record(eq=False)  # not frozen and no field-wise ==: each costs start-up time (a form is one object)
class Term:
    path: str
    sign: int = 1
    previous: bool = False

    @property
    def ref(self) -> str:
        return ("previous:" if self.previous else "") + self.path


@record(eq=False)  # not frozen and no field-wise ==: each costs start-up time (a form is one object)
class Rule:
    id: str
    title: str  # what the rule says, in English: the message catalog translates it
    level: str  # "error" or "warning"
    kind: str  # "relation" or "header"
    lhs: tuple[Term, ...]
    op: str  # "=" or "<="
    rhs: tuple[Term, ...]

    @cached_property  # asked for every rule of every report: worked out once
    def cross_year(self) -> bool:
        return any(t.previous for t in self.lhs + self.rhs)

    @cached_property
    def terms(self) -> tuple[Term, ...]:
        return self.lhs + self.rhs


def required_words(source: str) -> tuple[str, ...]:
    """The runs of Chinese characters that every match of the pattern ``source`` contains.

    Read off the pattern's own text, conservatively: only characters outside every group, class and
    escape, and not made optional by a quantifier after them; a ``|`` outside groups gives nothing.
    tests/test_schemas.py holds it to generated matches of every pattern of the forms.
    """
    words: list[str] = []
    run = ""
    depth = 0
    index = 0
    while index < len(source):
        char = source[index]
        if char == "\\":  # an escape: never a Chinese character of the text
            index += 2
            run = _flush(words, run)
            continue
        if char == "[":
            end = index + 1
            while end < len(source) and source[end] != "]":
                end += 2 if source[end] == "\\" else 1
            index = end + 1
            run = _flush(words, run)
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            return ()
        if depth == 0 and "\u4e00" <= char <= "\u9fff":  # a Chinese character (not a compiled class: 5 M instructions)
            optional = index + 1 < len(source) and source[index + 1] in "?*{"
            run = _flush(words, run) if optional else run + char
        else:
            run = _flush(words, run)
        index += 1
    _flush(words, run)
    return tuple(words)


def _flush(words: list[str], run: str) -> str:
    if run:
        words.append(run)
    return ""


@record(eq=False)  # not frozen and no field-wise ==: each costs start-up time (a form is one object)
class TextFigure:
    """A phrase of the narrative that states a figure of the tables (x-text-figures, R11).

    Patterns are compiled when first used: a run that reads no narrative never pays for them.
    """

    source: str  # the pattern: a match gives the figure as the group ``n``, unless ``value`` is set
    equals_any: tuple[tuple[str, ...], ...]  # the cells whose sum the figure may be (any one of these)
    value: int | None = None  # a phrase that states a fixed figure (未发生…行政复议: 0)
    label: str | None = None  # what the figure is, when no single cell's label says it
    part_source: str | None = None  # a match containing one of these words counts a category: not the total

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        return re.compile(self.source)

    @cached_property
    def part_words(self) -> re.Pattern[str] | None:
        return re.compile(self.part_source) if self.part_source else None

    @cached_property
    def required(self) -> tuple[str, ...]:
        """Words every match contains: a text without one of them cannot match (nor cost a compile)."""
        return required_words(self.source)


@record(eq=False)  # not frozen and no field-wise ==: each costs start-up time (a form is one object)
class PartMarkers:
    """Words that introduce parts of a total (其中, 区直, 乡镇 …), and how far back they are looked for (R11)."""

    source: str
    window: int

    @cached_property
    def markers(self) -> re.Pattern[str]:
        return re.compile(self.source)


@record(eq=False)  # not frozen and no field-wise ==: each costs start-up time (a form is one object)
class PeriodPhrase:
    """How the narrative states the statistics period (x-statistics-period, R14)."""

    source: str  # groups: start year, month, day, end year (optional), month, day
    context_source: str  # must stand within ``context_chars`` before the period
    context_chars: int

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        return re.compile(self.source)

    @cached_property
    def context(self) -> re.Pattern[str]:
        return re.compile(self.context_source)

    @cached_property
    def required(self) -> tuple[str, ...]:
        """Words a text must hold for a period to be read in it (the period's, and its context's)."""
        return required_words(self.source) + required_words(self.context_source)


@record
class Form:
    name: str
    title: str
    schema: dict[str, Any]  # the raw schema, for JSON Schema validation only
    document: list[str]
    tables: dict[str, Node]
    cells: dict[str, Cell]
    rows: dict[str, Node]
    sections: dict[str, Section]
    agency_fields: dict[str, AgencyField]
    rules: list[Rule]
    deadlines: dict[str, str]
    first_year: int
    last_year: int
    report_title_template: str
    headline: tuple[tuple[str, ...], ...]  # x-headline: figures diff shows side by side, each a sum of paths
    text_figures: tuple[TextFigure, ...]
    text_parts: PartMarkers
    period: PeriodPhrase
    dated: tuple[str, ...]  # the key paths that hold dates (format: date)
    labels: dict[str, str] = field(default_factory=dict)  # top-level keys' titles
    nodes: dict[str, Node] = field(default_factory=dict)

    def report_title(self, agency: str, year: str | int) -> str:
        """The document's title, from the schema's ``x-report-title`` (某某局2024年政府信息公开工作年度报告)."""
        return self.report_title_template.format(agency=agency, year=year)

    def year_error(self, year: int) -> str | None:
        """Why ``year`` is not a report year of this form, or None when it is."""
        if self.holds_year(year):
            return None
        return _("form {form} is for report years {first}–{last}, not {year}").format(
            form=self.name, first=self.first_year, last=self.last_year, year=year)

    def deadline(self, year: int, level: str | None = None) -> datetime.date:
        """The last day to publish the report for ``year`` (``x-deadlines``; an unknown level: the default's)."""
        month_day = self.deadlines.get(level) if isinstance(level, str) else None
        month_day = month_day or self.deadlines[DEFAULT_LEVEL]
        return datetime.date.fromisoformat(f"{year + 1}-{month_day}")

    def deadline_text(self, level: str) -> str:
        """A level's deadline as the forms write it: ``3月31日``."""
        month, day = self.deadlines[level].split("-")
        return f"{int(month)}月{int(day)}日"

    def holds_year(self, year: int) -> bool:
        return self.first_year <= year <= self.last_year

    def titles(self, path: str) -> list[str]:
        """The titles of the titled groups and rows down to ``path`` (三、本年度办理结果, （三）不予公开, 1.…)."""
        parts: list[str] = []
        prefix = ""
        for key in path.split("."):
            prefix = f"{prefix}.{key}" if prefix else key
            node = self.nodes.get(prefix)
            if node is not None and node.titled:
                parts.append(node.column_label)
        return parts

    def headings(self) -> list[tuple[str, tuple[str, ...]]]:
        """Each titled part of the document, in order, with every heading a published report may
        give it: the form's title, then the heading printed instead (附件) and the variants."""
        out: list[tuple[str, tuple[str, ...]]] = []
        for path in self.document:
            if path in self.sections and not self.sections[path].untitled:
                section = self.sections[path]
                out.append((path, (section.title, *section.heading_variants)))
            elif path in self.tables:
                table = self.tables[path]
                printed = (table.heading,) if table.heading else ()
                out.append((path, (table.title, *printed, *table.heading_variants)))
        return out

    def column_variants(self, year: int) -> dict[str, tuple[str, ...]]:
        """Other heads published tables give a column, for a report of ``year``: Fujian's 统计表
        heads the legacy 统计数 ``2017年度``."""
        return {title: tuple(v.format(year=year) for v in variants)
                for table in self.tables.values() for title, variants in table.column_variants.items()}

    def label(self, path: str) -> str:
        """The Chinese label of any key path: a cell, row, group, section or field."""
        if path in self.cells:
            return self.cells[path].label
        if path in self.nodes:
            return _chain_label(self, path)
        if path in self.sections:
            return self.sections[path].title
        if path.startswith("agency.") and path[7:] in self.agency_fields:
            return self.agency_fields[path[7:]].title
        if path in self.labels:
            return self.labels[path]
        parent = path.rpartition(".")[0]
        return self.label(parent) if parent else ""


def _chain_label(form: Form, path: str) -> str:
    return " ".join(form.titles(path)) or form.nodes[path].title


def _resolve(root: dict[str, Any], sub: dict[str, Any]) -> dict[str, Any]:
    """Follow a local ``$ref``; sibling keywords (a row's own title) win."""
    ref = sub.get("$ref")
    if ref is None:
        return sub
    target: Any = root
    for part in ref.removeprefix("#/").split("/"):
        target = target[part]
    merged = dict(_resolve(root, target))  # not a deep copy: nothing changes a schema's parts once read
    merged.update({k: v for k, v in sub.items() if k != "$ref"})
    return merged


def grouped(group: str | None, title: str) -> str:
    """A title under its group as one label: ``法人或其他组织·商业企业`` (the title alone without a group)."""
    return f"{group}·{title}" if group else title


def _cell_type(spec: dict[str, Any]) -> CellType:
    if spec.get("type") == "number":
        return "money"
    return "count" if "minimum" in spec else "signed"


def _node(spec: dict[str, Any], path: str, key: str) -> Node:
    return Node(
        path=path, key=key, title=spec.get("title", ""), kind=spec["x-kind"],
        group=spec.get("x-group"), untitled=bool(spec.get("x-untitled")), layout=spec.get("x-layout"),
        note=spec.get("x-note"), row_title=spec.get("x-row-title"), columns_title=spec.get("x-columns-title"),
        heading=spec.get("x-heading"), columns=tuple(spec.get("x-columns", ())),
        footer=tuple(spec.get("x-footer", ())), comparable=tuple(spec.get("x-comparable", ())),
        heading_variants=tuple(spec.get("x-heading-variants", ())),
        column_variants={k: tuple(v) for k, v in spec.get("x-column-variants", {}).items()},
        single_row=spec.get("x-single-row"),
    )


def _walk(root: dict[str, Any], form: Form, spec: dict[str, Any], path: str, key: str,
          table: str, row_labels: tuple[str, ...]) -> Node | Cell:
    spec = _resolve(root, spec)
    if spec.get("type") == "object":
        node = _node(spec, path, key)
        form.nodes[path] = node
        labels = row_labels + ((node.column_label,) if node.titled else ())
        for child_key, child in spec["properties"].items():
            node.children.append(_walk(root, form, child, f"{path}.{child_key}", child_key, table, labels))
        if node.kind == "row":
            form.rows[path] = node
        return node
    title = spec.get("title", "")
    is_row_cell = spec.get("x-indent") is not None  # legacy indicator: the cell is its own row
    if is_row_cell:
        label = title
    else:
        column = grouped(spec.get("x-group"), title)
        label = " ".join(row_labels) + " · " + column if row_labels else column
    parent_path = path.rpartition(".")[0]
    cell = Cell(
        path=path, key=key, title=title, label=label,
        row=path if is_row_cell else parent_path, table=table,
        type=_cell_type(spec), unit=spec.get("x-unit", "件" if spec.get("type") == "integer" else None),
        group=spec.get("x-group"), header=bool(spec.get("x-header")), indent=int(spec.get("x-indent", 0)),
    )
    form.cells[path] = cell
    return cell


_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def _values(form: Form, spec: Any) -> list[str]:
    if isinstance(spec, list):
        return list(spec)
    if "columns_of" in spec:
        row = form.rows[spec["columns_of"]]
        return [c.key for c in row.children if isinstance(c, Cell) and c.key not in spec.get("except", [])]
    node = form.nodes[spec["rows_of"]]
    return [r.path for r in node.rows() if r.path not in spec.get("except", [])]


def _bindings(form: Form, spec: dict[str, Any]) -> list[dict[str, str]]:
    out: list[dict[str, str]] = [{}]
    for name, values in spec.items():
        out = [{**b, name: v} for b in out for v in _values(form, values)]
    return out


def _terms(templates: list[str], binding: dict[str, str], sums: list[dict[str, str]]) -> tuple[Term, ...]:
    terms: list[Term] = []
    for template in templates:
        for extra in sums if _PLACEHOLDER.search(template.format_map(_Keep(binding))) else [{}]:
            text = template.format_map({**binding, **extra})
            sign = -1 if text.startswith("-") else 1
            text = text.lstrip("-")
            previous = text.startswith("previous:")
            terms.append(Term(path=text.removeprefix("previous:"), sign=sign, previous=previous))
    return tuple(terms)


class _Keep(dict[str, str]):  # format_map helper: leave unbound placeholders in place
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _expand_rules(form: Form, specs: list[dict[str, Any]]) -> list[Rule]:
    rules: list[Rule] = []
    for spec in specs:
        sums = _bindings(form, spec.get("sum", {}))
        for binding in _bindings(form, spec.get("each", {})):
            rules.append(Rule(
                id=spec["id"], title=spec["title"], level=spec["level"], kind=spec.get("kind", "relation"),
                lhs=_terms(spec["lhs"], binding, sums), op=spec["op"],
                rhs=_terms(spec["rhs"], binding, sums),
            ))
    return rules


def _text_figures(specs: list[dict[str, Any]]) -> tuple[TextFigure, ...]:
    return tuple(TextFigure(source=s["pattern"], equals_any=tuple(tuple(a) for a in s["equals_any"]),
                            value=s.get("value"), label=s.get("label"), part_source=s.get("part_words"))
                 for s in specs)


def _period(spec: dict[str, Any]) -> PeriodPhrase:
    return PeriodPhrase(source=spec["pattern"], context_source=spec["context"],
                        context_chars=int(spec["context_chars"]))


def _agency_fields(spec: dict[str, Any]) -> dict[str, AgencyField]:
    required = set(spec.get("required", ()))
    return {key: AgencyField(key=key, title=field_spec.get("title", ""), hint=field_spec.get("x-hint", ""),
                             required=key in required, date=field_spec.get("format") == "date",
                             choices=tuple(field_spec.get("enum", ())),
                             choice_titles=dict(field_spec.get("x-enum-titles", {})))
            for key, field_spec in spec["properties"].items()}


@cache
def load_form(name: str) -> Form:
    if name not in FORMS:
        raise KeyError(name)
    schema = json.loads(read_schema(f"form-{name}.schema.json"))
    if schema["x-form"] != name:
        raise ValueError(f"form-{name}.schema.json declares form {schema['x-form']!r}")
    properties = schema["properties"]
    agency = _resolve(schema, properties["agency"])
    year = properties["year"]
    form = Form(
        name=name, title=schema["title"], schema=schema, document=list(schema["x-document"]),
        tables={}, cells={}, rows={}, sections={}, agency_fields=_agency_fields(agency),
        rules=[], deadlines=dict(schema["x-deadlines"]),
        first_year=year["minimum"], last_year=year["maximum"],
        report_title_template=schema["x-report-title"],
        headline=tuple((s,) if isinstance(s, str) else tuple(s) for s in schema.get("x-headline", ())),
        text_figures=_text_figures(schema.get("x-text-figures", [])),
        text_parts=PartMarkers(source=schema["x-text-parts"]["markers"], window=int(schema["x-text-parts"]["window"])),
        period=_period(schema["x-statistics-period"]),
        dated=tuple([k for k, v in properties.items() if v.get("format") == "date"]
                    + [f"agency.{k}" for k, f in _agency_fields(agency).items() if f.date]),
        labels={key: _resolve(schema, spec).get("title", "") for key, spec in properties.items()},
    )
    for key, spec in properties.items():
        resolved = _resolve(schema, spec)
        if resolved.get("x-kind") == "table":
            node = _walk(schema, form, resolved, key, key, key, ())
            assert isinstance(node, Node)
            form.tables[key] = node
    text = properties["text"]
    for key, spec in text["properties"].items():
        limit = spec.get("x-max-similarity")
        form.sections[f"text.{key}"] = Section(
            key=key, path=f"text.{key}", title=spec["title"], hint=spec.get("x-hint", ""),
            required=key in text.get("required", []), untitled=bool(spec.get("x-untitled")),
            max_chars=spec.get("x-max-chars"), must_mention=spec.get("x-must-mention"),
            max_similarity=float(limit) if limit is not None else None, min_chars=spec.get("x-min-chars"),
            heading_variants=tuple(spec.get("x-heading-variants", ())),
            quoted_in_sum=bool(spec.get("x-sum-quote")),
        )
    form.rules = _expand_rules(form, schema.get("x-rules", []))
    return form
