"""The rule catalogue is the one list of findings: every code emitted is in it, every code in it
is shown to fire and not to fire (tests/rules/cases.toml), the schemas' x-rules agree with it, and
the rules pages are generated from it."""

from __future__ import annotations

import ast
import copy
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from conftest import ROOT, govinfo

from govinfo_cli.checks.catalogue import BY_CODE, CATALOGUE, CATEGORIES, SCOPES, codes
from govinfo_cli.checks.diff import diff_reports
from govinfo_cli.checks.findings import Finding
from govinfo_cli.checks.validate import check_report, parse_finding
from govinfo_cli.model.forms import FORMS, load_form
from govinfo_cli.model.report import Report, ReportError, load_report, parse_report
from govinfo_cli.writers.scaffold import scaffold

try:
    import tomllib
except ImportError:  # pragma: no cover
    import tomli as tomllib  # type: ignore[no-redef]

CASES = tomllib.loads((ROOT / "tests" / "rules" / "cases.toml").read_text(encoding="utf-8"))["case"]


def _apply(report: Report, changes: dict[str, Any], blanks: list[str]) -> Report:
    """``report`` with ``changes`` applied and ``blanks`` removed, written and read back as a report file."""
    if not changes and not blanks:
        return report
    data = copy.deepcopy(report.data)
    for dotted, value in changes.items():
        *parents, key = dotted.split(".")
        node = data
        for part in parents:
            node = node.setdefault(part, {})
        node[key] = value
    for dotted in blanks:
        *parents, key = dotted.split(".")
        node = data
        for part in parents:
            node = node[part]
        del node[key]
    return parse_report(tomli_w.dumps(data), report.path)


def _file(path: str, changes: dict[str, Any], blanks: list[str]) -> Report:
    return _apply(load_report(str(ROOT / path)), changes, blanks)


def findings_of(case: dict[str, Any]) -> list[Finding]:
    if "raw" in case:
        try:
            report = parse_report(case["raw"], "<case>")
        except ReportError as error:
            return [parse_finding(error)]
        return check_report(report)
    previous = _file(case["previous"], case.get("previous_set", {}), []) if "previous" in case else None
    if case["base"] == "new":
        base = parse_report(scaffold(year=case.get("year"), previous=previous).text, "<new>")
    else:
        base = load_report(str(ROOT / case["base"]))
    report = _apply(base, case.get("set", {}), case.get("unset", []))
    if BY_CODE[case["code"]].scope == "diff":
        assert previous is not None, case
        return diff_reports(previous, report).findings
    return check_report(report, previous)


def _case_id(case: dict[str, Any]) -> str:
    return f"{case['code']}-{case['expect']}-{case.get('why', case.get('base', 'raw'))[:40]}"


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_each_case_gives_its_finding_or_none(case):
    found = [f for f in findings_of(case) if f.code == case["code"]]
    if case["expect"] == "finding":
        assert found, f"{case['code']} expected: {case.get('why', '')}"
        for finding in found:
            assert finding.level in BY_CODE[case["code"]].levels
            assert finding.message  # renders: every placeholder has its argument
    else:
        assert found == [], [f.message for f in found]


def test_every_code_has_a_case_that_fires_and_one_that_does_not():
    for check in CATALOGUE:
        kinds = {case["expect"] for case in CASES if case["code"] == check.code}
        assert kinds == {"finding", "none"}, f"{check.code}: add cases to tests/rules/cases.toml ({kinds})"
    assert {case["code"] for case in CASES} <= set(BY_CODE)


def test_every_finding_the_cases_and_examples_give_is_catalogued():
    emitted: set[str] = set()
    for case in CASES:
        emitted |= {f.code for f in findings_of(case)}
    for path in sorted((ROOT / "examples").glob("*.toml")):
        emitted |= {f.code for f in check_report(load_report(str(path)))}
    assert emitted <= set(BY_CODE), emitted - set(BY_CODE)


def _literal_codes() -> set[str]:
    """Every ``code="…"`` written in the package's source (a finding made anywhere in the code)."""
    found: set[str] = set()
    for path in (ROOT / "govinfo_cli").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.keyword) and node.arg == "code" and isinstance(node.value, ast.Constant):
                found.add(node.value.value)
    return found


def test_every_code_written_in_the_source_or_the_schemas_is_catalogued():
    declared = {rule.id for name in FORMS for rule in load_form(name).rules}
    assert _literal_codes() | declared <= set(BY_CODE), (_literal_codes() | declared) - set(BY_CODE)


def test_the_schemas_x_rules_agree_with_the_catalogue():
    by_code: dict[str, set[str]] = {}
    levels: dict[str, set[str]] = {}
    for name in FORMS:
        for rule in load_form(name).rules:
            by_code.setdefault(rule.id, set()).add(name)
            levels.setdefault(rule.id, set()).add(rule.level)
    for check in CATALOGUE:
        if check.declared:
            assert set(check.forms) == by_code.get(check.code), check.code
            assert levels[check.code] <= set(check.levels), check.code
        else:
            assert check.code not in by_code, f"{check.code} has x-rules: mark it declared"


