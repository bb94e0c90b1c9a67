"""validate --format html: the office's overview of a folder, opened in a real browser (headless Chromium)."""

from __future__ import annotations

import html
import json
import re
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT, SHANGHAI_2019, govinfo, run_chromium, validate_json

from govinfo_cli.checks.completeness import completeness
from govinfo_cli.checks.findings import Completeness
from govinfo_cli.model.report import load_report

sys.path.insert(0, str(ROOT / "bench"))
import corpus

OVERVIEW_JS = Path(__file__).resolve().parent / "browser" / "overview.js"


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """The examples and 40 generated reports (valid and broken, all forms, one not TOML at all)."""
    root = tmp_path_factory.mktemp("office")
    for example in EXAMPLES.glob("*.toml"):
        (root / "examples").mkdir(exist_ok=True)
        (root / "examples" / example.name).write_bytes(example.read_bytes())
    corpus.generate(root / "generated", 40, seed=5)
    return root


def seen_in_browser(page: str, tmp_path: Path) -> dict:
    checked = tmp_path / "overview.html"
    checked.write_text(page.replace("</body>", f"<script>{OVERVIEW_JS.read_text(encoding='utf-8')}</script>\n</body>"),
                       encoding="utf-8")
    result = run_chromium("--window-size=1400,900", "--dump-dom", checked.as_uri())
    match = re.search(r'<pre id="overview-verdict">(.*?)</pre>', result.stdout, re.S)
    assert match, f"the page's check did not run: {result.stderr[-2000:]}"
    return json.loads(html.unescape(match.group(1)))


def test_the_overview_in_a_browser_agrees_with_validate_json(folder, browser, tmp_path):
    page = govinfo("validate", "--format", "html", folder)
    code, document = validate_json(folder)
    assert page.returncode == code == 2  # a generated file does not parse: exit 2, as for text and JSON
    seen = seen_in_browser(page.stdout, tmp_path)
    files = document["files"]
    # one row per file, in the order validate gives
    assert [row["file"] for row in seen["initial"]] == [f["path"] for f in files]
    expected = {f["path"]: (sum(x["level"] == "error" for x in f["findings"]),
                            sum(x["level"] == "warning" for x in f["findings"])) for f in files}
    assert {row["file"]: (row["errors"], row["warnings"]) for row in seen["initial"]} == expected
    for path, opened in seen["findings"].items():
        assert opened["closedBefore"] and opened["openAfter"] and opened["expanded"] == "true"
        assert (opened["errors"], opened["warnings"]) == expected[path]
    # sorting by errors: the most first, then the fewest first
    errors = sorted(e for e, _w in expected.values())
    assert seen["errorsFirstClick"] == errors[::-1] and seen["errorsSecondClick"] == errors
    assert sorted(seen["withErrorsShown"]) == sorted(p for p, (e, _w) in expected.items() if e)
    assert sorted(seen["filteredShown"]) == sorted(p for p in expected if "pingtan" in p)
    assert seen["scripts"] == 0  # standalone: nothing fetched


def test_each_row_says_what_the_office_looks_at(tmp_path):
    page = govinfo("validate", "--format", "html", SHANGHAI_2019, EXAMPLES / "2022-pingtan.toml").stdout
    shanghai = completeness(load_report(str(SHANGHAI_2019)))
    assert shanghai is not None
    filled, total = shanghai.filled, shanghai.cells
    assert filled < total
    assert f"{filled * 100 // total}% <span class=\"note\">({filled}/{total})</span>" in page
    assert "上海市人民政府办公厅" in page and "平潭综合实验区" in page
    assert "yes: 2023-02-20 (deadline 2023-03-10)" in page  # a city-level body: 3月10日
    late = tmp_path / "late.toml"
    late.write_text(re.sub(r"^published = .*$", "published = 2023-03-11", (EXAMPLES / "2022-pingtan.toml").read_text(
        encoding="utf-8"), flags=re.M), encoding="utf-8")
    assert "no: 2023-03-11 (deadline 2023-03-10)" in govinfo("validate", "--format", "html", late).stdout


def test_everything_from_a_file_is_escaped(tmp_path):
    hostile = tmp_path / "hostile.toml"
    text = (EXAMPLES / "2022-pingtan.toml").read_text(encoding="utf-8")
    hostile.write_text(text.replace('name = "平潭综合实验区"', 'name = "<script>alert(1)</script>"', 1), encoding="utf-8")
    page = govinfo("validate", "--format", "html", hostile).stdout
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_completeness_counts_the_cells_an_editor_fills():
    seed = load_report(str(EXAMPLES / "2017-wenzhou-safety-bureau.toml"))
    form = seed.form
    editable = [c for c in form.cells.values() if not c.header]
    filled = completeness(seed)
    assert filled is not None
    assert (filled.filled, filled.cells) == (sum(seed.get(c.path) is not None for c in editable), len(editable))
    pingtan = load_report(str(EXAMPLES / "2022-pingtan.toml"))
    assert completeness(pingtan) == Completeness(len(pingtan.form.cells), len(pingtan.form.cells))


def test_each_report_says_which_rules_held_failed_and_were_not_checked():
    page = govinfo("validate", "--format", "html", "--previous", EXAMPLES / "2021-pingtan.toml",
                   EXAMPLES / "2022-pingtan.toml").stdout
    states = re.findall(r'<p class="rules note">(.*?)</p>', page)
    assert states[0].startswith("held: ") and " R9 R7 " in states[0]  # checked against last year's report
    assert states[1] == "failed: R13"
    assert states[2] == "not checked: R15 (checked by govinfo diff only)"
    alone = govinfo("validate", "--format", "html", EXAMPLES / "2022-pingtan.toml").stdout
    [unchecked] = re.findall(r'<p class="rules note">(not checked: .*?)</p>', alone)
    assert "R9" in unchecked and "R9" not in re.findall(r'<p class="rules note">(held: .*?)</p>', alone)[0]
