"""govinfo import: the published reports behind the examples import to exactly the examples' data."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT, govinfo, on_a_terminal

from govinfo_cli.model.report import Report, load_report

SOURCES = Path(__file__).resolve().parent / "fixtures" / "sources"
PINGTAN_2021_TEXT = SOURCES / "2021_fmt2021_pingtan.txt"
SPLIT_2021 = ("--split", "行政规范性文件=69|3|665")  # the archived page's cells; the text alone allows 10 splits

# (source, example, extra arguments)
CASES = [
    ("2017-wenzhou-safety-bureau.txt", "2017-wenzhou-safety-bureau.toml", ()),
    ("2019_fmt2019_shanghai-szfbgt.txt", "2019-shanghai-szfbgt.toml", ()),
    ("2021_fmt2021_pingtan.html", "2021-pingtan.toml", ()),
    ("2022_fmt2021_pingtan.html", "2022-pingtan.toml", ()),
    ("2021_fmt2021_pingtan.txt", "2021-pingtan.toml", SPLIT_2021),
    ("2022_fmt2021_pingtan.txt", "2022-pingtan.toml", ("--previous", EXAMPLES / "2021-pingtan.toml")),
    ("2024_fmt2021_hongzequ.pdf", "2024-hongzequ.toml", ()),
]


def words(text: object) -> str:
    """A text with its whitespace removed: how sections are compared (line breaks and indents vary)."""
    return re.sub(r"\s+", "", text) if isinstance(text, str) else repr(text)


def assert_same_report(imported: Report, expected: Report, stderr: str, blank: tuple[str, ...] = ()) -> None:
    form = expected.form
    assert form is not None and imported.form_name == expected.form_name
    assert imported.year == expected.year
    for path in form.cells:  # every cell: blank stays blank, 0 stays 0, money keeps its decimals
        got, want = imported.get(path), None if path in blank else expected.get(path)
        assert got == want and type(got) is type(want), (path, got, want)
    for path in form.sections:
        assert words(imported.get(path) or "") == words(expected.get(path) or ""), path
    for key in form.agency_fields:
        if key == "level" and imported.get("agency.level") is None:
            assert "level" in stderr  # not told by the name: left out, and said so
            continue
        assert imported.get(f"agency.{key}") == expected.get(f"agency.{key}"), key
    assert imported.get("published") == expected.get("published")


@pytest.mark.parametrize("source, example, extra", CASES, ids=[c[0] for c in CASES])
def test_each_published_report_imports_to_its_examples_data(tmp_path, source, example, extra):
    output = tmp_path / "imported.toml"
    result = govinfo("import", SOURCES / source, "-o", output, *extra)
    assert result.returncode in (0, 1), result.stderr
    assert (result.returncode == 1) == ("warning:" in result.stderr), result.stderr
    assert_same_report(load_report(str(output)), load_report(str(EXAMPLES / example)), result.stderr)


# Layouts of other sites and offices, made from the examples' data (make_imitations.py says how):
# (source, example, cells the imitation leaves blank, what stderr must say)
IMITATIONS = [
    ("imitation-2022-gbk.html", "2022-pingtan.toml", ("requests.results.unavailable.unclear.research",), "level"),
    ("imitation-2019-tabs.txt", "2019-shanghai-szfbgt.toml", (), ""),
    ("imitation-2024-merged.docx", "2024-hongzequ.toml", (), "“2.其他法律行政止公开” read as"),
    ("imitation-2017-fujian.txt", "2017-wenzhou-safety-bureau.toml", (),
     "column “历年累计” has no place in the form: its 64 figures are left out"),
]


@pytest.mark.parametrize("source, example, blank, says", IMITATIONS, ids=[c[0] for c in IMITATIONS])
def test_other_layouts_import_by_their_labels(tmp_path, source, example, blank, says):
    output = tmp_path / "imported.toml"
    result = govinfo("import", SOURCES / source, "-o", output)
    assert result.returncode == (1 if says else 0), result.stderr
    assert says in result.stderr
    assert_same_report(load_report(str(output)), load_report(str(EXAMPLES / example)), result.stderr, blank)


def test_the_imported_file_says_where_it_came_from_and_what_was_decided(tmp_path):
    output = tmp_path / "hongze.toml"
    source = SOURCES / "2024_fmt2021_hongzequ.pdf"
    result = govinfo("import", source, "-o", output)
    text = output.read_text(encoding="utf-8")
    import hashlib

    assert f"（SHA-256 {hashlib.sha256(source.read_bytes()).hexdigest()}）" in text
    assert f"# 来源：{source}" in text
    # the typo and the 2019-style single row: named in the header and on stderr (exit 1)
    assert "“2.其他法律行政止公开” read as “2.其他法律行政法规禁止公开”" in text
    assert "“2.其他法律行政止公开” read as “2.其他法律行政法规禁止公开”" in result.stderr
    assert result.returncode == 1 and "（六）其他处理" in result.stderr
    # blank cells are commented-out key lines, the labels kept
    assert re.search(r"^# natural_person = +# 自然人（空白）$", text, re.M)
    # the same input gives the same bytes
    again = tmp_path / "again.toml"
    govinfo("import", source, "-o", again)
    assert again.read_bytes() == output.read_bytes()


def test_run_together_digits_are_split_by_the_rules_and_the_split_is_recorded(tmp_path):
    output = tmp_path / "2021.toml"
    govinfo("import", PINGTAN_2021_TEXT, "-o", output, *SPLIT_2021)
    text = output.read_text(encoding="utf-8")
    # two splits satisfy R3 alone; R2 (the column totals) leaves one
    assert "“270020130” read as 27|0|0|2|0|1|30, the only split the rules R2、R3 allow" in text
    assert "“693665” read as 69|3|665 (given with --split)" in text


def test_imported_reports_validate_like_the_examples(tmp_path):
    """What validate finds in an imported file is what it finds in the hand-made example."""
    output = tmp_path / "shanghai.toml"
    govinfo("import", SOURCES / "2019_fmt2019_shanghai-szfbgt.txt", "-o", output)
    imported = govinfo("validate", "--format", "json", output)
    example = govinfo("validate", "--format", "json", EXAMPLES / "2019-shanghai-szfbgt.toml")
    import json

    def codes(stdout: str) -> list[tuple[str, str]]:
        [file] = json.loads(stdout)["files"]
        return sorted((f["code"], f["path"] or "") for f in file["findings"])

    assert imported.returncode == example.returncode
    assert codes(imported.stdout) == codes(example.stdout) and codes(example.stdout)


# --- trouble: one clear line, exit 2, nothing written ---------------------------------------------


def _not_a_report(tmp_path: Path) -> Path:
    page = tmp_path / "news.html"
    page.write_text("<!DOCTYPE html><html><head><title>区政府召开常务会议_新闻动态</title></head><body>"
                    "<nav><a href='/'>首页</a></nav><h1>区政府召开常务会议</h1><p>1月5日，区政府召开第12次常务会议，"
                    "研究部署近期重点工作。会议听取了2024年安全生产工作情况汇报。</p>"
                    "<table><tr><td>议题</td><td>汇报单位</td></tr><tr><td>1</td><td>应急管理局</td></tr>"
                    "<tr><td>2</td><td>发展改革委</td></tr></table></body></html>", encoding="utf-8")
    return page


def _image_only_pdf(tmp_path: Path) -> Path:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (600, 800), "white")
    ImageDraw.Draw(image).rectangle((50, 50, 550, 120), outline="black", width=3)  # a scan has no text layer
    path = tmp_path / "scan.pdf"
    image.save(path, "PDF")
    return path


@pytest.mark.parametrize("make, says", [
    (lambda tmp: (tmp / "empty.txt", (tmp / "empty.txt").write_text(" \n", encoding="utf-8"))[0], "is empty"),
    (_not_a_report, "is not a report"),
    (_image_only_pdf, "without a text layer"),
    (lambda tmp: PINGTAN_2021_TEXT, "“693665” split in 10 ways"),
], ids=["empty file", "not a report", "image-only PDF", "ambiguous digits"])
def test_trouble_is_one_clear_line_and_exit_2_and_nothing_written(tmp_path, make, says):
    source = make(tmp_path)
    output = tmp_path / "out.toml"
    result = govinfo("import", source, "-o", output)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and result.stderr.startswith(f"govinfo: {source}: "), result.stderr
    assert says in result.stderr and "Traceback" not in result.stderr
    assert not output.exists() and result.stdout == ""


def test_ambiguous_digits_name_the_row_the_digits_and_the_candidates():
    result = govinfo("import", PINGTAN_2021_TEXT)
    assert result.returncode == 2
    line = result.stderr
    assert "第二十条第（一）项 行政规范性文件" in line and "6|93|665" in line and "69|3|665" in line
    assert '--split "行政规范性文件=…"' in line


@pytest.mark.parametrize("lines, found", [
    (["平潭综合实验区2021年度政府信息公开工作年度报告"], ("平潭综合实验区", 2021)),
    (["2019年上海市人民政府办公厅政府信息公开工作年度报告"], ("上海市人民政府办公厅", 2019)),
    (["淮安市洪泽区人民政府", "2024 年政府信息公开工作年度报告"], ("淮安市洪泽区人民政府", 2024)),  # two lines
    (["某某市交通运输局政府信息公开工作年度报告（2023年度）"], ("某某市交通运输局", 2023)),
    (["标题: 某某县人民政府2020年政府信息公开工作年度报告"], ("某某县人民政府", 2020)),
    (["关于印发2021年政府信息公开工作要点的通知"], None),
])
def test_agency_and_year_from_the_title(lines, found):
    from govinfo_cli.readers.agency import title_of

    result = title_of(lines)
    assert (result[:2] if result else None) == found


@pytest.mark.parametrize("name, level", [
    ("淮安市洪泽区人民政府", "county"), ("某某县人民政府", "county"), ("浙江省人民政府", "province"),
    ("上海市人民政府", "province"),  # a 直辖市
    ("上海市人民政府办公厅", "department"), ("温州市安全生产监督管理局", "department"),
    ("某某市人民政府", None),  # a 设区的市 or a 县级市: the name does not tell
    ("平潭综合实验区", None),
])
def test_the_level_from_the_agencys_name(name, level):
    from govinfo_cli.readers.agency import level_of

    assert (level_of(name) or (None,))[0] == level


# --- the command ------------------------------------------------------------------------------


def test_an_existing_file_is_kept_without_force(tmp_path):
    output = tmp_path / "report.toml"
    output.write_text("mine\n", encoding="utf-8")
    result = govinfo("import", SOURCES / "2019_fmt2019_shanghai-szfbgt.txt", "-o", output)
    assert result.returncode == 2 and "--force" in result.stderr and output.read_text() == "mine\n"
    assert govinfo("import", SOURCES / "2019_fmt2019_shanghai-szfbgt.txt", "-o", output, "--force").returncode == 0
    assert output.read_text(encoding="utf-8").startswith("# 政府信息公开工作年度报告格式")


def test_many_sources_go_to_a_folder_one_file_each_in_parallel(tmp_path):
    folder = tmp_path / "published"
    folder.mkdir()
    names = ["2019_fmt2019_shanghai-szfbgt.txt", "2021_fmt2021_pingtan.html", "2022_fmt2021_pingtan.html"]
    for name in names:
        (folder / name).write_bytes((SOURCES / name).read_bytes())
    (folder / "empty.txt").write_text("", encoding="utf-8")
    one, two = tmp_path / "one", tmp_path / "two"
    serial = govinfo("import", folder, "-o", one, "--jobs", "1")
    parallel = govinfo("import", folder, "-o", two, "--jobs", "2")
    assert serial.returncode == parallel.returncode == 2  # the empty file
    assert serial.stderr == parallel.stderr
    assert serial.stderr.splitlines()[-1] == "imported 3 of 4 sources: 1 clean, 2 with warnings, 1 failed"
    assert f"govinfo: {folder / 'empty.txt'}: is empty" in serial.stderr
    for name in names:
        written = Path(name).stem + ".toml"
        assert (one / written).read_bytes() == (two / written).read_bytes()
    assert sorted(p.name for p in one.iterdir()) == sorted(Path(n).stem + ".toml" for n in names)
    quiet = govinfo("import", folder, "-o", tmp_path / "three", "--quiet")
    assert quiet.stderr == f"govinfo: {folder / 'empty.txt'}: is empty\n"


def test_standard_input_is_one_source():
    text = (SOURCES / "2019_fmt2019_shanghai-szfbgt.txt").read_bytes()
    result = govinfo("import", "-", input=text)
    assert result.returncode == 0 and result.stdout.startswith(b"# ") and b'form = "2019"' in result.stdout
    both = govinfo("import", "-", SOURCES / "2021_fmt2021_pingtan.html", input=text)
    assert both.returncode == 2 and b"standard input (-) is imported alone" in both.stderr


def test_several_sources_need_a_folder(tmp_path):
    result = govinfo("import", SOURCES / "2021_fmt2021_pingtan.html", SOURCES / "2022_fmt2021_pingtan.html")
    assert result.returncode == 2 and "-o DIR" in result.stderr and result.stdout == ""


def test_from_format_forces_the_reader(tmp_path):
    """A page saved as .txt is still read as a page; forced to text, its markup is no report."""
    page = tmp_path / "page.txt"
    page.write_bytes((SOURCES / "2021_fmt2021_pingtan.html").read_bytes())
    assert govinfo("import", page).returncode == 1  # recognised by content: HTML (level unknown: a warning)
    forced = govinfo("import", page, "--from-format", "text")
    assert forced.returncode == 2 and forced.stderr.count("\n") == 1


def test_given_fields_win_over_the_document(tmp_path):
    result = govinfo("import", SOURCES / "2021_fmt2021_pingtan.html", "--level", "county", "--agency", "平潭县")
    assert result.returncode == 0, result.stderr
    assert 'name = "平潭县"' in result.stdout and 'level = "county"' in result.stdout
    bad = govinfo("import", SOURCES / "2021_fmt2021_pingtan.html", "--level", "village")
    assert bad.returncode == 2 and "department, county, city, province" in bad.stderr


def test_a_progress_bar_only_on_a_terminal(tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for index in range(6):
        (folder / f"r{index}.txt").write_bytes((SOURCES / "2019_fmt2019_shanghai-szfbgt.txt").read_bytes())
    seen = on_a_terminal("import", str(folder), "-o", str(tmp_path / "a"), env={})
    assert "6/6" in seen and "[####" in seen and "imported 6 of 6 sources" in seen
    piped = govinfo("import", folder, "-o", tmp_path / "b")
    assert "6/6" not in piped.stderr and piped.stderr == "imported 6 of 6 sources: 6 clean, 0 with warnings, 0 failed\n"

HEAVY = ("lxml", "pdfplumber", "pdfminer", "docx", "PIL", "govinfo_cli.readers.mapping", "govinfo_cli.readers.html",
         "govinfo_cli.readers.pdf", "govinfo_cli.readers.docx", "govinfo_cli.readers.splits", "zipfile")


@pytest.mark.parametrize("args", [("--version",), ("validate", str(EXAMPLES / "2021-pingtan.toml"))])
def test_other_commands_start_without_the_parsers(args):
    import subprocess
    import sys

    code = (f"import sys\nsys.argv = ['govinfo', *{list(args)!r}]\nfrom govinfo_cli.cli import main\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            f"print(sorted(m for m in {HEAVY!r} if m in sys.modules), file=sys.stderr)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.stderr.strip().splitlines()[-1] == "[]", result.stderr