def test_entries_are_complete_and_functions_named_for_their_code():
    assert len(BY_CODE) == len(CATALOGUE)
    slugs = [c.slug for c in CATALOGUE]
    assert len(set(slugs)) == len(slugs)
    for check in CATALOGUE:
        assert check.category in CATEGORIES and check.scope in SCOPES, check.code
        assert set(check.levels) <= {"error", "warning"} and check.levels, check.code
        assert set(check.forms) <= set(FORMS) and check.forms, check.code
        assert check.title and check.description and check.clause, check.code
        function = check.implementation()  # resolves
        if not check.declared and check.category not in ("input", "cross-year"):
            assert function.__name__.startswith(check.code.lower() + "_"), (check.code, function.__name__)


def test_the_json_contract_lists_exactly_the_catalogued_codes():
    contract = json.loads((ROOT / "schemas" / "validate-result.schema.json").read_text(encoding="utf-8"))
    assert contract["$defs"]["finding"]["properties"]["code"]["enum"] == [c.code for c in CATALOGUE]
    form_enum = contract["$defs"]["file"]["properties"]["form"]["enum"]
    assert form_enum == [*FORMS, None]


def test_generated_pages_and_index_are_current():
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "gen_docs.py"), "--check"],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr + " (run python scripts/gen_docs.py)"


def test_rules_pages_list_every_code_in_both_languages():
    english = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    chinese = (ROOT / "docs" / "rules.zh-CN.md").read_text(encoding="utf-8")
    for check in CATALOGUE:
        assert f"### {check.code}\n" in english and f"### {check.code}\n" in chinese
    assert "What govinfo checks" in english and "govinfo 检查什么" in chinese


def test_findings_render_in_the_language_chosen_at_output():
    report = load_report(str(ROOT / "examples" / "2024-hongzequ.toml"))
    [r11] = [f for f in check_report(report) if f.code == "R11"]
    english = govinfo("validate", "--format", "json", ROOT / "examples" / "2024-hongzequ.toml")
    chinese = govinfo("--lang", "zh", "validate", "--format", "json", ROOT / "examples" / "2024-hongzequ.toml")
    [en] = [f for f in json.loads(english.stdout)["files"][0]["findings"] if f["code"] == "R11"]
    [zh] = [f for f in json.loads(chinese.stdout)["files"][0]["findings"] if f["code"] == "R11"]
    assert en["template"] == zh["template"] == r11.msg.template  # the same finding, in two languages
    assert en["args"] == zh["args"] == {"quote": "受理政府信息公开申请 17 件", "table": 95,
                                        "label": "一、本年新收政府信息公开申请数量 · 总计"}
    assert en["message"].startswith("the text says") and zh["message"].startswith("正文称")


def test_a_new_rule_needs_only_an_entry_a_function_and_cases(tmp_path, monkeypatch):
    """The contributing guide's example, as a test: a rule added the way the README says runs."""
    from govinfo_cli.checks import catalogue
    from govinfo_cli.checks.catalogue import Check
    from govinfo_cli.checks.context import Context
    from govinfo_cli.model.messages import Msg

    def r99_no_head(context: Context) -> list[Finding]:
        if context.report.get("agency.head"):
            return []
        return [Finding(code="R99", level="warning", path="agency.head", line=context.report.line("agency"),
                        label=context.form.label("agency.head"), msg=Msg("no 单位负责人 signs the report"))]

    module = type(sys)("r99_module")
    module.r99_no_head = r99_no_head  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "r99_module", module)
    entry = Check(code="R99", slug="no-head", levels=("warning",), category="text", scope="report",
                  title="no 单位负责人", description="…", clause="条例第四十九条", forms=tuple(FORMS),
                  function="r99_module:r99_no_head")
    monkeypatch.setattr(catalogue, "CATALOGUE", (*catalogue.CATALOGUE, entry))
    report = load_report(str(ROOT / "examples" / "2024-hongzequ.toml"))
    assert "R99" in {f.code for f in check_report(report)}
    assert codes(scope="report")[-1] == "R99"


def test_no_module_but_the_form_model_reads_the_schemas_vocabulary():
    allowed = {Path("govinfo_cli/model/forms.py")}
    pattern = re.compile(r"""["']x-[a-z]""")
    for path in (ROOT / "govinfo_cli").rglob("*.py"):
        relative = path.relative_to(ROOT)
        if relative in allowed:
            continue
        code = "\n".join(line for line in path.read_text(encoding="utf-8").splitlines()
                         if not line.lstrip().startswith("#"))
        assert not pattern.search(code), f"{relative} reads an x- keyword: read it through model/forms.py"
