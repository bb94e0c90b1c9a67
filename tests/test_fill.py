"""govinfo fill: derived cells restored exactly, the file's own bytes kept, conflicts reported not overwritten."""

from __future__ import annotations

import tomllib
from decimal import Decimal

import pytest
from conftest import EXAMPLES, PINGTAN_2022, SEED, govinfo, with_cell

from govinfo_cli.model.forms import FORMS, load_form
from govinfo_cli.model.report import parse_report

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.toml"))


def derived_cells(form_name: str) -> dict[str, list[list[str]]]:
    """Cells that a rule of one year defines as a sum (a single cell, added, on one side of an =),
    with the parts each such rule gives; legacy header rows are left out (never written)."""
    out: dict[str, list[list[str]]] = {}
    for rule in load_form(form_name).rules:
        if rule.cross_year or rule.op != "=" or rule.kind == "header":
            continue
        for one, other in ((rule.lhs, rule.rhs), (rule.rhs, rule.lhs)):
            if len(one) == 1 and one[0].sign > 0 and other:
                out.setdefault(one[0].path, []).append([t.path for t in other])
    return out


def without_lines(text: str, numbers: set[int]) -> str:
    return "".join(line for n, line in enumerate(text.splitlines(keepends=True), 1) if n not in numbers)


def derivable(report, cell: str, definitions: dict[str, list[list[str]]], removed: set[str],
              seen: frozenset[str] = frozenset()) -> bool:
    """Whether ``cell`` can be worked out again: some rule's parts are all in the file, or derivable in turn."""
    def known(part: str) -> bool:
        if part in removed:
            return part not in seen and derivable(report, part, definitions, removed, seen | {cell})
        return report.number(part) is not None

    return any(all(known(part) for part in parts) for parts in definitions.get(cell, []))


