"""govinfo diff: last year's report against this year's, through the real entry point."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import html5lib
import pytest
from conftest import (
    FIXTURES,
    PINGTAN_2021,
    PINGTAN_2022,
    SEED,
    SHANGHAI_2019,
    check_contract,
    govinfo,
    with_cell,
)
from wcwidth import wcswidth

from govinfo_cli.checks.diff import diff_reports, similarity
from govinfo_cli.model.forms import load_form
from govinfo_cli.model.report import parse_report

FIXTURE_2020 = FIXTURES / "2020-form2019.toml"  # an invented agency's consistent 2020 report, form 2019



def diff_json(*args: str | Path) -> tuple[int, dict]:
    result = govinfo("diff", "--format", "json", *args)
    assert "Traceback" not in result.stderr, result.stderr
    document = json.loads(result.stdout)
    check_contract(document, "diff-result")
    return result.returncode, document


def by_path(changes: list[dict]) -> dict[str, dict]:
    return {c["path"]: c for c in changes}


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def without_cell(text: str, path: str) -> str:
    """``text`` with the line of the cell at ``path`` removed: the cell is blank."""
    lines = text.splitlines(keepends=True)
    line = parse_report(text, "x").line(path)
    assert line is not None and lines[line - 1].startswith(path.rpartition(".")[2] + " ="), path
    del lines[line - 1]
    return "".join(lines)


def with_text(text: str, key: str, body: str) -> str:
    """``text`` (a report file) with the narrative section ``key`` replaced by ``body``."""
    pattern = re.compile(rf'^{key} = """\n.*?"""$', re.S | re.M)
    assert pattern.search(text), key
    return pattern.sub(lambda _m: f'{key} = """\n{body}\n"""', text, count=1)


# --- 1. Pingtan 2021 → 2022 -------------------------------------------------------------------------

# Hand-computed from the two published tables (the flattened digits split by the row and column
# rules, e.g. 2021 本年新收 "640020470" = 64|0|0|2|0|4|70): every cell that changed, last year → this year.
PINGTAN_CHANGES = {
    "active.documents.normative.issued": (69, 88),
    "active.documents.normative.repealed": (3, 55),
    "active.documents.normative.in_force": (665, 698),
    "active.licensing.permits.decisions": (2293, 10690),
    "active.enforcement.penalties.decisions": (1282, 2113),
    "active.enforcement.coercion.decisions": (42, 0),
    "active.fees.admin_fees.amount": (Decimal("24252.311082"), Decimal("9116.36")),
    "requests.new.natural_person": (64, 71),
    "requests.new.commercial": (0, 3),
    "requests.new.nonprofit": (2, 0),
    "requests.new.other": (4, 0),
    "requests.new.total": (70, 74),
    "requests.carried_over.natural_person": (0, 1),
    "requests.carried_over.total": (0, 1),
    "requests.results.granted.natural_person": (27, 21),
    "requests.results.granted.nonprofit": (2, 0),
    "requests.results.granted.other": (1, 0),
    "requests.results.granted.total": (30, 21),
    "requests.results.partial.natural_person": (5, 8),
    "requests.results.partial.commercial": (0, 1),
    "requests.results.partial.total": (5, 9),
    "requests.results.withheld.process_info.natural_person": (0, 2),
    "requests.results.withheld.process_info.total": (0, 2),
    "requests.results.withheld.enforcement_files.natural_person": (6, 1),
    "requests.results.withheld.enforcement_files.total": (6, 1),
    "requests.results.withheld.inquiry.natural_person": (1, 0),
    "requests.results.withheld.inquiry.total": (1, 0),
    "requests.results.unavailable.not_held.natural_person": (22, 37),
    "requests.results.unavailable.not_held.other": (3, 0),
    "requests.results.unavailable.not_held.total": (25, 37),
    "requests.results.other.overdue_correction.natural_person": (0, 2),
    "requests.results.other.overdue_correction.total": (0, 2),
    "requests.results.other.other.natural_person": (1, 0),
    "requests.results.other.other.commercial": (0, 2),
    "requests.results.other.other.total": (1, 2),
    "requests.results.total.natural_person": (63, 72),
    "requests.results.total.commercial": (0, 3),
    "requests.results.total.nonprofit": (2, 0),
    "requests.results.total.other": (4, 0),
    "requests.results.total.total": (69, 75),
    "requests.carried_forward.natural_person": (1, 0),
    "requests.carried_forward.total": (1, 0),
    "appeals.review.upheld": (1, 0),
    "appeals.review.corrected": (0, 1),
    "appeals.review.other": (2, 1),
    "appeals.review.total": (3, 2),
    "appeals.litigation_direct.upheld": (12, 1),
    "appeals.litigation_direct.total": (12, 1),
}
PINGTAN_DELTAS = {  # to - from, by hand; money exact
    "active.fees.admin_fees.amount": Decimal("-15135.951082"),
    "requests.new.total": 4, "requests.results.total.total": 6, "requests.results.granted.total": -9,
    "active.licensing.permits.decisions": 8397, "appeals.litigation_direct.upheld": -11,
}
PINGTAN_PERCENTS = {  # (to - from) / from × 100, one decimal; None when from is 0
    "requests.new.total": 5.7, "requests.results.granted.total": -30.0, "active.fees.admin_fees.amount": -62.4,
    "requests.results.other.other.total": 100.0, "active.documents.normative.repealed": 1733.3,
    "appeals.review.total": -33.3, "requests.new.commercial": None, "requests.carried_over.total": None,
}
PINGTAN_HEADLINE = [  # label, 2021, 2022
    ("一、本年新收政府信息公开申请数量 · 总计", 70, 74),
    ("三、本年度办理结果 （一）予以公开 · 总计", 30, 21),
    ("三、本年度办理结果 （三）不予公开 · 总计", 8, 4),  # 1 + 6 + 1 → 1 + 2 + 1
    ("三、本年度办理结果 （七）总计 · 总计", 69, 75),
    ("四、结转下年度继续办理 · 总计", 1, 0),
    ("行政复议 · 总计", 3, 2),
    ("行政诉讼 · 总计", 12, 1),  # 未经复议直接起诉 + 复议后起诉
]


def test_pingtan_changes_match_the_hand_computed_ones():
    code, document = diff_json(PINGTAN_2021, PINGTAN_2022)
    assert code == 1
    changes = by_path(document["changes"])
    assert list(changes) == list(PINGTAN_CHANGES)  # form order
    for path, (before, after) in PINGTAN_CHANGES.items():
        change = changes[path]
        assert (Decimal(str(change["from"])), Decimal(str(change["to"]))) == (before, after), path
        assert Decimal(str(change["delta"])) == after - before, path
    for path, delta in PINGTAN_DELTAS.items():
        assert Decimal(str(changes[path]["delta"])) == delta
    for path, percent in PINGTAN_PERCENTS.items():
        assert changes[path]["percent"] == percent, path
    assert changes["requests.new.total"]["label"] == "一、本年新收政府信息公开申请数量 · 总计"
    assert changes["requests.new.commercial"]["status"] == "rose"
    summary = document["summary"]
    assert summary["cells"] == len(load_form("2021").cells)
    assert (summary["rose"] + summary["fell"], summary["appeared"], summary["blank"]) == (48, 0, 0)
    assert [(h["label"], h["from"], h["to"]) for h in summary["headline"]] == PINGTAN_HEADLINE
    assert document["not_comparable"] == [] and document["same"] is False


def test_pingtan_continuity_r9_holds():
    _code, document = diff_json(PINGTAN_2021, PINGTAN_2022)
    checks = {c["rule"]: c for c in document["continuity"]}
    assert checks["R9"]["checked"] == 7 and checks["R9"]["failed"] == 0
    assert not [f for f in document["findings"] if f["code"] == "R9"]
    changes = by_path(document["changes"])
    # 2021's 结转下年度 总计 1 → 2022's 上年结转 总计 1
    assert changes["requests.carried_forward.total"]["from"] == 1
    assert changes["requests.carried_over.total"]["to"] == 1
    text = govinfo("diff", PINGTAN_2021, PINGTAN_2022).stdout
    assert "R9 上年结转 = last year's 结转下年度继续办理: all 7 hold" in text


def test_continuity_findings_are_those_of_validate_previous(tmp_path):
    broken = write(tmp_path, "2022.toml", with_cell(PINGTAN_2022.read_text(encoding="utf-8"),
                                                    "requests.carried_over.natural_person", "3"))
    _, document = diff_json(PINGTAN_2021, broken)
    validated = json.loads(govinfo("validate", "--format", "json", "--previous", PINGTAN_2021, broken).stdout)
    cross_year = {"R7", "R8", "R9", "years"}
    expected = [f for f in validated["files"][0]["findings"] if f["code"] in cross_year]
    assert [f for f in document["findings"] if f["code"] in cross_year] == expected
    assert [f["path"] for f in expected] == ["requests.carried_over.natural_person"]
    assert {c["rule"]: c["failed"] for c in document["continuity"]}["R9"] == 1


# --- 2. a report against itself, then one cell +5 ----------------------------------------------------


def test_a_report_against_itself_is_the_same():
    code, document = diff_json(PINGTAN_2022, PINGTAN_2022)
    assert code == 0
    assert document["same"] is True and document["changes"] == []
    assert document["summary"]["unchanged"] == document["summary"]["cells"] == 200
    assert all(t["status"] == "same" and t["ratio"] == 1.0 for t in document["narrative"])
    assert govinfo("diff", PINGTAN_2022, PINGTAN_2022).returncode == 0


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "json"])
def test_one_cell_plus_five_is_one_change(tmp_path, fmt):
    this = write(tmp_path, "2022.toml", with_cell(PINGTAN_2022.read_text(encoding="utf-8"),
                                                  "requests.new.natural_person", "76"))  # 71 + 5
    result = govinfo("diff", "--format", fmt, PINGTAN_2022, this)
    assert result.returncode == 1, result.stderr
    if fmt == "json":
        document = json.loads(result.stdout)
        assert [(c["path"], c["from"], c["to"], c["delta"], c["percent"]) for c in document["changes"]] == [
            ("requests.new.natural_person", 71, 76, 5, 7.0)]  # 5 / 71 = 7.04 %
        assert (document["summary"]["rose"], document["summary"]["unchanged"]) == (1, 199)
    else:
        assert "+7.0%" in result.stdout and "+5" in result.stdout


def test_money_delta_is_exact_and_blank_is_not_zero(tmp_path):
    text = with_cell(PINGTAN_2022.read_text(encoding="utf-8"), "active.fees.admin_fees.amount", "9116.41")  # +0.05
    this = write(tmp_path, "2022.toml", without_cell(text, "appeals.review.other"))  # 其他结果 1 → blank
    _, document = diff_json(PINGTAN_2022, this)
    changes = by_path(document["changes"])
    fee = changes["active.fees.admin_fees.amount"]
    assert Decimal(str(fee["delta"])) == Decimal("0.05") and fee["percent"] == 0.0
    blank = changes["appeals.review.other"]
    assert (blank["from"], blank["to"], blank["status"], blank["delta"]) == (1, None, "blank", -1)
    assert document["summary"]["blank"] == 1
    reverse = by_path(diff_json(this, PINGTAN_2022)[1]["changes"])["appeals.review.other"]
    assert (reverse["from"], reverse["to"], reverse["status"], reverse["percent"]) == (None, 1, "appeared", None)


def test_huge_numbers_are_compared_exactly(tmp_path):
    """Beyond Decimal's 28 digits: no crash, and no rounding of the delta or the percentage."""
    text = with_cell(PINGTAN_2022.read_text(encoding="utf-8"), "requests.new.natural_person",
                     "99999999999999999999999999999")  # from 71
    text = with_cell(text, "active.fees.admin_fees.amount", "123456789012345678901234567890.25")  # from 9116.36
    this = write(tmp_path, "2022.toml", text)
    for fmt in ("text", "markdown", "html", "json"):
        result = govinfo("diff", "--format", fmt, PINGTAN_2022, this)
        assert (result.returncode, result.stderr) == (1, ""), result.stderr
        if fmt != "json":
            assert "+99999999999999999999999999928" in result.stdout
            assert "+140845070422535211267605633701.4%" in result.stdout  # (10^29 - 72) / 71, rounded half up
            assert "+123456789012345678901234558773.89" in result.stdout
    _, document = diff_json(PINGTAN_2022, this)
    count = by_path(document["changes"])["requests.new.natural_person"]
    assert (count["from"], count["to"], count["delta"]) == (71, 10 ** 29 - 1, 10 ** 29 - 72)


