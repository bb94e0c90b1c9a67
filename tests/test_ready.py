"""'No findings' means 'ready to publish': complete reports, honest rule states, findings that
show their arithmetic, identity checks, and --quiet that never hides why the exit code is not 0."""

from __future__ import annotations

import json

from conftest import (
    PINGTAN_2021,
    PINGTAN_2022,
    SEED,
    SHANGHAI_2019,
    check_contract,
    govinfo,
    validate_json,
    with_cell,
)

from govinfo_cli.checks.completeness import fillable
from govinfo_cli.model.forms import load_form


def _file(document: dict) -> dict:
    [file] = document["files"]
    return file


def _rules(document: dict) -> dict[str, dict]:
    return {rule["code"]: rule for rule in _file(document)["rules"]}


def test_a_report_of_three_one_word_sections_is_not_ready(tmp_path):
    bare = tmp_path / "bare.toml"
    bare.write_text('form = "2021"\nyear = 2024\n[agency]\nname = "某某局"\n'
                    '[text]\noverview = "无"\nproblems = "无"\nother = "无"\n', encoding="utf-8")
    code, document = validate_json(bare)
    check_contract(document, "validate-result")
    findings = _file(document)["findings"]
    blank_tables = [f["path"] for f in findings if f["code"] == "C1"]
    form = load_form("2021")
    assert blank_tables == list(form.tables)  # one finding a table, not one a cell
    assert _file(document)["completeness"] == {"filled": 0, "cells": len(fillable(form))}
    assert any(f["code"] == "N2" and f["path"] == "text.problems" for f in findings)  # 五 that reads 无
    assert code == 0  # gaps are warnings …
    strict = govinfo("validate", "--strict", "--format", "json", bare)
    assert strict.returncode == 1  # … and errors under --strict
    assert {f["level"] for f in _file(json.loads(strict.stdout))["findings"] if f["code"] == "C1"} == {"error"}
    text = govinfo("validate", bare).stdout
    assert f"cells filled: 0 of {len(fillable(form))}" in text


def test_a_blank_row_is_one_finding_naming_its_blank_cells(tmp_path):
    text = PINGTAN_2022.read_text(encoding="utf-8")
    for column in ("research", "nonprofit"):  # two cells of one row left blank
        line = next(line for line in text.splitlines() if line.startswith(f"{column} ="))
        text = text.replace(line + "\n", "", 1)
    path = tmp_path / "gaps.toml"
    path.write_text(text, encoding="utf-8")
    _code, document = validate_json(path)
    [gap] = [f for f in _file(document)["findings"] if f["code"] == "C1"]
    assert gap["path"] == "requests.new"
    assert gap["blank"] == ["requests.new.research", "requests.new.nonprofit"]
    assert "2 of 7 cells are blank" in gap["message"] and "科研机构" in gap["message"]


def test_the_2019_single_row_in_a_2021_table_says_what_it_is():
    _code, document = validate_json("examples/2024-hongzequ.toml")
    [c2] = [f for f in _file(document)["findings"] if f["code"] == "C2"]
    assert c2["path"] == "requests.results.other" and "3.其他" in c2["message"]
    assert not [f for f in _file(document)["findings"] if f["code"] == "C1"]  # its blank rows are C2's, once


def test_every_rule_says_held_failed_or_not_checked_and_why():
    _code, document = validate_json(PINGTAN_2022)
    rules = _rules(document)
    assert rules["R1"]["status"] == "held" and rules["R1"]["checked"] == 7
    assert rules["R13"]["status"] == "failed"  # 总体情况 of 2025 characters
    assert rules["R9"] == {"code": "R9", "status": "not checked", "checked": 0, "failed": 0,
                           "not_checked": [{"reason": "no-previous", "count": 1}]}
    assert rules["R15"]["not_checked"] == [{"reason": "diff-only", "count": 1}]
    _code, with_last = validate_json(PINGTAN_2022, "--previous", PINGTAN_2021)
    assert _rules(with_last)["R9"]["status"] == "held" and _rules(with_last)["R9"]["checked"] == 7


def test_diff_two_years_apart_never_says_the_continuity_holds(tmp_path):
    later = tmp_path / "2023.toml"
    later.write_text(PINGTAN_2022.read_text(encoding="utf-8").replace("year = 2022", "year = 2023", 1),
                     encoding="utf-8")
    result = govinfo("diff", "--format", "json", PINGTAN_2021, later)
    document = json.loads(result.stdout)
    check_contract(document, "diff-result")
    states = {c["rule"]: c for c in document["continuity"]}
    assert states["years"]["status"] == "failed"
    for code in ("R7", "R9"):
        assert states[code]["status"] == "not checked" and states[code]["checked"] == 0
        assert states[code]["not_checked"][0]["reason"] == "other-year"
    text = govinfo("diff", PINGTAN_2021, later).stdout
    continuity = text.split("Continuity with last year")[1].split("Narrative")[0]
    assert not [line for line in continuity.splitlines() if line.lstrip().startswith(("R7", "R9")) and "hold" in line]
    assert "R9 上年结转 = last year's 结转下年度继续办理: not checked: last year's report is not for the year before" in text


