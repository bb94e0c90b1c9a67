"""The mistakes a first-time editor makes, each answered with its fix, on the line of the mistake."""

from __future__ import annotations

import json
import zipfile

import pytest
from conftest import PINGTAN_2021, PINGTAN_2022, govinfo, validate_json

from govinfo_cli.model.forms import load_form

FORM = load_form("2021")
NATURAL = FORM.cells["requests.new.natural_person"]  # 自然人: the first column of table 三
COMMERCIAL = FORM.cells["requests.new.commercial"]  # 法人或其他组织·商业企业


def _edited(tmp_path, old: str, new: str, name: str = "report.toml"):
    """PINGTAN_2021 with its first ``old`` replaced; the file and the line of the change."""
    text = PINGTAN_2021.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    line = text[: text.index(old)].count("\n") + 1 + old[: len(old) - len(old.lstrip("\n"))].count("\n")
    return path, line


def _first_line(result) -> str:
    return (result.stdout + result.stderr).splitlines()[0]


NATURAL_LINE = f"{NATURAL.key} = 64 "


# --- Chinese labels as keys -----------------------------------------------------------------------------


def test_a_bare_chinese_label_as_key_names_the_key(tmp_path):
    path, line = _edited(tmp_path, NATURAL_LINE, f"{NATURAL.title} = 64 ")
    result = govinfo("validate", path)
    assert result.returncode == 2
    assert _first_line(result) == (f"{path}:{line}:1: error parse: {NATURAL.title} is the form's label, not a key: "
                                   f"write {NATURAL.key} = 64 (the label can stand in a comment after it)")


def test_a_grouped_column_label_as_key_names_the_key(tmp_path):
    path, line = _edited(tmp_path, f"{COMMERCIAL.key} = 0 ", f"{COMMERCIAL.column_label} = 0 ")
    result = govinfo("validate", path)
    assert f"{path}:{line}:1: error parse: {COMMERCIAL.column_label} is the form's label, not a key: write " \
           f"{COMMERCIAL.key} = 0" in _first_line(result)


def test_a_quoted_chinese_label_is_answered_with_its_key_and_the_missing_cell_stays_on_its_line(tmp_path):
    path, line = _edited(tmp_path, NATURAL_LINE, f'"{NATURAL.title}" = 64 ')
    code, document = validate_json(path)
    assert code == 1
    findings = document["files"][0]["findings"]
    schema = [f for f in findings if f["code"] == "schema"]
    assert [(f["path"], f["line"], f["message"]) for f in schema] == [
        (f"requests.new.{NATURAL.title}", line,
         f"'{NATURAL.title}' is the form's label of {NATURAL.key}, not a key: write {NATURAL.key} = …")]
    # what follows from the cell being missing is placed on the line of the mistake, not elsewhere
    assert {f["line"] for f in findings if f["path"] == NATURAL.path} == {line}


def test_an_unknown_key_gets_did_you_mean(tmp_path):
    path, line = _edited(tmp_path, NATURAL_LINE, f"{NATURAL.key}s = 64 ")
    code, document = validate_json(path)
    assert code == 1
    [unknown] = [f for f in document["files"][0]["findings"] if f["code"] == "schema"]
    assert unknown["line"] == line
    assert unknown["message"] == f"unknown key '{NATURAL.key}s': did you mean {NATURAL.key} ({NATURAL.title})?"
    assert unknown["args"]["suggestion"] == NATURAL.key


def test_a_misspelt_table_gets_did_you_mean_and_its_cells_stay_on_its_lines(tmp_path):
    path, line = _edited(tmp_path, "[requests.new]", "[request.new]")
    code, document = validate_json(path)
    assert code == 1
    findings = document["files"][0]["findings"]
    [unknown] = [f for f in findings if f["code"] == "schema"]
    title = FORM.label("requests")
    assert (unknown["line"], unknown["message"]) == (
        line, f"unknown key 'request': did you mean requests ({title})?")
    text = path.read_text(encoding="utf-8").splitlines()
    for finding in findings:
        if finding["path"] and finding["path"].startswith("requests.new.") and finding["line"] is not None:
            key = finding["path"].rpartition(".")[2]
            assert text[finding["line"] - 1].startswith(key), finding  # the misspelt table's own line of that cell
    next_table = next(i for i, row in enumerate(text, 1) if row.startswith("[requests.carried_over]"))
    assert all(f["line"] != next_table for f in findings), "a finding was placed on the next table's header"