@pytest.mark.parametrize("before, after, percent", [
    (16, 15, "-6.3"),  # -6.25: half up, away from zero
    (16, 17, "6.3"),
    (8, 9, "12.5"),
    (3, 4, "33.3"),
    (3, 5, "66.7"),
    (10000, 9999, "-0.0"),  # -0.01: rounds to nothing, keeps its sign
    (Decimal("0.03"), Decimal("0.01"), "-66.7"),
    (7, 7, "0.0"),
    (0, 5, None),
    (None, 5, None),
])
def test_percent_is_rounded_half_up_to_one_decimal(before, after, percent):
    from govinfo_cli.checks.diff import Change

    got = Change("p", "label", "t", None, before, after).percent
    assert (None if got is None else str(got)) == percent


def test_threshold_and_all():
    _, shown = diff_json("--threshold", "50", PINGTAN_2021, PINGTAN_2022)
    assert shown["changes"], "some changes are at least 50 %"
    for change in shown["changes"]:
        assert (change["percent"] is None and change["delta"] != 0) or abs(change["percent"]) >= 50, change
    paths = {c["path"] for c in shown["changes"]}
    assert "requests.new.total" not in paths  # +5.7 %
    assert "requests.new.commercial" in paths  # 0 → 3: new
    assert "active.fees.admin_fees.amount" in paths  # -62.4 %
    assert shown["summary"]["rose"] + shown["summary"]["fell"] == 48  # the summary counts every cell
    _, everything = diff_json("--all", PINGTAN_2021, PINGTAN_2022)
    assert len(everything["changes"]) == 200
    assert by_path(everything["changes"])["requests.results.withheld.internal_affairs.total"]["status"] == "unchanged"


