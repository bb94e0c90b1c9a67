"""The form model, read from the JSON Schemas in schemas/.

Each schema is the one declaration of a form: its tables, rows and cells (with
their Chinese titles, units and order), its narrative sections, and the
arithmetic relations between cells (the ``x-rules`` annotation). Everything
else in govinfo - checking, rendering, diffing, scaffolding - reads the
:class:`Form` built here and never spells out a table of its own.
"""

from __future__ import annotations

import copy
import datetime
import json
import re
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import Any, Literal

from govinfo_cli.resources import schema_path

FORMS: tuple[str, ...] = ("legacy", "2019", "2021")

CellType = Literal["count", "money", "signed"]

DEFAULT_LEVEL = "department"  # an agency's level when the report does not say: the most common, the earliest deadline


def form_for_year(year: int) -> str:
    """The national form a report for ``year`` uses: the one whose schema's year bounds hold it.

    A year outside every form's bounds gets the nearest form, whose bounds then refuse it.
    """
    for name in FORMS:
        bounds = load_form(name).schema["properties"]["year"]
        if year <= bounds.get("maximum", year):
            return name
    return FORMS[-1]


@dataclass(frozen=True)
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


@dataclass
class Node:
    """A table, a group of rows, or a row; children in form order."""

    path: str
    key: str
    title: str
    kind: str  # "table", "group" or "row"
    schema: dict[str, Any]
    children: list[Node | Cell] = field(default_factory=list)

    @property
    def column_label(self) -> str:
        """The title under the node's ``x-group`` (a row of table 四 is a block of columns)."""
        return grouped(self.schema.get("x-group"), self.title)

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


@dataclass(frozen=True)
class Section:
    key: str
    path: str
    title: str
    hint: str
    required: bool
    untitled: bool
    max_chars: int | None
    must_mention: str | None = None  # a phrase the format requires in this section (x-must-mention)
    variants: tuple[str, ...] = ()  # other headings published reports give it (x-heading-variants)


@dataclass(frozen=True)
class Term:
    path: str
    sign: int = 1
    previous: bool = False

    @property
    def ref(self) -> str:
        return ("previous:" if self.previous else "") + self.path


@dataclass(frozen=True)
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


@dataclass
class Form:
    name: str
    title: str
    schema: dict[str, Any]
    document: list[str]
    tables: dict[str, Node]
    cells: dict[str, Cell]
    rows: dict[str, Node]
    sections: dict[str, Section]
    agency_fields: dict[str, dict[str, Any]]
    rules: list[Rule]
    deadlines: dict[str, str]
    nodes: dict[str, Node] = field(default_factory=dict)

    def report_title(self, agency: str, year: str | int) -> str:
        """The document's title, from the schema's ``x-report-title`` (某某局2024年政府信息公开工作年度报告)."""
        return self.schema["x-report-title"].format(agency=agency, year=year)

    def deadline(self, year: int, level: str | None = None) -> datetime.date:
        """The last day to publish the report for ``year`` (``x-deadlines``; an unknown level: the default's)."""
        month_day = self.deadlines.get(level) if isinstance(level, str) else None
        month_day = month_day or self.deadlines[DEFAULT_LEVEL]
        return datetime.date.fromisoformat(f"{year + 1}-{month_day}")

    def headings(self) -> list[tuple[str, tuple[str, ...]]]:
        """Each titled part of the document, in order, with every heading a published report may
        give it: the form's title, then ``x-heading`` and ``x-heading-variants``."""
        out: list[tuple[str, tuple[str, ...]]] = []
        for path in self.document:
            if path in self.sections and not self.sections[path].untitled:
                section = self.sections[path]
                out.append((path, (section.title, *section.variants)))
            elif path in self.tables:
                spec = self.tables[path].schema
                extra = [spec["x-heading"]] if spec.get("x-heading") else []
                out.append((path, (self.tables[path].title, *extra, *spec.get("x-heading-variants", []))))
        return out

    def column_variants(self, year: int) -> dict[str, tuple[str, ...]]:
        """Other headers published tables give a column (``x-column-variants``; ``{year}`` is the report's):
        Fujian's 统计表 heads the legacy 统计数 ``2017年度``."""
        out: dict[str, tuple[str, ...]] = {}
        for table in self.tables.values():
            for title, variants in table.schema.get("x-column-variants", {}).items():
                out[title] = tuple(v.format(year=year) for v in variants)
        return out

    def label(self, path: str) -> str:
        """The Chinese label of any key path: a cell, row, group, section or field."""
        if path in self.cells:
            return self.cells[path].label
        if path in self.nodes:
            return _chain_label(self, path)
        if path in self.sections:
            return self.sections[path].title
        if path.startswith("agency.") and path[7:] in self.agency_fields:
            return self.agency_fields[path[7:]].get("title", "")
        top = self.schema["properties"].get(path)
        if top is not None:
            return _resolve(self.schema, top).get("title", "")
        parent = path.rpartition(".")[0]
        return self.label(parent) if parent else ""