def test_a_deleted_table_puts_its_findings_on_no_other_tables_line(tmp_path):
    text = PINGTAN_2021.read_text(encoding="utf-8")
    start = text.index("[requests.new]")
    end = text.index("[requests.carried_over]")
    path = tmp_path / "report.toml"
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    code, document = validate_json(path)
    assert code == 1
    about = [f for f in document["files"][0]["findings"] if (f["path"] or "").startswith("requests.new")]
    assert about and {f["line"] for f in about} == {None}


def test_a_chinese_table_title_as_header_names_the_table_key(tmp_path):
    title = FORM.nodes["requests.new"].title
    path, line = _edited(tmp_path, "[requests.new]", f"[{title}]")
    assert _first_line(govinfo("validate", path)).startswith(
        f"{path}:{line}:2: error parse: [{title}] is the title of a table: write its key, [requests.new]")


# --- TOML slips ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("written, message", [
    ('form = 2021', 'form is written in quotes: form = "2021"'),
    ('form = "2022"', 'form names the national form, not the year: a report for 2022 uses form = "2021"'),
])
def test_form_slips(tmp_path, written, message):
    path, line = _edited(tmp_path, 'form = "2021"', written)
    result = govinfo("validate", path)
    assert result.returncode == 1
    assert _first_line(result) == f"{path}:{line}: error schema {FORM.label('form')} [form]: {message}"
    diff = govinfo("diff", PINGTAN_2021, path)  # the same answer where the file cannot be used at all
    assert diff.returncode == 2 and diff.stderr == f"govinfo: {path}:{line}: {message}\n"


def test_a_form_of_digits_int_cannot_read_is_a_finding_not_a_crash(tmp_path):
    """Found by the fuzzer: "²" is a digit to str.isdigit but not to int."""
    path, line = _edited(tmp_path, 'form = "2021"', 'form = "²"')
    result = govinfo("validate", path)
    assert (result.returncode, result.stderr) == (1, "")
    assert _first_line(result) == f'{path}:{line}: error schema {FORM.label("form")} [form]: unknown form "²"; ' \
                                  'it must be one of "legacy", "2019", "2021"'


@pytest.mark.parametrize("value, message", [
    ("６４", "full-width ４ ６ in the TOML itself; write it with half-width characters: natural_person = 64"),
    ("9,800", "9,800 has thousands separators, which TOML does not read: write natural_person = 9800"),
    ("9，800", "9，800 has thousands separators, which TOML does not read: write natural_person = 9800"),
    ("64件", "write the number alone, without its unit: natural_person = 64"),
    ("", "natural_person has no value: write a number, or delete the line to leave the cell blank"),
    ("——", "—— is not a value: delete the line to leave the cell blank, or write 0 where there was nothing"),
])
def test_number_slips_name_the_fix(tmp_path, value, message):
    path, line = _edited(tmp_path, NATURAL_LINE, f"{NATURAL.key} = {value}")
    result = govinfo("validate", path)
    assert result.returncode == 2
    first = _first_line(result)
    assert first.startswith(f"{path}:{line}:") and first.endswith(f"error parse: {message}"), first


def test_chinese_quotation_marks_and_a_full_width_equals_sign(tmp_path):
    path, line = _edited(tmp_path, 'name = "平潭综合实验区"', "name ＝ “平潭综合实验区”")
    assert _first_line(govinfo("validate", path)).startswith(f"{path}:{line}:")
    assert _first_line(govinfo("validate", path)).endswith(
        'error parse: full-width “ ” ＝ in the TOML itself; write it with half-width characters: name = "平潭综合实验区"')


def test_a_key_given_twice(tmp_path):
    path, line = _edited(tmp_path, NATURAL_LINE, f"{NATURAL.key} = 64\n{NATURAL.key} = 64 ")
    first = _first_line(govinfo("validate", path))
    assert first.startswith(f"{path}:{line + 1}:")
    assert first.endswith("natural_person is given twice in this table (here and above); delete one of the lines")


@pytest.mark.parametrize("section", ["problems", "other"])
def test_a_text_never_closed_is_found_where_it_opens(tmp_path, section):
    text = PINGTAN_2021.read_text(encoding="utf-8")
    opening = text.index(f'{section} = """')
    closing = text.index('"""', opening + len(section) + 6)
    path = tmp_path / "report.toml"
    path.write_text(text[:closing] + text[closing + 3:], encoding="utf-8")
    line = text[:opening].count("\n") + 1
    assert _first_line(govinfo("validate", path)) == (
        f'{path}:{line}: error parse: the text that starts here is never closed: end it with """ on a line of its own')