# --- 3. across the form change: 2020 (form 2019) → 2021 (form 2021) ----------------------------------


@pytest.fixture
def report_2021(tmp_path) -> Path:
    """This year's report continued from the 2020 fixture; （六） as three rows: 1 + 1 + 1 自然人 / 0 + 1 + 0 商业企业."""
    path = tmp_path / "2021.toml"
    result = govinfo("new", "--from", FIXTURE_2020, "-o", path)
    assert result.returncode == 0, result.stderr
    text = path.read_text(encoding="utf-8")
    for cell, value in {
        "requests.results.other.overdue_correction.natural_person": 1,
        "requests.results.other.overdue_correction.total": 1,
        "requests.results.other.unpaid_fees.natural_person": 1,
        "requests.results.other.unpaid_fees.commercial": 1,
        "requests.results.other.unpaid_fees.total": 2,
        "requests.results.other.other.natural_person": 1,
        "requests.results.other.other.total": 1,
        "appeals.review.upheld": 1,
        "appeals.review.total": 1,
    }.items():
        text = with_cell(text, cell, str(value))
    path.write_text(text, encoding="utf-8")
    return path


def test_across_the_form_change_the_six_rows_compare_by_their_sum(report_2021):
    code, document = diff_json("--all", FIXTURE_2020, report_2021)
    assert code == 1
    assert (document["from"]["form"], document["to"]["form"]) == ("2019", "2021")
    changes = by_path(document["changes"])
    sums = [f"requests.results.other.{row}.natural_person" for row in ("overdue_correction", "unpaid_fees", "other")]
    other = changes["requests.results.other.natural_person"]
    assert (other["from"], other["to"], other["delta"], other["to_sum"]) == (1, 3, 2, sums)
    assert other["label"] == "三、本年度办理结果 （六）其他处理 · 自然人"
    assert (changes["requests.results.other.commercial"]["status"], changes["requests.results.other.total"]["to"]) \
        == ("unchanged", 4)
    assert not any(p.startswith("requests.results.other.unpaid_fees") for p in changes)
    # table 三 column by column, table 四 as it is
    assert (changes["requests.new.total"]["from"], changes["requests.new.total"]["to"]) == (12, 0)
    assert changes["appeals.review.total"]["status"] == "unchanged"
    form_2019 = load_form("2019")  # tables 三 and 四 of form 2019 (the （六） row against 2021's group)
    assert document["summary"]["cells"] == sum(c.table in ("requests", "appeals") for c in form_2019.cells.values())
    # table 二 is not comparable, and the reason names the columns of both forms
    [active] = [n for n in document["not_comparable"] if n["path"] == "active"]
    assert active["kind"] == "table" and active["label"] == "二、主动公开政府信息情况"
    assert "本年新制作数量" in active["reason"] and "本年制发件数" in active["reason"]
    assert not any(c["table"] == "active" for c in document["changes"])
    # R9 across the change: new --from carried 2020's 结转下年度 into 2021's 上年结转
    states = {c["rule"]: (c["status"], c["checked"], c["failed"]) for c in document["continuity"]}
    assert states == {"years": ("held", 1, 0), "agency": ("held", 1, 0), "R9": ("held", 7, 0),
                      "R7": ("not checked", 0, 0)}
    # R7 (现行有效件数) has no counterpart in form 2019's table 二: not checked, and it says why
    [r7] = [c for c in document["continuity"] if c["rule"] == "R7"]
    assert r7["not_checked"] == [{"reason": "not-in-previous-form", "count": 2}]
    assert len(document["summary"]["headline"]) == 7
    text = govinfo("diff", FIXTURE_2020, report_2021).stdout
    assert "二、主动公开政府信息情况 [active]: form 2019 and form 2021 define this table differently" in text
    assert "(this\u00a0year:\u00a0sum\u00a0of\u00a03\u00a0rows)" in text  # kept whole when the label wraps


