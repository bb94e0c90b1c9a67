"""The schemas are valid JSON Schema and the form model read from them is complete."""

from __future__ import annotations

import json

import jsonschema
import pytest

from govinfo_cli.model.forms import FORMS, load_form
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
