"""The schemas are valid JSON Schema and the form model read from them is complete."""

from __future__ import annotations

import itertools
import json
import re

import jsonschema
import pytest

from govinfo_cli.model.forms import FORMS, load_form, required_words
from govinfo_cli.resources import data_dir

SCHEMAS = sorted(data_dir("schemas").glob("*.schema.json"))


@pytest.mark.parametrize("path", SCHEMAS, ids=lambda p: p.name)
def test_schema_is_valid_against_the_metaschema(path):
    schema = json.loads(path.read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_cell_counts_match_the_forms():
    # forms.md: table 三 has 25 rows x 7 columns in 2021, 23 rows (one （六） row) in 2019; table 四 15 cells.
    f2021, f2019 = load_form("2021"), load_form("2019")
    assert sum(c.table == "requests" for c in f2021.cells.values()) == 175
    assert sum(c.table == "requests" for c in f2019.cells.values()) == 161
    assert sum(c.table == "appeals" for c in f2021.cells.values()) == 15
    assert sum(c.table == "appeals" for c in f2019.cells.values()) == 15
    legacy = load_form("legacy")
    assert [c.unit for c in legacy.cells.values() if c.header] == ["——"] * 7


def test_every_rule_names_only_cells_of_its_form():
    for name in FORMS:
        form = load_form(name)
        for rule in form.rules:
            for term in rule.terms:
                assert term.path in form.cells, (name, rule.id, term.path)


def test_labels_are_the_forms_own():
    form = load_form("2021")
    assert form.cells["requests.results.withheld.three_securities.total"].label == \
        "三、本年度办理结果 （三）不予公开 3.危及“三安全一稳定” · 总计"
    assert form.cells["requests.new.commercial"].label == "一、本年新收政府信息公开申请数量 · 法人或其他组织·商业企业"
    assert form.cells["appeals.litigation_direct.pending"].label == "行政诉讼·未经复议直接起诉 · 尚未审结"
    assert load_form("legacy").cells["stats.active.weibo"].label == "3.政务微博公开政府信息数"


def test_a_cells_column_label_is_its_title_under_its_group():
    for name in FORMS:
        form = load_form(name)
        for cell in form.cells.values():
            if cell.group:
                assert cell.column_label == f"{cell.group}·{cell.title}"
            else:
                assert cell.column_label == cell.title
            if cell.row != cell.path:  # not a legacy indicator (its own row): the full label ends with it
                assert cell.label.endswith(cell.column_label), cell.path


def _form_schema(name: str) -> dict:
    return json.loads((data_dir("schemas") / f"form-{name}.schema.json").read_text(encoding="utf-8"))


VOCABULARY = json.loads((data_dir("schemas") / "vocabulary.schema.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", FORMS)
def test_form_schemas_use_only_govinfos_vocabulary(name):
    validator = jsonschema.Draft202012Validator(VOCABULARY, format_checker=jsonschema.FormatChecker())
    assert [e.message for e in validator.iter_errors(_form_schema(name))] == []


@pytest.mark.parametrize("where,misspelt", [
    (("properties", "text", "properties", "overview"), "x-max-char"),  # under a section
    (("properties", "requests"), "x-notes"),  # under a table
    ((), "x-deadline"),  # at the top
])
def test_a_misspelt_or_unknown_x_keyword_fails(where, misspelt):
    schema = _form_schema("2021")
    node = schema
    for key in where:
        node = node[key]
    node[misspelt] = 1
    errors = list(jsonschema.Draft202012Validator(VOCABULARY).iter_errors(schema))
    assert errors and any(misspelt in e.message for e in errors), [e.message for e in errors]


def test_every_keyword_of_the_vocabulary_is_used_and_read():
    """No keyword declared and never used; every keyword used is read by model/forms.py."""
    declared = {k for k in VOCABULARY["properties"] if k.startswith("x-")}
    used: set[str] = set()

    def walk(value):
        if isinstance(value, dict):
            used.update(k for k in value if k.startswith("x-"))
            for inner in value.values():
                walk(inner)
        elif isinstance(value, list):
            for inner in value:
                walk(inner)

    for name in FORMS:
        walk(_form_schema(name))
    assert used == declared
    reader = (data_dir("schemas").parent / "govinfo_cli" / "model" / "forms.py")
    if reader.exists():  # a source checkout (the wheel does not ship the sources' tree layout)
        source = reader.read_text(encoding="utf-8")
        assert [k for k in sorted(declared) if f'"{k}"' not in source] == []


def test_the_parts_the_forms_share_are_declared_alike():
    """The three schemas are separate files (a report names one); what they share must not drift apart."""
    schemas = {name: _form_schema(name) for name in FORMS}
    first = schemas[FORMS[0]]
    for name, schema in schemas.items():
        assert schema["$defs"]["agency"] == first["$defs"]["agency"], name
        assert schema["x-statistics-period"] == first["x-statistics-period"], name
        assert schema["x-report-title"] == first["x-report-title"], name
        assert schema["properties"]["text"]["properties"]["preamble"] == \
            first["properties"]["text"]["properties"]["preamble"], name
    tables = [name for name in FORMS if "requests" in schemas[name]["properties"]]
    for key in ("applicants", "cases"):
        assert len({json.dumps(schemas[name]["$defs"][key], sort_keys=True) for name in tables}) == 1, key
    for key in ("requests", "appeals"):  # the tables both forms declare comparable are one table but for （六）
        for name in tables:
            assert set(schemas[name]["properties"][key]["x-comparable"]) == set(tables)


def test_the_index_of_forms_follows_the_schemas():
    index = json.loads((data_dir("schemas") / "forms.json").read_text(encoding="utf-8"))["forms"]
    assert [f["name"] for f in index] == list(FORMS)
    for entry in index:
        form = load_form(entry["name"])
        assert (entry["first_year"], entry["last_year"], entry["title"]) == (form.first_year, form.last_year, form.title)
    years = [(f["first_year"], f["last_year"]) for f in index]
    assert all(a[1] + 1 == b[0] for a, b in itertools.pairwise(years)), "the forms' years must follow on"


def _patterns() -> list[tuple[str, str, tuple[str, ...]]]:
    out = []
    for name in FORMS:
        form = load_form(name)
        out += [(name, figure.source, figure.required) for figure in form.text_figures]
        out.append((name, form.period.source, required_words(form.period.source)))
    return out


@pytest.mark.parametrize("form_name, source, required", _patterns(), ids=lambda v: v if isinstance(v, str) else "")
def test_every_match_of_a_text_pattern_holds_its_required_words(form_name, source, required):
    """R11 and R14 scan a text only when it holds a pattern's required words (read off the pattern's own
    text): every text the pattern can match holds them, whatever hypothesis makes of the pattern."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    assert required, source  # every pattern of the forms has such words: the scan is skipped where it can be
    for word in required:
        assert word in source

    @settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.from_regex(re.compile(source.replace("(?<!行政)", "").replace("(?<![复议、])", "")), fullmatch=True))
    def holds(text: str) -> None:
        assert all(word in text for word in required), (text, required)

    holds()


def test_required_words_are_read_conservatively():
    assert required_words("收到(?:政府)?申请\\s*(?P<n>\\d+)\\s*件") == ("收到", "申请", "件")
    assert required_words("甲|乙") == ()  # either: neither is required
    assert required_words("未?发生[行政]复议") == ("发生", "复议")  # 未 optional; a class is no word
    assert required_words("行政复议{0,2}案件") == ("行政复", "案件")  # 议 repeated, maybe none