def test_across_the_form_change_backwards_sums_last_years_rows(report_2021):
    _, document = diff_json(report_2021, FIXTURE_2020)
    other = by_path(document["changes"])["requests.results.other.natural_person"]
    assert (other["from"], other["to"], len(other["from_sum"])) == (3, 1, 3)


def test_legacy_against_2019_compares_the_narrative_only():
    code, document = diff_json(SEED, SHANGHAI_2019)
    assert code == 1
    assert document["changes"] == [] and document["summary"]["headline"] == []
    assert "only the narrative is compared" in document["notes"][0]
    tables = {n["path"] for n in document["not_comparable"] if n["kind"] == "table"}
    assert tables == {"stats", "active", "requests", "appeals"}
    assert {t["path"] for t in document["narrative"]} >= {"text.overview", "text.problems"}


def test_legacy_against_legacy_compares_the_table(tmp_path):
    text = SEED.read_text(encoding="utf-8").replace("year = 2017", "year = 2018")
    this = write(tmp_path, "2018.toml", with_cell(text, "stats.review.total", "5"))
    code, document = diff_json(SEED, this)
    assert code == 1
    [change] = document["changes"]
    assert (change["path"], change["label"], change["from"], change["to"]) == (
        "stats.review.total", "四、行政复议数量", 3, 5)
    headline = {h["path"]: h for h in document["summary"]["headline"]}
    assert headline["stats.review.total"]["to"] == 5 and "stats.requests.received" in headline