@pytest.mark.parametrize("example", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_fill_restores_deleted_derived_cells_exactly_and_keeps_every_other_byte(example, tmp_path):
    text = example.read_text(encoding="utf-8")
    report = parse_report(text, str(example))
    definitions = derived_cells(report.form_name)
    removed = {cell for cell in definitions if report.get(cell) is not None}
    assert removed
    stripped = tmp_path / example.name
    stripped.write_text(without_lines(text, {report.line(c) for c in removed}), encoding="utf-8")
    # what cannot come back: a part is blank in the file (blank is not 0), so the sum is unknown
    lost = {c for c in removed if not derivable(report, c, definitions, removed)}
    result = govinfo("fill", stripped)
    assert result.stdout == without_lines(text, {report.line(c) for c in lost})
    assert result.stderr.count(": filled ") == len(removed - lost)
    assert result.returncode == (1 if example == SEED else 0)  # the seed: its header row conflict, below
    if example.stem.endswith("pingtan"):
        assert not lost and result.stdout == text and result.returncode == 0


def test_on_the_seed_the_wrong_header_sum_is_reported_not_overwritten(tmp_path):
    result = govinfo("fill", SEED)
    assert result.returncode == 1
    assert result.stdout == SEED.read_text(encoding="utf-8")  # nothing changed
    [line] = result.stderr.splitlines()
    line_number = parse_report(SEED.read_text(encoding="utf-8"), str(SEED)).line("stats.responses.channels")
    assert line.startswith(f"{SEED}:{line_number}: （二）通过不同渠道和方式回应解读的情况 [stats.responses.channels] is 0")
    assert "gives 2" in line and "not changed" in line
    check = govinfo("fill", "--check", SEED)
    assert check.returncode == 1 and "[stats.responses.channels] is 0" in check.stdout


def test_a_wrong_total_is_a_conflict_and_stays(tmp_path):
    path = tmp_path / "r.toml"
    path.write_text(with_cell(PINGTAN_2022.read_text(encoding="utf-8"), "requests.new.total", "75"),
                    encoding="utf-8")
    result = govinfo("fill", path, "--in-place")
    assert result.returncode == 1 and "[requests.new.total] is 75" in result.stderr and "gives 74" in result.stderr
    assert tomllib.loads(path.read_text(encoding="utf-8"))["requests"]["new"]["total"] == 75


def test_check_says_what_it_would_change_and_writes_nothing(tmp_path):
    text = PINGTAN_2022.read_text(encoding="utf-8")
    report = parse_report(text, "x")
    path = tmp_path / "r.toml"
    path.write_text(without_lines(text, {report.line("appeals.review.total")}), encoding="utf-8")
    before = path.read_bytes()
    check = govinfo("fill", "--check", path)
    assert check.returncode == 1 and check.stderr == ""
    assert check.stdout == f"{path}: would fill 行政复议 · 总计 [appeals.review.total] = 2 " \
                           "(总计 must equal 结果维持 + 结果纠正 + 其他结果 + 尚未审结)\n"
    assert path.read_bytes() == before
    complete = govinfo("fill", "--check", PINGTAN_2022)
    assert (complete.returncode, complete.stdout, complete.stderr) == (0, "", "")
    assert govinfo("fill", path, "--in-place").returncode == 0
    assert path.read_text(encoding="utf-8") == text


def test_output_options(tmp_path):
    out = tmp_path / "out.toml"
    out.write_text("mine", encoding="utf-8")
    assert govinfo("fill", PINGTAN_2022, "-o", out).returncode == 2 and out.read_text(encoding="utf-8") == "mine"
    assert govinfo("fill", PINGTAN_2022, "-o", out, "--force").returncode == 0
    assert out.read_text(encoding="utf-8") == PINGTAN_2022.read_text(encoding="utf-8")
    both = govinfo("fill", PINGTAN_2022, "-o", out, "--in-place")
    assert both.returncode == 2 and both.stderr.count("\n") == 1
    assert govinfo("fill", "-", "--in-place", input="").returncode == 2


def test_big_counts_are_derived_exactly(tmp_path):
    text = SEED.read_text(encoding="utf-8")
    for key, value in (("in_person", "123456789012345678901234567890"), ("fax", "1")):
        text = with_cell(text, f"stats.requests.{key}", value)
    report = parse_report(text, "x")
    path = tmp_path / "big.toml"
    path.write_text(without_lines(text, {report.line("stats.requests.received")}), encoding="utf-8")
    result = govinfo("fill", path)
    data = tomllib.loads(result.stdout, parse_float=Decimal)
    assert data["stats"]["requests"]["received"] == 123456789012345678901234567891


@pytest.mark.parametrize("form_name", FORMS)
def test_new_fill_leaves_the_derived_cells_for_fill(form_name, tmp_path):
    year = {"legacy": 2017, "2019": 2020, "2021": 2024}[form_name]
    plain = govinfo("new", "--year", str(year), "--agency", "某局").stdout
    scaffold = tmp_path / "new.toml"
    assert govinfo("new", "--year", str(year), "--agency", "某局", "--fill", "-o", scaffold).returncode == 0
    data = tomllib.loads(scaffold.read_text(encoding="utf-8"))
    report = parse_report(scaffold.read_text(encoding="utf-8"), str(scaffold))
    assert data["year"] == year and all(report.get(c) is None for c in derived_cells(form_name))
    assert "govinfo fill --in-place" in scaffold.read_text(encoding="utf-8")
    filled = govinfo("fill", scaffold).stdout
    # once filled, it is the plain scaffold: every derived cell where `new` puts it, as `new` writes it
    assert [line for line in filled.splitlines() if not line.startswith("#")] == \
        [line for line in plain.splitlines() if not line.startswith("#")]


def test_fill_writes_into_a_missing_table_in_form_order(tmp_path):
    text = PINGTAN_2022.read_text(encoding="utf-8")
    report = parse_report(text, "x")
    table = "requests.results.total"
    lines = {report.line(f"{table}.{c.key}") for c in load_form("2021").rows[table].cells()} | {report.line(table)}
    path = tmp_path / "r.toml"
    path.write_text(without_lines(text, lines), encoding="utf-8")
    result = govinfo("fill", path)
    assert result.returncode == 0
    filled = parse_report(result.stdout, "y")
    assert tomllib.loads(result.stdout)["requests"]["results"]["total"] == tomllib.loads(text)["requests"]["results"][
        "total"]
    # the table comes after the row before it in the form, before 四、结转下年度继续办理
    assert filled.line("requests.results.other") < filled.line(table) < filled.line("requests.carried_forward")


def test_a_file_saved_on_windows_keeps_its_byte_order_mark_and_line_ends(tmp_path):
    import codecs

    text = PINGTAN_2022.read_text(encoding="utf-8")
    report = parse_report(text, "x")
    windows = lambda t: codecs.BOM_UTF8 + t.replace("\n", "\r\n").encode("utf-8")  # noqa: E731
    path = tmp_path / "windows.toml"
    path.write_bytes(windows(without_lines(text, {report.line("requests.new.total")})))
    assert govinfo("fill", path, "--in-place").returncode == 0
    assert path.read_bytes() == windows(text)
