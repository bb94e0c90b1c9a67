"""Word documents: a report in the official layout, read back with python-docx.

Every table is read back from the document's XML by grid position, merged cells resolved
(gridSpan across, vMerge down), and compared three ways: the numbers with the report file
(by each slot's key), the cells and merges with layout.py's Grid (one layout), and the
merges with the HTML page's table (two renderers, the same merged cells).
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tomllib
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from conftest import (
    A4_POINTS,
    EXAMPLES,
    PINGTAN_2021,
    PINGTAN_2022,
    ROOT,
    SEED,
    govinfo,
    missing_from_pdf,
    pdf_pages,
    require,
)
from test_render import (
    _cells,
    _source,
    _sources,
    expected,
    filled_report,
    form_tables,
    html_tables,
    load,
    render,
    scaffolds,  # noqa: F401 (a fixture)
)

from govinfo_cli.model.forms import load_form
from govinfo_cli.model.report import load_report
from govinfo_cli.writers.docx import KEEP_ROWS, render_docx
from govinfo_cli.writers.layout import Grid, layout

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def open_docx(data: bytes) -> Any:
    import docx

    return docx.Document(io.BytesIO(data))


@dataclass(frozen=True)
class Rect:
    row: int
    column: int
    rowspan: int
    colspan: int


def docx_grid(table: Any) -> dict[Rect, str]:
    """A Word table's cells as rectangles on the grid, with their text.

    A w:tc covers w:gridSpan columns; a w:vMerge without val continues the cell above.
    """
    owner: dict[tuple[int, int], Rect] = {}
    cells: dict[Rect, str] = {}
    for r, tr in enumerate(table._tbl.findall(f"{W}tr")):
        column = 0
        for tc in tr.findall(f"{W}tc"):
            properties = tc.find(f"{W}tcPr")
            span_element = properties.find(f"{W}gridSpan") if properties is not None else None
            span = int(span_element.get(f"{W}val")) if span_element is not None else 1
            merge = properties.find(f"{W}vMerge") if properties is not None else None
            text = "".join(t.text or "" for t in tc.iter(f"{W}t"))
            if merge is not None and merge.get(f"{W}val") in (None, "continue"):
                above = owner[(r - 1, column)]
                assert (above.column, above.colspan) == (column, span), f"row {r}: a vMerge out of line"
                assert text == "", f"row {r}, column {column}: text in a continued cell"
                grown = Rect(above.row, above.column, above.rowspan + 1, above.colspan)
                cells[grown] = cells.pop(above)
                for key, rect in owner.items():
                    if rect == above:
                        owner[key] = grown
                rect = grown
            else:
                rect = Rect(r, column, 1, span)
                cells[rect] = text
            for dc in range(span):
                owner[(r, column + dc)] = rect
            column += span
    widths = {max(c for (row, c) in owner if row == r) + 1 for r in {row for row, _ in owner}}
    assert len(widths) == 1, "rows of different widths"
    return cells


def grid_cells(grid: Grid) -> dict[Rect, str]:
    return {Rect(p.row, p.column, p.slot.rowspan, p.slot.colspan): p.slot.text for p in grid.placed()}


def html_rects(table: Any) -> set[Rect]:
    rects = set()
    for r in range(len(table.slots)):
        for cell in table.row_cells(r):
            row, column = table.origin(cell)
            if row == r:
                rects.add(Rect(row, column, int(cell.get("rowspan", 1)), int(cell.get("colspan", 1))))
    return rects


@pytest.fixture(scope="module")
def documents(scaffolds) -> dict[str, tuple[Path, bytes]]:  # noqa: F811
    return {str(source): (_source(source, scaffolds), render_docx(load_report(str(_source(source, scaffolds)))))
            for source in [p.values[0] for p in _sources()]}


@pytest.mark.parametrize("source", _sources())
def test_docx_tables_read_back_the_file_and_the_layout(source, documents):
    path, data = documents[str(source)]
    values, form = load(path)
    document = open_docx(data)
    nodes = form_tables(form)
    views = [p for p in layout(load_report(str(path))).parts if p.kind == "table"]
    pages = html_tables(render(path, "--format", "html"))
    assert len(document.tables) == len(nodes) == len(views) == len(pages)
    compared = 0
    for table, node, view, page in zip(document.tables, nodes, views, pages):
        got = docx_grid(table)
        assert got == grid_cells(view.grid), node.key  # every cell and merge where the layout puts it
        assert set(got) == html_rects(page), node.key  # the HTML page's merges
        by_key = {p.slot.path: Rect(p.row, p.column, p.slot.rowspan, p.slot.colspan)
                  for p in view.grid.placed() if p.slot.path}
        assert set(by_key) == {c.path for c in node.cells()}, node.key
        for cell in node.cells():  # the number from the file, in the cell the form has for it
            assert got[by_key[cell.path]] == expected(values, cell.path), cell.path
            compared += 1
        rows = table._tbl.findall(f"{W}tr")
        headers = [tr.find(f"{W}trPr/{W}tblHeader") is not None for tr in rows]
        assert headers == [r < view.grid.head for r in range(len(rows))]  # repeated on each page
        assert all(tr.find(f"{W}trPr/{W}cantSplit") is not None for tr in rows)  # never split
        kept = [tr.find(f"{W}tc/{W}p/{W}pPr/{W}keepNext") is not None for tr in rows]
        assert kept == [len(rows) <= KEEP_ROWS and r < len(rows) - 1 for r in range(len(rows))]  # one page
    assert compared == len(form.cells)


@pytest.mark.parametrize("source", _sources())
def test_docx_has_every_section_in_form_order(source, documents):
    path, data = documents[str(source)]
    values, form = load(path)
    document = open_docx(data)
    by_style: dict[str, list[str]] = {}
    for paragraph in document.paragraphs:
        by_style.setdefault(paragraph.style.name, []).append(paragraph.text)
    assert by_style["Title"] == [form.report_title(values["agency"]["name"], values["year"])]
    headings, bodies = [], []
    for key in form.document:
        if key in form.tables:
            headings.append(form.tables[key].heading or form.tables[key].title)
            continue
        section = form.sections[key]
        lines = [line.strip() for line in values["text"].get(section.key, "").splitlines() if line.strip()]
        if not section.untitled:
            headings.append(section.title)
        bodies += lines
    assert by_style["Heading 1"] == headings
    assert by_style["Body Text"] == bodies


def test_the_legacy_statistics_table_has_its_units_title_and_signature(documents):
    path, data = documents[str(SEED)]
    values, form = load(path)
    document = open_docx(data)
    stats = form_tables(form)[-1]
    table = docx_grid(document.tables[-1])
    rows: dict[int, list[str]] = {}
    for rect in sorted(table, key=lambda r: (r.row, r.column)):
        rows.setdefault(rect.row, []).append(table[rect])
    assert rows[0] == list(stats.columns)
    assert [rows[r + 1] for r in range(len(stats.cells()))] == [
        [c.title, c.unit or "", expected(values, c.path)] for c in stats.cells()]
    texts = [p.text for p in document.paragraphs]
    assert [p.text for p in document.paragraphs if p.style.name == "Heading 2"] == [stats.title]
    footer = texts[-1]
    for key in stats.footer:
        assert f"{form.agency_fields[key].title}：{values['agency'][key]}" in footer


@pytest.mark.parametrize("form_name", ["2019", "2021"])
def test_table_three_and_four_headers_are_the_official_ones(form_name, scaffolds):  # noqa: F811
    form = load(scaffolds[form_name])[1]
    document = open_docx(render_docx(load_report(str(scaffolds[form_name]))))
    nodes = form_tables(form)
    three = next(i for i, n in enumerate(nodes) if n.note)
    four = next(i for i, n in enumerate(nodes) if n.layout == "across")
    cells = docx_grid(document.tables[three])
    by_text = {text: rect for rect, text in cells.items()}
    node = nodes[three]
    assert by_text[node.note] == Rect(0, 0, 3, 3)  # the corner over the three label columns
    assert by_text[node.columns_title].colspan == len(_cells(node.rows()[0]))
    for group in (n for n in form.nodes.values() if n.kind == "group" and n.path.startswith(node.path + ".")):
        assert by_text[group.title].rowspan == len(group.rows()), group.title
    blocks = nodes[four].rows()
    header = [text for rect, text in sorted(docx_grid(document.tables[four]).items(),
                                            key=lambda item: (item[0].row, item[0].column)) if rect.row == 2]
    assert header == [c.title for b in blocks for c in _cells(b)]  # the third header row


def test_page_fonts_numbers_and_properties(documents):
    path, data = documents[str(EXAMPLES / "2022-pingtan.toml")]
    values, form = load(path)
    document = open_docx(data)
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)  # A4 portrait
    fonts = {name: document.styles[name].element.rPr.rFonts.get(f"{W}eastAsia")
             for name in ("Normal", "Title", "Heading 1")}
    assert fonts == {"Normal": "仿宋", "Title": "黑体", "Heading 1": "黑体"}
    footer = section.footer._element
    assert [f.get(f"{W}instr") for f in footer.iter(f"{W}fldSimple")] == ["PAGE"]
    properties = document.core_properties
    assert properties.title == form.report_title(values["agency"]["name"], values["year"])
    assert properties.created.date() == values["published"]
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as package:
        names = package.namelist()
        assert names[0] == "[Content_Types].xml" and names[1:] == sorted(names[1:])
        assert {info.date_time for info in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        table = package.read("word/fontTable.xml").decode("utf-8")
        assert 'w:name="仿宋"' in table and 'w:val="FangSong"' in table and 'w:val="SimHei"' in table
        assert not any("thumbnail" in name for name in names)


def test_same_report_same_bytes_and_no_date_without_a_publication_date(tmp_path):
    path = filled_report(tmp_path, "2021")
    report = load_report(str(path))
    assert report.get("published") is None
    first, second = render_docx(report), render_docx(load_report(str(path)))
    assert first == second
    assert open_docx(first).core_properties.created is None


def test_tables_only_has_no_title_nor_sections(documents):
    document = open_docx(render_docx(load_report(str(SEED)), tables_only=True))
    styles = [p.style.name for p in document.paragraphs]
    assert "Title" not in styles and "Body Text" not in styles
    assert len(document.tables) == len(form_tables(load(SEED)[1]))


def test_hostile_and_control_characters_are_plain_text(tmp_path):
    texts = ["<w:p>&amp; \"x\" 'y' </w:t>", "red \x1b[31malert bell\x07"]
    path = filled_report(tmp_path, "2021", texts=texts, agency="<i>局</i>&")
    document = open_docx(render_docx(load_report(str(path))))
    bodies = [p.text for p in document.paragraphs if p.style.name == "Body Text"]
    assert texts[0] in bodies and "red \u241b[31malert bell\u2407" in bodies
    assert document.paragraphs[0].text.startswith("<i>局</i>&")


# --- the command ----------------------------------------------------------------------------------


def assert_same_package(got: bytes, want: bytes) -> None:
    """The same bytes; when not, which part of the package differs, and where."""
    import zipfile

    if got == want:
        return
    with zipfile.ZipFile(io.BytesIO(got)) as first, zipfile.ZipFile(io.BytesIO(want)) as second:
        assert first.namelist() == second.namelist()
        for name in first.namelist():
            a, b = first.read(name), second.read(name)
            if a != b:
                at = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
                pytest.fail(f"{name} differs at {at}: {a[at - 200:at + 200]!r} != {b[at - 200:at + 200]!r}")
    pytest.fail("the packages differ in their zip structure only")


def test_render_writes_the_docx_to_a_file_or_a_pipe(tmp_path):
    target = tmp_path / "report.docx"
    result = govinfo("render", PINGTAN_2022, "-o", target)
    assert result.returncode == 0 and result.stdout == "" and result.stderr == ""
    assert_same_package(target.read_bytes(), render_docx(load_report(str(PINGTAN_2022))))
    piped = govinfo("render", PINGTAN_2022, "--format", "docx", input=b"")  # bytes in, bytes out
    assert piped.returncode == 0 and piped.stdout == target.read_bytes()


def test_diff_as_a_word_document(tmp_path):
    import json

    target = tmp_path / "diff.docx"
    result = govinfo("--lang", "zh", "diff", PINGTAN_2021, PINGTAN_2022, "-o", target)
    assert result.returncode == 1 and result.stdout == "", result.stderr  # 1: the reports differ
    document = open_docx(target.read_bytes())
    summary = json.loads(govinfo("diff", "--format", "json", PINGTAN_2021, PINGTAN_2022).stdout)
    headline = docx_grid(document.tables[0])
    rows: dict[int, list[str]] = {}
    for rect in sorted(headline, key=lambda r: (r.row, r.column)):
        rows.setdefault(rect.row, []).append(headline[rect])
    assert rows[0][1:3] == ["2021", "2022"]
    assert [(r[0], r[1], r[2]) for r in list(rows.values())[1:]] == [
        (c["label"], str(c["from"]), str(c["to"])) for c in summary["summary"]["headline"]]
    changed = {c["path"] for c in summary["changes"]}
    cells = sum(len(t.rows) - 1 for t in document.tables[1:-1])  # the change tables, without their headers
    assert cells == len(changed)
    assert document.paragraphs[0].text == "报告对比"  # the diff's own words follow --lang
    again = tmp_path / "again.docx"
    govinfo("--lang", "zh", "diff", PINGTAN_2021, PINGTAN_2022, "-o", again)
    assert again.read_bytes() == target.read_bytes()


# --- LibreOffice opens it: converted to PDF, the numbers are there, and a picture of table 三 ---------


@pytest.fixture(scope="module")
def converted(documents, tmp_path_factory) -> dict[str, Path]:
    """Every document converted to PDF by LibreOffice headless, in one run."""
    soffice = shutil.which("soffice")
    require(soffice, "LibreOffice", "apt-get install libreoffice-writer-nogui")
    folder = tmp_path_factory.mktemp("soffice")
    names = {}
    for index, (source, (_, data)) in enumerate(sorted(documents.items())):
        (folder / f"{index}.docx").write_bytes(data)
        names[source] = folder / f"{index}.pdf"
    result = subprocess.run(
        [soffice, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless", "--norestore",
         "--convert-to", "pdf", "--outdir", str(folder), *sorted(str(p) for p in folder.glob("*.docx"))],
        capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL)
    assert all(pdf.exists() for pdf in names.values()), result.stdout + result.stderr
    return names


@pytest.mark.slow
@pytest.mark.parametrize("source", _sources())
def test_libreoffice_reads_every_number_and_label(source, documents, converted):
    path, _ = documents[str(source)]
    data = tomllib.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)
    pages = pdf_pages(converted[str(source)])
    assert missing_from_pdf("\n".join(pages), data, load_form(data["form"])) == []
    import pypdf

    for page in pypdf.PdfReader(str(converted[str(source)])).pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(A4_POINTS, abs=1)
    assert [str(n) in text for n, text in enumerate(pages, 1)] == [True] * len(pages)  # the page numbers


@pytest.mark.slow
@pytest.mark.parametrize("example", ["2022-pingtan", "2019-shanghai-szfbgt"])
def test_libreoffice_picture_of_table_three(example, documents, converted):
    """tests/artifacts/docx-table-three-*.png, for a person to compare with the official form."""
    pdftoppm = shutil.which("pdftoppm")
    require(pdftoppm, "pdftoppm", "apt-get install poppler-utils")
    source = str(EXAMPLES / f"{example}.toml")
    form = load(Path(source))[1]
    three = next(n for n in form_tables(form) if n.note)
    pages = pdf_pages(converted[source])
    flat = ["".join(text.split()) for text in pages]
    rows = ["".join(row.title.split()) for row in three.rows()]
    # the page with most of table 三's rows (its header is repeated on each page it spans)
    number = max(range(1, len(pages) + 1), key=lambda n: (three.columns_title in flat[n - 1],
                                                          sum(row in flat[n - 1] for row in rows)))
    artifacts = ROOT / "tests" / "artifacts"
    artifacts.mkdir(exist_ok=True)
    stem = artifacts / f"docx-table-three-{example}"
    stem.with_suffix(".png").unlink(missing_ok=True)
    subprocess.run([pdftoppm, "-png", "-r", "110", "-f", str(number), "-l", str(number), "-singlefile",
                    str(converted[source]), str(stem)], check=True, timeout=120)
    picture = stem.with_suffix(".png")
    header = picture.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(header[16:20], "big"), int.from_bytes(header[20:24], "big")
    assert (width, height) == pytest.approx((A4_POINTS[0] / 72 * 110, A4_POINTS[1] / 72 * 110), abs=2)  # A4
    assert picture.stat().st_size > 30_000  # a drawn page, not a blank one