# --- 4. R15: 五、存在的主要问题及改进情况 -------------------------------------------------------------


def test_a_copied_problems_section_is_r15(report_2021):
    problems = parse_report(FIXTURE_2020.read_text(encoding="utf-8"), "x").text_of("text.problems").strip()
    copied = problems.replace("下一步", "2022年")  # last year's text, barely touched
    report_2021.write_text(with_text(report_2021.read_text(encoding="utf-8"), "problems", copied), encoding="utf-8")
    code, document = diff_json(FIXTURE_2020, report_2021)
    assert code == 1
    [r15] = [f for f in document["findings"] if f["code"] == "R15"]
    assert (r15["level"], r15["path"], r15["label"]) == ("warning", "text.problems", "五、存在的主要问题及改进情况")
    assert 0.9 <= r15["actual"] < 1 and r15["expected"] == 0.9 and "不得年年雷同" in r15["message"]
    assert report_2021.read_text(encoding="utf-8").splitlines()[r15["line"] - 1].startswith("problems = ")
    assert set(r15) >= {"code", "level", "path", "line", "label", "message", "expected", "actual", "cells"}
    text = govinfo("diff", FIXTURE_2020, report_2021).stdout
    assert "warning R15 五、存在的主要问题及改进情况 [text.problems]" in text


