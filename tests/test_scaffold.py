"""govinfo new: the scaffold's comments follow the report's year, its form and the file it continues."""

from __future__ import annotations

import datetime
import re
import tomllib

import pytest
from conftest import PINGTAN_2022, govinfo

from govinfo_cli.checks.context import Context
from govinfo_cli.checks.text import r16_deadline
from govinfo_cli.model.forms import load_form
from govinfo_cli.model.report import parse_report
from govinfo_cli.writers.scaffold import scaffold


def _commented(text: str, key: str) -> str:
    match = re.search(rf"^# {key} = (\S+)", text, re.M)
    assert match, key
    return match.group(1)


@pytest.mark.parametrize("year, form, published", [
    (2010, "legacy", "2011-03-31"),  # the legacy form: 3月31日 for every level
    (2018, "legacy", "2019-03-31"),
    (2019, "2019", "2020-01-31"),  # a department (the default level): 1月31日
    (2024, "2021", "2025-01-31"),
])
def test_example_dates_follow_the_year_and_the_forms_deadlines(year, form, published):
    text = scaffold(year=year, agency="某局").text
    assert f'form = "{form}"' in text
    assert _commented(text, "published") == published
    filled = datetime.date.fromisoformat(_commented(text, "filled"))
    assert datetime.date(year, 12, 31) < filled <= datetime.date.fromisoformat(published)
    # uncommented, the examples pass R16 (published and filled by the deadline, after the year)
    live = re.sub(r"^# (published|filled) = ", r"\1 = ", text, flags=re.M)
    report = parse_report(live, "new.toml")
    assert report.get("published") == published and r16_deadline(Context(report, load_form(form))) == []


def test_the_deadline_is_that_of_last_years_level(tmp_path):
    text = scaffold(previous=parse_report(PINGTAN_2022.read_text(encoding="utf-8"), str(PINGTAN_2022))).text
    assert 'level = "city"' in text
    assert _commented(text, "published") == "2024-03-10"  # 设区的市级人民政府: 3月10日
    assert _commented(text, "filled") < "2024-03-10"


@pytest.mark.parametrize("agency, year", [("某某市某某局", 2024), (None, 2017)])
def test_the_title_line_is_the_forms_report_title(agency, year):
    text = scaffold(year=year, agency=agency).text
    form = load_form("legacy" if year == 2017 else "2021")
    title = form.report_title(agency or "", year)
    assert text.splitlines()[1] == f"# {title} — 由 govinfo new 生成。"
    assert title == f"{agency or ''}{year}年政府信息公开工作年度报告"


def test_an_agency_on_two_lines_stays_in_its_comment():
    text = scaffold(year=2024, agency="某某局\n[evil]\r\nx = 1").text
    data = tomllib.loads(text)
    assert data["agency"]["name"] == "某某局\n[evil]\r\nx = 1" and "evil" not in data
    assert text.splitlines()[1] == "# 某某局 [evil] x = 12024年政府信息公开工作年度报告 — 由 govinfo new 生成。"


def test_the_check_command_names_last_years_file_only_when_there_is_one(tmp_path):
    check = "# 检查：govinfo validate 本文件"
    from_file = govinfo("new", "--from", PINGTAN_2022)
    assert from_file.returncode == 0, from_file.stderr
    assert f"{check} --previous {PINGTAN_2022}\n" in from_file.stdout
    from_stdin = govinfo("new", "--from", "-", input=PINGTAN_2022.read_text(encoding="utf-8"))
    assert from_stdin.returncode == 0, from_stdin.stderr
    assert f"{check}\n" in from_stdin.stdout and "<stdin>" not in from_stdin.stdout
    assert from_stdin.stdout.replace(f"{check}\n", "") == from_file.stdout.replace(
        f"{check} --previous {PINGTAN_2022}\n", "")  # otherwise the same scaffold
    spaced = tmp_path / "last year's report.toml"
    spaced.write_text(PINGTAN_2022.read_text(encoding="utf-8"), encoding="utf-8")
    quoted = govinfo("new", "--from", spaced)
    assert f"{check} --previous '{tmp_path}/last year'\\''s report.toml'\n" in quoted.stdout
    assert govinfo("new").stdout.count(f"{check}\n") == 1  # no last year: no --previous


def test_the_scaffold_of_every_form_is_valid_toml_with_every_cell():
    for year, form_name in ((2017, "legacy"), (2020, "2019"), (2024, "2021")):
        data = tomllib.loads(scaffold(year=year).text)
        form = load_form(form_name)
        assert data["form"] == form_name and data["year"] == year
        for path, cell in form.cells.items():
            node = data
            *parents, key = path.split(".")
            for part in parents:
                node = node[part]
            if cell.header:  # a legacy header row stays blank, as the official table has it (L1)
                assert key not in node, path
            else:
                assert node[key] == 0, path