def _chain_label(form: Form, path: str) -> str:
    parts: list[str] = []
    prefix = ""
    for key in path.split("."):
        prefix = f"{prefix}.{key}" if prefix else key
        node = form.nodes.get(prefix)
        if node is not None and node.kind != "table" and not node.schema.get("x-untitled"):
            parts.append(node.column_label)
    return " ".join(parts) or form.nodes[path].title


def _resolve(root: dict[str, Any], sub: dict[str, Any]) -> dict[str, Any]:
    """Follow a local ``$ref``; sibling keywords (a row's own title) win."""
    ref = sub.get("$ref")
    if ref is None:
        return sub
    target: Any = root
    for part in ref.removeprefix("#/").split("/"):
        target = target[part]
    merged = copy.deepcopy(_resolve(root, target))
    merged.update({k: v for k, v in sub.items() if k != "$ref"})
    return merged


def grouped(group: str | None, title: str) -> str:
    """A title under its group as one label: ``法人或其他组织·商业企业`` (the title alone without a group)."""
    return f"{group}·{title}" if group else title


def _cell_type(spec: dict[str, Any]) -> CellType:
    if spec.get("type") == "number":
        return "money"
    return "count" if "minimum" in spec else "signed"


def _walk(root: dict[str, Any], form: Form, spec: dict[str, Any], path: str, key: str,
          table: str, row_labels: tuple[str, ...]) -> Node | Cell:
    spec = _resolve(root, spec)
    if spec.get("type") == "object":
        node = Node(path=path, key=key, title=spec.get("title", ""), kind=spec["x-kind"], schema=spec)
        form.nodes[path] = node
        labels = row_labels
        if node.kind != "table" and not spec.get("x-untitled"):
            labels = row_labels + (node.column_label,)
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


def _terms(form: Form, templates: list[str], binding: dict[str, str], sums: list[dict[str, str]]) -> tuple[Term, ...]:
    terms: list[Term] = []
    for template in templates:
        for extra in sums if _PLACEHOLDER.search(template.format_map(_Keep(binding))) else [{}]:
            text = template.format_map({**binding, **extra})
            sign = -1 if text.startswith("-") else 1
            text = text.lstrip("-")
            previous = text.startswith("previous:")
            terms.append(Term(path=text.removeprefix("previous:"), sign=sign, previous=previous))
    return tuple(terms)


class _Keep(dict):  # format_map helper: leave unbound placeholders in place
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _expand_rules(form: Form) -> list[Rule]:
    rules: list[Rule] = []
    for spec in form.schema.get("x-rules", []):
        sums = _bindings(form, spec.get("sum", {}))
        for binding in _bindings(form, spec.get("each", {})):
            rules.append(Rule(
                id=spec["id"], title=spec["title"], level=spec["level"], kind=spec.get("kind", "relation"),
                lhs=_terms(form, spec["lhs"], binding, sums), op=spec["op"],
                rhs=_terms(form, spec["rhs"], binding, sums),
            ))
    return rules


@cache
def load_form(name: str) -> Form:
    if name not in FORMS:
        raise KeyError(name)
    schema = json.loads(schema_path(f"form-{name}.schema.json").read_text(encoding="utf-8"))
    form = Form(
        name=name, title=schema["title"], schema=schema, document=list(schema["x-document"]),
        tables={}, cells={}, rows={}, sections={},
        agency_fields=dict(_resolve(schema, schema["properties"]["agency"])["properties"]),
        rules=[], deadlines=dict(schema["x-deadlines"]),
    )
    for key, spec in schema["properties"].items():
        resolved = _resolve(schema, spec)
        if resolved.get("x-kind") == "table":
            node = _walk(schema, form, resolved, key, key, key, ())
            assert isinstance(node, Node)
            form.tables[key] = node
    text = schema["properties"]["text"]
    for key, spec in text["properties"].items():
        form.sections[f"text.{key}"] = Section(
            key=key, path=f"text.{key}", title=spec["title"], hint=spec.get("x-hint", ""),
            required=key in text.get("required", []), untitled=bool(spec.get("x-untitled")),
            max_chars=spec.get("x-max-chars"), must_mention=spec.get("x-must-mention"),
            variants=tuple(spec.get("x-heading-variants", ())),
        )
    form.rules = _expand_rules(form)
    return form