def test_a_rewritten_problems_section_is_not_r15(tmp_path):
    _, document = diff_json(PINGTAN_2021, PINGTAN_2022)
    assert not [f for f in document["findings"] if f["code"] == "R15"]
    problems = {t["path"]: t for t in document["narrative"]}["text.problems"]
    assert problems["status"] == "changed" and problems["ratio"] < 0.5


def test_similarity_ignores_whitespace_and_full_width_forms():
    assert similarity("一是 政策解读\n形式单一。", "一是政策解读形式单一。") == 1.0
    assert similarity("ABC", "ＡＢＣ") == 1.0
    assert similarity("存在问题", "") == 0.0


def test_only_texts_differ_is_exit_1(tmp_path):
    text = with_text(PINGTAN_2022.read_text(encoding="utf-8"), "other", "2022年，未收取信息处理费。")
    code, document = diff_json(PINGTAN_2022, write(tmp_path, "2022.toml", text))
    assert code == 1 and document["changes"] == []
    assert {t["path"]: t["status"] for t in document["narrative"]}["text.other"] == "changed"


# --- 5. formats ------------------------------------------------------------------------------------------


def test_html_is_well_formed_escaped_and_marks_changes(tmp_path):
    text = PINGTAN_2022.read_text(encoding="utf-8").replace('name = "平潭', 'name = "<script>x</script>平潭')
    this = write(tmp_path, "2022.toml", without_cell(text, "appeals.review.other"))
    result = govinfo("diff", "--format", "html", PINGTAN_2021, this)
    assert result.returncode == 1, result.stderr
    page = result.stdout
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    tree = parser.parse(page)  # raises on any parse error
    assert page.startswith("<!DOCTYPE html>")
    assert "<script>x" not in page and "&lt;script&gt;x&lt;/script&gt;" in page
    classes = {row.get("class") for row in tree.iter("tr")}
    assert {"modify rose", "modify fell", "remove"} <= classes
    assert "@media print" in page
    cells = {row.get("data-path") for row in tree.iter("tr") if row.get("data-path")}
    assert cells == set(PINGTAN_CHANGES) | {"appeals.review.other"}


def _pipe_cells(line: str) -> int:
    return len(re.findall(r"(?<!\\)\|", line)) - 1


@pytest.mark.parametrize("pair", [(PINGTAN_2021, PINGTAN_2022), (FIXTURE_2020, PINGTAN_2021), (SEED, SHANGHAI_2019)],
                         ids=["pingtan", "form-change", "legacy-2019"])
def test_markdown_pipe_tables_are_consistent(pair):
    result = govinfo("diff", "--format", "markdown", *pair)
    assert result.returncode == 1, result.stderr
    blocks: list[list[str]] = [[]]
    for line in result.stdout.splitlines():
        if line.startswith("|"):
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    tables = [b for b in blocks if b]
    assert tables
    for table in tables:
        assert re.fullmatch(r"\|(:?-+:?\|)+", table[1]), table[1]  # the delimiter row
        counts = {_pipe_cells(line) for line in table}
        assert len(counts) == 1 and counts.pop() >= 5, table
        assert all(line.endswith("|") for line in table)


@pytest.mark.parametrize("pair", [(FIXTURE_2020, PINGTAN_2021), (SEED, SHANGHAI_2019), (SEED, SEED)],
                         ids=["form-change", "legacy-2019", "legacy-self"])
def test_json_follows_its_schema(pair):
    diff_json(*pair)  # validates
    diff_json("--all", "--threshold", "10", *pair)


def test_text_columns_are_aligned_for_chinese():
    lines = govinfo("diff", PINGTAN_2021, PINGTAN_2022).stdout.splitlines()
    start = lines.index("Headline figures") + 1
    block = lines[start:lines.index("", start)]
    assert len(block) == 2 + 7
    widths = {wcswidth(line.rstrip()) for line in block}
    assert len(widths) == 1, block  # every row ends in the same display column
    assert block[2].startswith("一、本年新收政府信息公开申请数量 · 总计")