def test_a_sum_finding_shows_both_sides_with_their_terms(tmp_path):
    text = with_cell(PINGTAN_2022.read_text(encoding="utf-8"), "requests.new.total", "80")  # R1 and R3 both fail
    path = tmp_path / "sums.toml"
    path.write_text(text, encoding="utf-8")
    _code, document = validate_json(path)
    findings = [f for f in _file(document)["findings"] if f["path"] == "requests.new.total"]
    r1 = next(f for f in findings if f["code"] == "R1")
    r3 = next(f for f in findings if f["code"] == "R3")
    # 一 + 二 on one side, （七）总计 + 四 on the other, each with its figure: no "expected" value claimed
    assert "一、本年新收政府信息公开申请数量 80 + 二、上年结转政府信息公开申请数量 1 = 81 ≠" in r1["message"]
    assert "三、本年度办理结果 （七）总计 75 + 四、结转下年度继续办理 0 = 75" in r1["message"]
    assert "expected" not in r1["message"]
    # the cell stands in both failing sums: each says so, instead of two different expected values
    assert "R3" in r1["message"] and "R1" in r3["message"] and "the wrong figure may be it" in r1["message"]
    sides = r1["args"]["message"]["args"]["left"]["args"]["terms"]
    assert [(t["label"], t["value"]) for t in sides] == [("一、本年新收政府信息公开申请数量", 80),
                                                         ("二、上年结转政府信息公开申请数量", 1)]


def test_previous_of_another_agency_is_said_and_stops_the_cross_year_rules(tmp_path):
    other = tmp_path / "other.toml"
    other.write_text(PINGTAN_2021.read_text(encoding="utf-8").replace('name = "平潭综合实验区"', 'name = "某某县人民政府"'),
                     encoding="utf-8")
    _code, document = validate_json(PINGTAN_2022, "--previous", other)
    codes = [f["code"] for f in _file(document)["findings"]]
    assert "agency" in codes and "R9" not in codes
    assert _rules(document)["R9"]["not_checked"][0]["reason"] == "other-agency"


def test_new_from_continues_only_the_year_before_and_never_overwrites_it(tmp_path):
    for year in ("2021", "2024"):  # its own year, and three years on
        result = govinfo("new", "--from", PINGTAN_2021, "--year", year)
        assert result.returncode == 2 and result.stdout == ""
        assert "2022 continues" in result.stderr or "continues the one for" in result.stderr
    assert govinfo("new", "--from", PINGTAN_2021, "--year", "2022").returncode == 0
    last = tmp_path / "last.toml"
    original = PINGTAN_2021.read_bytes()
    last.write_bytes(original)
    for target in (last, tmp_path / "." / "last.toml"):
        result = govinfo("new", "--from", last, "-o", target, "--force")
        assert result.returncode == 2 and "last year's report" in result.stderr
    assert last.read_bytes() == original


def test_quiet_still_prints_what_makes_the_exit_code_not_zero(tmp_path):
    late = tmp_path / "late.toml"
    late.write_text(with_cell(PINGTAN_2021.read_text(encoding="utf-8"), "published", "2022-12-31"), encoding="utf-8")
    quiet = govinfo("validate", "--quiet", late)
    assert (quiet.returncode, quiet.stdout) == (0, "")  # warnings only: nothing to say, exit 0
    strict = govinfo("validate", "--strict", "--quiet", late)
    assert strict.returncode == 1 and " warning R16 " in strict.stdout  # the reason for exit 1 is printed
    errors = govinfo("validate", "--quiet", SEED)
    assert errors.returncode == 1 and " error L1 " in errors.stdout and " warning " not in errors.stdout


def test_the_examples_have_no_false_alarm():
    """Each example's findings are its real defects (see each file's comments and docs/rules.md)."""
    expected = {
        "examples/2021-pingtan.toml": {"R13"},  # 总体情况 1553 characters
        "examples/2022-pingtan.toml": {"R13"},  # 2025 characters
        "examples/2024-hongzequ.toml": {"R11", "C2"},  # 受理 17 against 95; the 2019 （六） row
        str(SHANGHAI_2019.relative_to(SHANGHAI_2019.parent.parent)): {"R11", "C1"},  # 258 vs 275; blank cells
    }
    for path, codes in expected.items():
        _code, document = validate_json(path)
        assert {f["code"] for f in _file(document)["findings"]} == codes, path
    _code, document = validate_json(PINGTAN_2022, "--previous", PINGTAN_2021)
    assert {f["code"] for f in _file(document)["findings"]} == {"R13"}  # continuity holds; published on time