def test_other_parser_messages_are_translated(tmp_path):
    path = tmp_path / "report.toml"
    path.write_text('form = "2021"\nyear = 2022 2022\n', encoding="utf-8")
    en = govinfo("validate", path)
    assert en.stdout.startswith(f"{path}:2:13: error parse: not valid TOML: Expected newline or end of document "
                                "after a statement; fix the syntax at this place")
    zh = govinfo("--lang", "zh", "validate", path)
    assert zh.stdout.startswith(f"{path}:2:13: 错误 parse：不是有效的 TOML：一行只能写一项：这里之后应换行；请修改此处的语法")


# --- not a TOML report at all -----------------------------------------------------------------------------


def _docx(path) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")


@pytest.mark.parametrize("kind, expected", [
    ("gbk", "is GBK (GB 18030) text, as Windows saves Chinese, and a report must be UTF-8: convert it with "
            "iconv -f GBK -t UTF-8 {path} > {stem}.utf8.toml, or save it as UTF-8"),
    ("utf-16", "is UTF-16 text, and a report must be UTF-8: convert it with iconv -f UTF-16 -t UTF-8 {path} > "
               "{stem}.utf8.toml"),
    ("utf-16le", "is UTF-16 text, and a report must be UTF-8: convert it with iconv -f UTF-16LE -t UTF-8 {path} > "
                 "{stem}.utf8.toml"),
    ("html", "is a web page (HTML), not a TOML report; read it into one with govinfo import {path}"),
    ("docx", "is a Word document, not a TOML report; read it into one with govinfo import {path}"),
    ("pdf", "is a PDF, not a TOML report; read it into one with govinfo import {path}"),
])
def test_a_file_that_is_no_utf8_toml_says_what_it_is_and_what_to_do(tmp_path, kind, expected):
    text = PINGTAN_2021.read_text(encoding="utf-8")
    path = tmp_path / "report.toml"
    if kind == "gbk":
        path.write_bytes(text.encode("gbk", "replace"))
    elif kind == "utf-16":
        path.write_bytes(text.encode("utf-16"))
    elif kind == "utf-16le":
        path.write_bytes(text.encode("utf-16-le"))
    elif kind == "html":
        path.write_text("<!DOCTYPE html>\n<html lang=\"zh-CN\"><body><table><tr><td>自然人</td></tr></table>",
                        encoding="utf-8")
    elif kind == "docx":
        _docx(path)
    else:
        path.write_bytes(b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n")
    message = expected.format(path=path, stem=tmp_path / "report")
    result = govinfo("validate", path)
    assert result.returncode == 2 and f"{path}" in result.stdout and result.stdout.count("\n") == 1
    assert result.stdout.rstrip("\n").endswith(f"error parse: {message}"), result.stdout
    rendered = govinfo("render", path)
    assert rendered.returncode == 2 and rendered.stderr.rstrip("\n").endswith(message)


def test_folder_scans_take_upper_case_suffixes(tmp_path):
    (tmp_path / "A.TOML").write_bytes(PINGTAN_2021.read_bytes())
    (tmp_path / "b.Toml").write_bytes(PINGTAN_2022.read_bytes())
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    _code, document = validate_json(tmp_path)
    assert [f["path"] for f in document["files"]] == [str(tmp_path / "A.TOML"), str(tmp_path / "b.Toml")]


# --- in Chinese ---------------------------------------------------------------------------------------------


def test_hints_speak_chinese(tmp_path):
    path, line = _edited(tmp_path, NATURAL_LINE, f"{NATURAL.title} = 64 ")
    result = govinfo("--lang", "zh", "validate", path)
    assert _first_line(result) == (f"{path}:{line}:1: 错误 parse：{NATURAL.title} 是表格中的中文名称，不是键名："
                                   f"请写 {NATURAL.key} = 64（中文名称可以写在后面的注释里）")
    unknown, _line = _edited(tmp_path, NATURAL_LINE, f"{NATURAL.key}s = 64 ", "unknown.toml")
    document = json.loads(govinfo("--lang", "zh", "validate", "--format", "json", unknown).stdout)
    [finding] = [f for f in document["files"][0]["findings"] if f["code"] == "schema"]
    assert finding["message"] == f"未知的键“{NATURAL.key}s”：是不是 {NATURAL.key}（{NATURAL.title}）？"
    assert finding["template"] == "unknown key '{key}': did you mean {suggestion} ({label})?"