# --- exit 2 ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", ["missing", "toml", "form"])
def test_trouble_is_one_line_and_exit_2(tmp_path, case):
    bad = tmp_path / "bad.toml"
    if case == "toml":
        bad.write_text('form = "2021"\nyear = \n', encoding="utf-8")
    elif case == "form":
        bad.write_text('form = "2030"\nyear = 2030\n', encoding="utf-8")
    result = govinfo("diff", PINGTAN_2021, bad)
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert str(bad) in result.stderr


def test_library_use_needs_no_cli():
    last = parse_report(PINGTAN_2021.read_text(encoding="utf-8"), str(PINGTAN_2021))
    this = parse_report(PINGTAN_2022.read_text(encoding="utf-8"), str(PINGTAN_2022))
    result = diff_reports(last, this)
    assert not result.same and len([c for c in result.cells if c.changed]) == 48
    assert result.counts()["unchanged"] == 152


@pytest.mark.parametrize("value", ["nan", "inf", "-5"])
def test_a_threshold_that_is_no_percentage_is_refused(value):
    result = govinfo("diff", f"--threshold={value}", PINGTAN_2021, PINGTAN_2022)
    assert result.returncode == 2 and result.stdout == ""
    assert "threshold" in result.stderr and "Traceback" not in result.stderr


# --- every answer in its format --------------------------------------------------------------------------


@pytest.mark.parametrize("case", ["missing", "toml", "form", "gbk"])
def test_json_answers_every_error_state_with_the_files_finding(tmp_path, case):
    bad = tmp_path / "bad.toml"
    if case == "toml":
        bad.write_text('form = "2021"\nyear = 2021 2021\n', encoding="utf-8")
    elif case == "form":
        bad.write_text('form = 2021\nyear = 2021\n', encoding="utf-8")
    elif case == "gbk":
        bad.write_bytes(PINGTAN_2021.read_text(encoding="utf-8").encode("gbk", "replace"))
    for order in ((PINGTAN_2021, bad), (bad, PINGTAN_2021)):
        result = govinfo("diff", "--format", "json", *order)
        assert result.returncode == 2
        document = json.loads(result.stdout)
        check_contract(document, "diff-result")
        [file] = document["files"]
        [finding] = file["findings"]
        assert (document["same"], file["path"], file["valid"]) == (False, str(bad), False)
        assert finding["code"] == {"form": "schema"}.get(case, "parse")
        assert result.stderr.startswith(f"govinfo: {bad}") and result.stderr.rstrip().endswith(finding["message"])
    written = tmp_path / "diff.json"  # a file is written only with a result: the answer goes to stdout
    result = govinfo("diff", PINGTAN_2021, bad, "-o", written)
    assert result.returncode == 2 and not written.exists()
    assert json.loads(result.stdout)["files"][0]["path"] == str(bad)


def test_validate_json_answers_an_unusable_previous_with_its_finding(tmp_path):
    bad = tmp_path / "last.toml"
    bad.write_text("form = 2021\n", encoding="utf-8")
    result = govinfo("validate", "--format", "json", "--previous", bad, PINGTAN_2022)
    assert result.returncode == 2
    document = json.loads(result.stdout)
    check_contract(document, "validate-result")
    assert [f["path"] for f in document["files"]] == [str(bad)]
    assert document["files"][0]["findings"][0]["message"] == 'form is written in quotes: form = "2021"'


def test_a_value_of_the_wrong_type_is_reported_not_shown_blank(tmp_path):
    cell = "requests.new.natural_person"
    this = write(tmp_path, "2022.toml", with_cell(PINGTAN_2022.read_text(encoding="utf-8"), cell, '"120"'))
    code, document = diff_json(PINGTAN_2021, this)
    assert code == 1 and not document["same"]
    assert cell not in by_path(document["changes"])  # not "went blank"
    [wrong] = [n for n in document["not_comparable"] if n["path"] == cell]
    assert wrong["kind"] == "cell" and f'{cell} = "120" is not a number' in wrong["reason"]
    assert wrong["reason"].startswith("this year: ")
    text = govinfo("diff", PINGTAN_2021, this).stdout
    assert f'[{cell}]: this year: {cell} = "120" is not a number' in text
