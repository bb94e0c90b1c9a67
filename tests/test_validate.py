"""govinfo validate on real reports and on scaffolds, through the real entry point."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from pathlib import Path

import pytest
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

from govinfo_cli.checks.validate import check_report
from govinfo_cli.model.forms import load_form
from govinfo_cli.model.report import Report, parse_report
from govinfo_cli.writers.scaffold import scaffold

ARITHMETIC = {"R1", "R2", "R3", "R5", "R7", "R8", "R9", "L1", "L2", "L3", "L4", "L5"}


def findings_of(document: dict) -> list[dict]:
    [file] = document["files"]
    return file["findings"]


def test_seed_findings_are_the_known_defects():
    code, document = validate_json(SEED)
    assert code == 1
    findings = findings_of(document)
    by = {(f["code"], f["level"], f["path"]) for f in findings}
    # （二）通过不同渠道和方式回应解读的情况 = 0 while its items add up to 2: an error.
    l1_error = [f for f in findings if f["code"] == "L1" and f["level"] == "error"]
    assert [f["path"] for f in l1_error] == ["stats.responses.channels"]
    assert l1_error[0]["label"] == "（二）通过不同渠道和方式回应解读的情况"
    assert (l1_error[0]["actual"], l1_error[0]["expected"]) == (0, 2)
    # The other filled header rows are warnings (they equal the sum of their items).
    for path in ("stats.active.total", "stats.active.channels", "stats.responses.total",
                 "stats.requests.total", "stats.staffing.total"):
        assert ("L1", "warning", path) in by
    assert not any(f["path"] == "stats.meetings.total" for f in findings)  # blank in the seed: no finding
    # 政务微博 968 > 主动公开政府信息数 187.
    l2 = [f for f in findings if f["code"] == "L2"]
    assert [(f["path"], f["actual"], f["expected"]) for f in l2] == [
        ("stats.active.weibo", 968, 187), ("stats.active.wechat", 1064, 187)]
    assert all(f["level"] == "warning" for f in l2)
    # The text says the period ends 12月30日.
    [r14] = [f for f in findings if f["code"] == "R14"]
    assert "12月30日" in r14["message"] and r14["path"] == "text.preamble"
    seed_lines = SEED.read_text(encoding="utf-8").splitlines()
    assert "12月30日" in seed_lines[r14["line"] - 1]
    check_contract(document, "validate-result")


def test_seed_text_output_names_file_line_and_label():
    result = govinfo("validate", SEED)
    assert result.returncode == 1
    line = next(each for each in result.stdout.splitlines() if " L1 " in each and "error" in each)
    # file:line: error L1 （二）通过不同渠道和方式回应解读的情况 [stats.responses.channels]: ...
    where, _, rest = line.partition(": ")
    path, number = where.rsplit(":", 1)
    assert Path(path) == SEED
    assert "channels = 0" in SEED.read_text(encoding="utf-8").splitlines()[int(number) - 1]
    assert "（二）通过不同渠道和方式回应解读的情况 [stats.responses.channels]" in rest
    assert "2" in rest and "0" in rest


@pytest.mark.parametrize("example", [PINGTAN_2021, PINGTAN_2022, SHANGHAI_2019], ids=lambda p: p.stem)
def test_consistent_real_reports_have_no_arithmetic_error(example):
    _code, document = validate_json(example)
    errors = [f for f in findings_of(document) if f["level"] == "error" and f["code"] in ARITHMETIC]
    assert errors == []


def test_shanghai_blank_cells_stay_blank_and_are_named():
    report = parse_report(SHANGHAI_2019.read_text(encoding="utf-8"), str(SHANGHAI_2019))
    assert report.number("requests.results.granted.total") is None  # blank in the published table
    assert report.number("requests.new.research") is None
    assert report.number("requests.new.total") == 859


def _filled_scaffold(year: int) -> Report:
    text = scaffold(year=year, agency="测试局").text
    data = parse_report(text, f"scaffold-{year}.toml").data
    for section in load_form(data["form"]).sections.values():
        data["text"][section.key] = "统计期限为本年1月1日至12月31日。信息处理费：无。"
    return Report(path=f"scaffold-{year}.toml", text=text, data=data)


def _changed(report: Report, path: str, delta: int) -> Report:
    """``report`` with the cell at ``path`` raised by ``delta`` (a report's data is read-only: a new report)."""
    data = copy.deepcopy(report.data)
    *parents, key = path.split(".")
    row = data
    for part in parents:
        row = row[part]
    row[key] += delta
    return Report(path=report.path, text=report.text, data=data)


@pytest.mark.parametrize("year", [2020, 2022], ids=["form-2019", "form-2021"])
def test_scaffold_is_clean_and_every_cell_of_tables_3_and_4_is_checked(year):
    report = _filled_scaffold(year)
    form = report.form
    assert check_report(report) == []
    cells = [c for c in form.cells.values() if c.table in ("requests", "appeals")]
    for cell in cells:
        errors = [f for f in check_report(_changed(report, cell.path, 1)) if f.level == "error"]
        assert errors, cell.path
        assert all(cell.path in f.cells for f in errors), (cell.path, [f.code for f in errors])


def test_scaffold_through_the_cli_has_no_arithmetic_finding(tmp_path):
    out = tmp_path / "new.toml"
    assert govinfo("new", "--year", "2022", "--agency", "测试局", "-o", out).returncode == 0
    code, document = validate_json(out)
    assert code == 1  # the narrative sections are still empty
    assert {f["code"] for f in findings_of(document)} == {"N1"}


def test_pingtan_continuity_and_one_broken_column(tmp_path):
    code, document = validate_json(PINGTAN_2022, "--previous", PINGTAN_2021)
    assert not [f for f in findings_of(document) if f["code"] == "R9"]
    text = PINGTAN_2022.read_text(encoding="utf-8")
    report = parse_report(text, "x")
    broken = report.number("requests.carried_over.commercial") + 1
    line = report.line("requests.carried_over.commercial")
    changed = tmp_path / "2022.toml"
    changed.write_text(with_cell(text, "requests.carried_over.commercial", str(broken)), encoding="utf-8")
    code, document = validate_json(changed, "--previous", PINGTAN_2021)
    r9 = [f for f in findings_of(document) if f["code"] == "R9"]
    assert code == 1
    assert [(f["level"], f["path"], f["line"]) for f in r9] == [("error", "requests.carried_over.commercial", line)]
    assert "previous:requests.carried_forward.commercial" in r9[0]["cells"]


def test_new_from_a_filled_report_continues_it(tmp_path):
    out = tmp_path / "2023.toml"
    result = govinfo("new", "--from", PINGTAN_2022, "-o", out)
    assert result.returncode == 0, result.stderr
    new = parse_report(out.read_text(encoding="utf-8"), str(out))
    last = parse_report(PINGTAN_2022.read_text(encoding="utf-8"), "last")
    assert new.year == 2023 and new.get("agency.name") == last.get("agency.name")
    for column in load_form("2021").rows["requests.carried_over"].children:
        assert new.number(f"requests.carried_over.{column.key}") == \
            (last.number(f"requests.carried_forward.{column.key}") or 0)
    assert new.number("active.documents.normative.in_force") == last.number("active.documents.normative.in_force")
    _code, document = validate_json(out, "--previous", PINGTAN_2022)
    assert not [f for f in findings_of(document) if f["code"] in {"R9", "R7"}]


def test_new_across_a_form_change_says_what_was_not_carried(tmp_path):
    last = tmp_path / "2020.toml"
    assert govinfo("new", "--year", "2020", "--agency", "某局", "-o", last).returncode == 0
    text = with_cell(last.read_text(encoding="utf-8"), "requests.carried_forward.natural_person", "4")
    last.write_text(text, encoding="utf-8")
    result = govinfo("new", "--from", last, "-o", "-")
    assert result.returncode == 0
    new = parse_report(result.stdout, "new")
    assert new.form_name == "2021" and new.number("requests.carried_over.natural_person") == 4
    assert "现行有效件数" in result.stderr and "2019" in result.stderr


def test_new_never_overwrites_without_force(tmp_path):
    out = tmp_path / "report.toml"
    out.write_text("mine", encoding="utf-8")
    result = govinfo("new", "--year", "2022", "-o", out)
    assert result.returncode == 2
    assert "--force" in result.stderr and out.read_text(encoding="utf-8") == "mine"
    assert govinfo("new", "--year", "2022", "-o", out, "--force").returncode == 0
    assert out.read_text(encoding="utf-8").startswith("#")
    assert [p.name for p in tmp_path.iterdir()] == ["report.toml"]  # no temporary file left


def test_new_is_deterministic_and_defaults_the_form_from_the_year():
    first = govinfo("new", "--year", "2017", "--agency", "甲局")
    assert first.returncode == 0
    assert first.stdout == govinfo("new", "--year", "2017", "--agency", "甲局").stdout
    assert 'form = "legacy"' in first.stdout
    assert 'form = "2019"' in govinfo("new", "--year", "2019").stdout


BAD_INPUTS = {
    "malformed": ('form = "2021"\nyear = 2022\n[agency\nname = "x"\n', 2, "bad.toml:3:"),
    "string-count": (None, 1, "must be a whole number"),
    "negative-count": (None, 1, "must be 0 or more"),
    "unknown-form": ('form = "national"\nyear = 2030\n', 1, "unknown form"),
    "year-as-form": ('form = "2020"\nyear = 2020\n', 1, 'a report for 2020 uses form = "2019"'),
}


def _scaffold_with(tmp_path: Path, path: str, literal: str) -> Path:
    text = with_cell(scaffold(year=2022, agency="测试局").text, path, literal)
    for key in ("overview", "problems", "other"):
        text = text.replace(f'{key} = """\n"""', f'{key} = """统计期限为2022年1月1日至12月31日。信息处理费：无。"""')
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_nan_and_inf_are_schema_errors_not_crashes(tmp_path):
    text = with_cell(scaffold(year=2022, agency="测试局").text, "active.fees.admin_fees.amount", "nan")
    path = tmp_path / "nan.toml"
    path.write_text(with_cell(text, "requests.new.total", "-inf"), encoding="utf-8")
    code, document = validate_json(path)
    schema = [(f["path"], f["message"]) for f in findings_of(document) if f["code"] == "schema"]
    assert code == 1
    assert schema == [("active.fees.admin_fees.amount", 'must be a number, found "nan"'),
                      ("requests.new.total", 'must be a whole number, found "-inf"')]


@pytest.mark.parametrize("case", list(BAD_INPUTS) + ["missing", "binary"])
def test_bad_input_gives_one_clear_line(tmp_path, case):
    path = tmp_path / "bad.toml"
    if case == "string-count":
        path = _scaffold_with(tmp_path, "requests.new.natural_person", '"三"')
    elif case == "negative-count":
        path = _scaffold_with(tmp_path, "requests.new.natural_person", "-1")
    elif case == "missing":
        path = tmp_path / "absent.toml"
    elif case == "binary":
        path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    else:
        path.write_text(BAD_INPUTS[case][0], encoding="utf-8")
    result = govinfo("validate", path)
    lines = (result.stdout + result.stderr).strip().splitlines()
    summary = (f"{path}: errors:", f"{path}: no findings", "  ")
    output = [line for line in lines if not line.startswith(summary)]  # the findings, not the file's summary
    assert "Traceback" not in result.stderr
    assert len(output) == 1, lines
    expected_code = {"missing": 2, "binary": 2}.get(case) or BAD_INPUTS[case][1]
    assert result.returncode == expected_code
    assert output[0].startswith(str(path))
    if case in BAD_INPUTS:
        assert BAD_INPUTS[case][2] in output[0]
    if case in ("string-count", "negative-count"):
        # file:line, the key path and the Chinese label of the cell
        assert "[requests.new.natural_person]" in output[0] and "自然人" in output[0]
        line = int(output[0].split(":")[1])
        assert path.read_text(encoding="utf-8").splitlines()[line - 1].startswith("natural_person")


def test_several_files_each_reported_and_exit_code_is_the_worst(tmp_path):
    missing = tmp_path / "absent.toml"
    code, document = validate_json(PINGTAN_2021, SEED, missing)
    assert code == 2
    assert [f["path"] for f in document["files"]] == [str(PINGTAN_2021), str(SEED), str(missing)]
    assert [f["valid"] for f in document["files"]] == [True, False, False]
    assert document["files"][2]["findings"][0]["code"] == "parse"
    assert document["summary"]["files"] == 3


def test_strict_turns_warnings_into_exit_1(tmp_path):
    # a report whose only finding is a warning, made so: published after the deadline (R16)
    late = tmp_path / "late.toml"
    late.write_text(with_cell(PINGTAN_2021.read_text(encoding="utf-8"), "published", "2022-12-31"), encoding="utf-8")
    code, document = validate_json(late)
    levels = {(f["code"], f["level"]) for f in findings_of(document)}
    assert code == 0 and ("R16", "warning") in levels and all(level == "warning" for _, level in levels)
    assert govinfo("validate", "--strict", late).returncode == 1
    assert govinfo("validate", late).returncode == 0


def test_money_compares_with_the_decimals_written():
    from govinfo_cli.checks.arithmetic import Interval

    a, b = Interval.of(Decimal("0.10")), Interval.of(Decimal("0.20"))
    total = Interval.of(Decimal("0.3"))
    both = a + b
    assert both.low <= total.high and total.low <= both.high
    assert Interval.of(3) == Interval(3, 3)


def test_a_blank_total_is_a_gap_to_fill_not_a_wrong_number():
    # Shanghai 2019 left the 总计 column blank on the result rows: the row is named once (C1), with
    # its blank cells; R3 on that row is not checked (not "found 0", not "held"), and says why.
    _code, document = validate_json(SHANGHAI_2019)
    findings = findings_of(document)
    granted = [f for f in findings if f["path"] == "requests.results.granted"]
    assert [(f["code"], f["level"]) for f in granted] == [("C1", "warning")]
    assert "requests.results.granted.total" in granted[0]["blank"] and "总计" in granted[0]["message"]
    assert not [f for f in findings if f["code"] in ARITHMETIC]
    [r3] = [r for r in document["files"][0]["rules"] if r["code"] == "R3"]
    blank = {n["reason"]: n["count"] for n in r3["not_checked"]}
    assert r3["status"] == "held" and blank["blank"] > 0  # the rows with a total checked, the others not


def test_figures_in_the_text_are_checked_against_the_tables():
    expected = {
        SEED: {("主动公开政府信息2348条", 2348, 187), ("主动公开各类安全生产工作信息2219条", 2219, 187),
               ("未发生因政府信息公开申请行政复议", 0, 3)},
        SHANGHAI_2019: {("予以公开及部分公开258件", 258, 275), ("均获维持", 0, 3)},
        PINGTAN_2021: set(),
        PINGTAN_2022: set(),  # 收到…申请75件 = 本年新收 74 + 上年结转 1: accepted
    }
    for path, figures in expected.items():
        _code, document = validate_json(path)
        r11 = [f for f in findings_of(document) if f["code"] == "R11"]
        found = {(next(q for q, _, _ in figures if q in f["message"]) if figures else f["message"],
                  f["actual"], f["expected"]) for f in r11}
        assert found == figures, path.name
        lines = path.read_text(encoding="utf-8").splitlines()
        for f in r11:
            quote = f["message"].split("“")[1].split("”")[0]
            assert quote in lines[f["line"] - 1] and not lines[f["line"] - 1].startswith("#")


def test_every_missing_and_every_unknown_key_is_named_once(tmp_path):
    path = tmp_path / "keys.toml"
    path.write_text('form = "2021"\nyear = 2022\n[agency]\nname = "x"\nnmae = "y"\nfoo = 1\n[text]\npreamble = ""\n'
                    '[stats.active]\ntotal = 1\n', encoding="utf-8")
    code, document = validate_json(path)
    named = [(f["code"], f["path"], f["line"]) for f in findings_of(document)]
    assert code == 1
    assert named == [("schema", "agency.nmae", 5), ("schema", "agency.foo", 6),
                     ("schema", "text.overview", 7), ("schema", "text.problems", 7), ("schema", "text.other", 7),
                     ("schema", "stats", 9),
                     # the tables left out are blank: each named once, as a whole (no line to point at)
                     ("C1", "active", None), ("C1", "requests", None), ("C1", "appeals", None)]


def test_bad_year_or_level_is_reported_by_the_schema_not_a_crash(tmp_path):
    for text, path in (('form = "2021"\nyear = 99999\n', "year"), ('form = "legacy"\nyear = 17\n', "year"),
                       ('form = "2021"\nyear = 2022\n[agency]\nlevel = [1]\nfilled = 2023-05-01\n', "agency.level")):
        report = tmp_path / "r.toml"
        report.write_text(text, encoding="utf-8")
        result = govinfo("validate", "--format", "json", report)
        assert result.returncode == 1 and result.stderr == ""
        findings = findings_of(json.loads(result.stdout))
        assert path in [f["path"] for f in findings if f["code"] == "schema"]
        assert "R16" not in [f["code"] for f in findings]


def test_previous_of_another_year_skips_the_cross_year_rules():
    _code, document = validate_json(PINGTAN_2022, "--previous", SHANGHAI_2019)
    codes = [f["code"] for f in findings_of(document)]
    assert "years" in codes and "R9" not in codes and "R7" not in codes


def _with_text(report: Report, key: str, text: str) -> Report:
    data = copy.deepcopy(report.data)
    data["text"][key] = text
    return Report(path=report.path, text=report.text, data=data)


def test_section_six_of_form_2021_must_mention_the_processing_fees():
    report = _filled_scaffold(2022)
    assert [f.code for f in check_report(report)] == []
    [finding] = check_report(_with_text(report, "other", "无。"))
    assert (finding.code, finding.path) == ("R13", "text.other") and "信息处理费" in finding.message
    assert check_report(_with_text(_filled_scaffold(2020), "other", "无。")) == []  # form 2019 asks no such thing
