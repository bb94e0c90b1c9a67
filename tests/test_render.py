"""govinfo render: HTML in the official layout, Markdown, and text, all through the real CLI.

The expected numbers and labels come from the report files and the form model
(govinfo_cli.model.forms), never from the renderer's own layout module: the HTML grid is
rebuilt here from colspan/rowspan with an HTML5 parser and read back by position.
"""

from __future__ import annotations

import json
import re
import shutil
import struct
import subprocess
import sys
import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLES, ROOT, SEED, assert_render_notes, govinfo, run_chromium

from govinfo_cli.model.forms import Cell, Form, Node, load_form
from govinfo_cli.model.report import load_report

ARTIFACTS = ROOT / "tests" / "artifacts"
GEOMETRY_JS = Path(__file__).resolve().parent / "browser" / "geometry.js"
EXAMPLE_FILES = sorted(EXAMPLES.glob("*.toml"))
SCAFFOLD_YEARS = {"legacy": 2017, "2019": 2019, "2021": 2022}
HOSTILE = [
    "<script>alert('x')</script> & &amp; \"double\" 'single' {{ 7*7 }} {% if x %}y{% endif %}",
    "1. not a list * not emphasis * _nor this_ [not](a-link) `not code` ~~not struck~~ $x$ | not a cell |",
    "# not a heading <b>not bold</b> &lt;already escaped&gt; \\ backslash",
    "- not an item",
]
HOSTILE_AGENCY = "<i>某某</i>局&\"'{{ agency }}"


# --- fixtures -----------------------------------------------------------------------------------


def _cells(node: Node) -> list[Cell]:
    return [c for c in node.children if isinstance(c, Cell)]


def _set(data: dict[str, Any], path: str, value: Any) -> None:
    *parents, key = path.split(".")
    for part in parents:
        data = data.setdefault(part, {})
    if value is None:
        data.pop(key, None)
    else:
        data[key] = value


def filled_report(directory: Path, form_name: str, *, agency: str = "某某市某某局", texts: list[str] | None = None,
                  big: bool = False, name: str | None = None) -> Path:
    """A scaffold from ``govinfo new``, filled with varied numbers; every ninth cell left blank."""
    import tomli_w

    result = govinfo("new", "--year", str(SCAFFOLD_YEARS[form_name]), "--agency", agency)
    assert result.returncode == 0, result.stderr
    data = tomllib.loads(result.stdout, parse_float=Decimal)
    form = load_form(form_name)
    for index, cell in enumerate(form.cells.values()):
        if index % 9 == 4:
            value: Any = None
        elif cell.type == "money":
            value = Decimal("24252.311082") if index % 2 else Decimal(f"{index * 7}.50")
        elif cell.type == "signed":
            value = -(index * 3) if index % 2 else index * 3
        else:
            value = (10 ** 9 + index) if big else (index * 37) % 1000
        _set(data, cell.path, value)
    for section in form.sections.values():
        data["text"][section.key] = "\n".join(texts) if texts is not None else f"{section.title}的正文。\n第二段。"
    path = directory / (name or f"{form_name}-filled.toml")
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def scaffolds(tmp_path_factory) -> dict[str, Path]:
    directory = tmp_path_factory.mktemp("scaffolds")
    return {name: filled_report(directory, name) for name in SCAFFOLD_YEARS}


def _sources() -> list[Any]:
    return [pytest.param(path, id=path.stem) for path in EXAMPLE_FILES] + [
        pytest.param(name, id=f"scaffold-{name}") for name in SCAFFOLD_YEARS]


def _source(source: Path | str, scaffolds: dict[str, Path]) -> Path:
    return scaffolds[source] if isinstance(source, str) else source


def load(path: Path) -> tuple[dict[str, Any], Form]:
    data = tomllib.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)
    return data, load_form(data["form"])


def expected(data: dict[str, Any], path: str) -> str:
    """A cell as the file writes it: integers as integers, money with its decimals, blank as ''."""
    node: Any = data
    for key in path.split("."):
        if not isinstance(node, dict) or key not in node:
            return ""
        node = node[key]
    return str(node)


def render(*args: str | Path, schema_errors: int = 0) -> str:
    """``govinfo render``'s output; stderr holds only its notes: schema errors, blank cells (each when there are)."""
    result = govinfo("render", *args)
    assert result.returncode == 0, result.stderr
    assert_render_notes(args[0], result.stderr, schema_errors)
    return result.stdout


def test_examples_are_there():
    assert len(EXAMPLE_FILES) >= 4, "the examples/ reports are the main test input"
    assert SEED in EXAMPLE_FILES


# --- HTML: the grid read back by position ------------------------------------------------------


def parse_html(text: str):
    import html5lib

    return html5lib.parse(text, namespaceHTMLElements=False)


def text_of(element) -> str:
    return "".join(element.itertext())


class HtmlTable:
    """A <table> as a grid of slots: each slot is the cell element covering it."""

    def __init__(self, element) -> None:
        self.element = element
        self.rows = list(element.iter("tr"))
        self.slots: list[list[Any]] = []
        for r, tr in enumerate(self.rows):
            while len(self.slots) <= r:
                self.slots.append([])
            c = 0
            for cell in tr:
                if cell.tag not in ("td", "th"):
                    continue
                while c < len(self.slots[r]) and self.slots[r][c] is not None:
                    c += 1
                colspan, rowspan = int(cell.get("colspan", 1)), int(cell.get("rowspan", 1))
                for dr in range(rowspan):
                    while len(self.slots) <= r + dr:
                        self.slots.append([])
                    row = self.slots[r + dr]
                    for dc in range(colspan):
                        while len(row) <= c + dc:
                            row.append(None)
                        assert row[c + dc] is None, f"cells overlap at row {r + dr}, column {c + dc}"
                        row[c + dc] = cell
                c += colspan

    def rectangular(self) -> bool:
        widths = {len(row) for row in self.slots}
        return len(widths) == 1 and len(self.slots) == len(self.rows) and all(
            slot is not None for row in self.slots for slot in row)

    def row_cells(self, r: int) -> list[Any]:
        """The distinct cells covering grid row ``r``, left to right."""
        out: list[Any] = []
        for slot in self.slots[r]:
            if not out or out[-1] is not slot:
                out.append(slot)
        return out

    def origin(self, cell) -> tuple[int, int]:
        for r, row in enumerate(self.slots):
            for c, slot in enumerate(row):
                if slot is cell:
                    return r, c
        raise KeyError(cell)


def html_tables(text: str) -> list[HtmlTable]:
    return [HtmlTable(t) for t in parse_html(text).iter("table")]


def form_tables(form: Form) -> list[Node]:
    return [form.tables[key] for key in form.document if key in form.tables]


def read_back(table: HtmlTable, node: Node) -> tuple[list[str], list[list[str]]]:
    """Row labels and values of a form table, read off the grid by position.

    A data row is a grid row with <td> cells; its label is the <th> right before its
    first <td> that starts in this row; its values are its <td> cells left to right.
    """
    labels: list[str] = []
    values: list[list[str]] = []
    layout = node.layout
    for r in range(len(table.slots)):
        cells = table.row_cells(r)
        data = [c for c in cells if c.tag == "td"]
        if not data:
            continue
        if layout == "indicators":  # label | unit | value
            labels.append(text_of(cells[0]))
            values.append([text_of(c) for c in data])
            continue
        heads = [c for c in cells if c.tag == "th" and table.origin(c)[0] == r]
        labels.append(text_of(heads[-1]) if heads else "")
        values.append([text_of(c) for c in data])
    return labels, values


@pytest.mark.parametrize("source", _sources())
def test_html_grid_reads_back_the_file(source, scaffolds):
    path = _source(source, scaffolds)
    data, form = load(path)
    tables = html_tables(render(path, "--format", "html"))
    nodes = form_tables(form)
    assert len(tables) == len(nodes)
    compared = blanks = 0
    for table, node in zip(tables, nodes):
        assert table.rectangular(), f"{node.key}: rows of different widths or holes"
        labels, values = read_back(table, node)
        layout = node.layout
        if layout == "indicators":
            cells = node.cells()
            assert labels == [c.title for c in cells]
            assert values == [[c.unit or "", expected(data, c.path)] for c in cells]
            want = [expected(data, c.path) for c in cells]
        elif layout == "across":
            cells = [c for row in node.rows() for c in _cells(row)]
            want = [expected(data, c.path) for c in cells]
            assert values == [want]
        else:
            rows = node.rows()
            assert labels == [r.title for r in rows]
            want_rows = [[expected(data, c.path) for c in _cells(r)] for r in rows]
            assert values == want_rows
            want = [v for row in want_rows for v in row]
        compared += len(want)
        blanks += want.count("")
    assert compared == len(form.cells)
    if isinstance(source, str):
        assert blanks > 0, "the scaffold fixture leaves cells blank"


def test_html_money_keeps_its_decimals_and_blank_is_not_zero(scaffolds):
    values = [text_of(td) for path in scaffolds.values()
              for td in parse_html(render(path, "--format", "html")).iter("td")]
    assert "24252.311082" in values
    assert any(re.fullmatch(r"\d+\.50", v) for v in values)
    assert "" in values
    for fmt in ("markdown", "text"):  # written plainly in the source too, negative numbers included
        out = render(scaffolds["2019"], "--format", fmt) + render(scaffolds["2021"], "--format", fmt)
        assert re.search(r"\| +24252\.311082 \|", out)
        assert re.search(r"\| +-\d+ \|", out)


def _table_with(form: Form, keyword: str) -> int:
    return next(i for i, node in enumerate(form_tables(form)) if getattr(node, keyword))


def _html_table(form_name: str, keyword: str, scaffolds) -> tuple:
    """(form, the table's node, the rendered HTML table) for the first table whose model has the attribute ``keyword`` set."""
    form = load_form(form_name)
    index = _table_with(form, keyword)
    return form, form_tables(form)[index], html_tables(render(scaffolds[form_name], "--format", "html"))[index]


@pytest.mark.parametrize("form_name", ["2019", "2021"])
def test_html_table_three_header_is_the_official_one(form_name, scaffolds):
    form, node, table = _html_table(form_name, "note", scaffolds)
    head = table.element.find("thead")
    assert head is not None and len(head.findall("tr")) == 3
    corner = table.slots[0][0]
    assert text_of(corner) == node.note
    assert (corner.get("colspan"), corner.get("rowspan")) == ("3", "3")
    by_text = {text_of(c): c for c in head.iter("th")}
    assert by_text[node.columns_title].get("colspan") == "7"
    first_row = node.rows()[0]
    groups = {c.group for c in _cells(first_row) if c.group}
    assert len(groups) == 1
    assert by_text[groups.pop()].get("colspan") == "5"
    for cell in _cells(first_row):
        if not cell.group:
            assert by_text[cell.title].get("rowspan") == "2", cell.title
    # the group rows' labels span their rows: 三、本年度办理结果 and its sub-groups
    body = {text_of(c): c for c in table.element.find("tbody").iter("th")}
    for group in (n for n in form.nodes.values() if n.kind == "group" and n.path.startswith(node.path + ".")):
        assert body[group.title].get("rowspan") == str(len(group.rows())), group.title
    assert table.row_cells(len(table.slots) - 1)[0].get("colspan") == "3"  # 四、结转下年度继续办理


@pytest.mark.parametrize("form_name", ["2019", "2021"])
def test_html_table_four_has_three_header_rows(form_name, scaffolds):
    _form, node, table = _html_table(form_name, "layout", scaffolds)
    head = table.element.find("thead").findall("tr")
    assert len(head) == 3
    blocks = node.rows()
    assert [text_of(c) for c in head[2]] == [c.title for b in blocks for c in _cells(b)]
    top = [(text_of(c), c.get("colspan"), c.get("rowspan")) for c in head[0]]
    ungrouped = [b for b in blocks if not b.group]
    grouped = [b for b in blocks if b.group]
    assert (ungrouped[0].title, "5", "2") in top
    assert (grouped[0].group, str(5 * len(grouped)), None) in top
    assert [(text_of(c), c.get("colspan")) for c in head[1]] == [(b.title, "5") for b in grouped]


@pytest.mark.parametrize("form_name", ["2019", "2021"])
def test_html_table_two_has_its_sub_table_headings(form_name, scaffolds):
    _form, node, table = _html_table(form_name, "row_title", scaffolds)
    width = len(table.slots[0])
    headings = [text_of(row[0]) for row in table.slots if len(set(map(id, row))) == 1]
    assert headings == [g.title for g in node.children if isinstance(g, Node)]
    assert all(int(table.slots[r][0].get("colspan")) == width for r in range(len(table.slots))
               if len(set(map(id, table.slots[r]))) == 1)


def test_html_page_is_standalone_utf8_and_printable():
    page = render(SEED, "--format", "html")
    assert page.startswith("<!DOCTYPE html>\n<html lang=\"zh-CN\">")
    assert '<meta charset="utf-8">' in page
    document = parse_html(page)
    style = text_of(document.find(".//style"))
    assert "@page" in style and "A4" in style
    assert document.find(".//title").text == "温州市安全生产监督管理局2017年政府信息公开工作年度报告"
    assert document.find(".//h1").text == document.find(".//title").text
    assert document.find(".//script") is None


def test_html_fragment_is_the_report_markup_only():
    fragment = render(SEED, "--format", "html", "--fragment")
    assert fragment.startswith("<article") and fragment.rstrip().endswith("</article>")
    for tag in ("<html", "<head", "<body", "<style", "<!DOCTYPE"):
        assert tag not in fragment
    full = render(SEED, "--format", "html")
    assert fragment in full  # the same markup as the page's body


def test_html_sections_follow_the_form_in_order():
    data, form = load(SEED)
    page = parse_html(render(SEED, "--format", "html"))
    headings = [text_of(h) for h in page.iter("h2")]
    want = []
    for key in form.document:
        if key in form.tables:
            want.append(form.tables[key].heading or form.tables[key].title)
        elif not form.sections[key].untitled:
            want.append(form.sections[key].title)
    assert headings == want
    paragraphs = [text_of(p) for p in page.iter("p")]
    assert paragraphs[0] == data["text"]["preamble"].strip()  # the opening paragraph, untitled, first


def test_legacy_statistics_table_is_the_appendix_with_its_signature():
    data, form = load(SEED)
    page = parse_html(render(SEED, "--format", "html"))
    stats = form_tables(form)[-1]
    assert [text_of(h) for h in page.iter("h3")] == [stats.title]
    table = html_tables(render(SEED, "--format", "html"))[-1]
    assert [text_of(c) for c in table.row_cells(0)] == list(stats.columns)
    footer = text_of(page.find(".//p[@class='table-footer']"))
    for key in stats.footer:
        assert f"{form.agency_fields[key].title}：{data['agency'][key]}" in footer


# --- the browser -----------------------------------------------------------------------------------


def png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", header[16:24])


A4 = (794, 1123)  # CSS pixels of an A4 page at 96 dpi


def geometries(pages: dict[str, str], folder: Path) -> dict[str, dict[str, Any]]:
    """What tests/browser/geometry.js measures in each page, by one Chromium (a start costs a second):
    each page in a frame of an A4 window's size, the verdicts gathered once every frame has loaded."""
    import html

    script = f"<script>{GEOMETRY_JS.read_text(encoding='utf-8')}</script>\n</body>"
    frames = "\n".join(f'<iframe id="{html.escape(key)}" srcdoc="{html.escape(page.replace("</body>", script))}">'
                       "</iframe>" for key, page in pages.items())
    checked = folder / "frames.html"
    checked.write_text(f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><style>
body {{ margin: 0; }} iframe {{ display: block; border: 0; width: {A4[0]}px; height: {A4[1]}px; }}
</style></head><body>
{frames}
<pre id="verdicts"></pre>
<script>
window.addEventListener("load", () => {{
  const out = {{}};
  for (const frame of document.querySelectorAll("iframe")) {{
    const verdict = frame.contentDocument.getElementById("geometry-verdict");
    out[frame.id] = verdict ? JSON.parse(verdict.textContent) : null;
  }}
  document.getElementById("verdicts").textContent = JSON.stringify(out);
}});
</script>
</body></html>
""", encoding="utf-8")
    result = run_chromium(f"--window-size={A4[0]},{A4[1]}", "--dump-dom", checked.as_uri())
    match = re.search(r'<pre id="verdicts">(.*?)</pre>', result.stdout, re.S)
    assert match, f"the pages' check did not run: {result.stderr[-2000:]}"
    verdicts = json.loads(html.unescape(match.group(1)))
    assert all(verdicts.values()), f"the check did not run in {[k for k, v in verdicts.items() if not v]}"
    return verdicts


@pytest.fixture(scope="module")
def verdicts(scaffolds, browser, tmp_path_factory) -> dict[str, dict[str, Any]]:
    pages = {str(source): render(_source(source, scaffolds), "--format", "html")
             for source in [p.values[0] for p in _sources()]}
    return geometries(pages, tmp_path_factory.mktemp("geometry"))


@pytest.mark.browser
@pytest.mark.parametrize("source", _sources())
def test_browser_geometry(source, scaffolds, verdicts):
    _, form = load(_source(source, scaffolds))
    verdict = verdicts[str(source)]
    assert [t["id"] for t in verdict["tables"]] == [f"table-{n.key}" for n in form_tables(form)]
    for table in verdict["tables"]:
        assert len(table["columns"]) == 1 and not table["holes"], table
        assert max(table["rowWidths"]) - min(table["rowWidths"]) <= 1, table  # every row as wide, in pixels
        assert max(table["rowLefts"]) - min(table["rowLefts"]) <= 1, table
        assert table["overflowing"] == [], table
        assert table["fitsContainer"], table  # within the A4 text width
        for heading in table["breaks"]:  # a heading's line breaks between two words of the form, never in one
            assert set(heading["at"]) <= _word_ends(heading["text"]), (table["id"], heading)
    if any(node.layout == "across" for node in form.tables.values()):  # table 四's fifteen heads must wrap
        assert any(heading["at"] for table in verdict["tables"] for heading in table["breaks"])


def _word_ends(text: str) -> set[int]:
    from itertools import accumulate

    from govinfo_cli.writers.breaks import pieces

    return set(accumulate(len(piece) for piece in pieces(text)))


@pytest.mark.browser
@pytest.mark.parametrize("example", ["2022-pingtan", "2019-shanghai-szfbgt"])
def test_browser_screenshot_of_table_three(example, browser, tmp_path):
    path = EXAMPLES / f"{example}.toml"
    _, form = load(path)
    key = form_tables(form)[_table_with(form, "note")].key
    page = render(path, "--format", "html", "--tables-only")
    # show table 三 alone, at the top of an A4-wide window as tall as the table
    page = page.replace("</style>", f"section.govinfo-table:not(#table-{key}) {{ display: none; }}\n"
                                    "body { padding: 8px 0; }\n</style>")
    verdict = geometries({"page": page}, tmp_path)["page"]
    box = next(t for t in verdict["tables"] if t["id"] == f"table-{key}")["section"]
    height = int(box["y"] + box["height"]) + 16
    shown = tmp_path / "table.html"
    shown.write_text(page, encoding="utf-8")
    ARTIFACTS.mkdir(exist_ok=True)
    target = ARTIFACTS / f"table-three-{example}.png"
    target.unlink(missing_ok=True)
    result = run_chromium(f"--window-size={A4[0]},{height}", f"--screenshot={target}", shown.as_uri())
    assert target.exists(), result.stderr[-2000:]
    assert png_size(target) == (A4[0], height)
    assert target.stat().st_size > 20_000  # a drawn table, not a blank page
    fonts = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True).stdout if shutil.which(
        "fc-list") else ""
    if not fonts.strip():
        import warnings

        warnings.warn(f"no CJK font installed: {target.name} shows boxes for Chinese (apt-get install "
                      "fonts-wqy-microhei)", stacklevel=1)


# --- text ---------------------------------------------------------------------------------------------


def text_blocks(text: str) -> list[list[str]]:
    """The drawn tables of a text rendering: runs of lines that start with + or |."""
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in text.splitlines():
        if line.startswith(("+", "|")):
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def text_records(block: list[str]) -> tuple[list[str], list[list[str]]]:
    """A drawn table as its header and rows, each cell's lines joined, indentation dropped.

    Rows are separated by rules where labels wrap (grid) and are one line each otherwise.
    """
    rule = re.compile(r"^[+|][-=+|]+$")
    inner = block[1:-1]  # without the top and bottom borders
    split = next(i for i, line in enumerate(inner) if rule.match(line))
    groups: list[list[str]] = []
    body = inner[split + 1:]
    if any(rule.match(line) for line in body):
        groups.append([])
        for line in body:
            if rule.match(line):
                groups.append([])
            else:
                groups[-1].append(line)
    else:
        groups = [[line] for line in body]

    def record(lines: list[str]) -> list[str]:
        cells = [[part.strip(" ").lstrip("\u3000") for part in line[1:-1].split("|")] for line in lines]
        return ["".join(line[i] for line in cells) for i in range(len(cells[0]))]

    header = [" ".join(c for c in column if c) for column in zip(*[
        [part.strip(" ") for part in line[1:-1].split("|")] for line in inner[:split]])]
    return header, [record(g) for g in groups if g]


def display_width(line: str) -> int:
    from wcwidth import wcswidth

    return wcswidth(line)


def parts(node: Node) -> list[Node]:
    """A table's sub-tables: its top-level groups when its rows do not share one set of columns."""
    shapes = {tuple(c.title for c in _cells(r)) for r in node.rows()}
    if node.layout or len(shapes) == 1:
        return [node]
    return [g for g in node.children if isinstance(g, Node)]


@pytest.mark.parametrize("source", _sources() + [pytest.param("long", id="long-names")])
def test_text_tables_line_up(source, scaffolds, tmp_path):
    if source == "long":
        path = filled_report(tmp_path, "2021", agency="某某省某某市某某区人民政府办公室政府信息与政务公开办公室" * 3,
                             big=True, name="long.toml")
    else:
        path = _source(source, scaffolds)
    _, form = load(path)
    blocks = text_blocks(render(path))
    assert len(blocks) == sum(len(parts(n)) for n in form_tables(form))
    for block in blocks:
        widths = {display_width(line) for line in block}
        assert len(widths) == 1, (widths, block[:3])
        assert widths.pop() <= 120  # a 120-column terminal


@pytest.mark.parametrize("source", _sources())
def test_text_reads_back_the_file(source, scaffolds):
    path = _source(source, scaffolds)
    data, form = load(path)
    blocks = iter(text_blocks(render(path)))
    for node in form_tables(form):
        layout = node.layout
        if layout == "indicators":
            _, rows = text_records(next(blocks))
            assert [[r[0], r[1], r[2]] for r in rows] == [
                [c.title, c.unit or "", expected(data, c.path)] for c in node.cells()]
            continue
        if layout == "across":  # one line per block of columns
            _, rows = text_records(next(blocks))
            assert [r[1:] for r in rows] == [[expected(data, c.path) for c in _cells(b)] for b in node.rows()]
            continue
        for part in parts(node):
            _header, rows = text_records(next(blocks))
            want = {r.title: [expected(data, c.path) for c in _cells(r)] for r in part.rows()}
            got = {r[0]: r[1:] for r in rows if r[0] in want}
            assert got == want


def test_text_table_three_wraps_long_labels_within_120_columns():
    _data, form = load(EXAMPLES / "2021-pingtan.toml")
    text = render(EXAMPLES / "2021-pingtan.toml")
    node = form_tables(form)[_table_with(form, "note")]
    block = text_blocks(text)[len(parts(form_tables(form)[0]))]
    assert display_width(block[0]) <= 120
    longest = max((r.title for r in node.rows()), key=display_width)
    assert display_width(longest) > 60  # so it must wrap
    _header, rows = text_records(block)
    assert longest in [r[0] for r in rows]


# --- Markdown -------------------------------------------------------------------------------------------


def markdown_html(text: str):
    from markdown_it import MarkdownIt

    return parse_html(MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(text))


@pytest.mark.parametrize("source", _sources())
def test_markdown_tables_read_back_the_file(source, scaffolds):
    path = _source(source, scaffolds)
    data, form = load(path)
    text = render(path, "--format", "markdown")
    document = markdown_html(text)
    tables = list(document.iter("table"))
    for table in tables:  # every pipe table parsed, each row as wide as its header
        widths = {len([c for c in tr if c.tag in ("td", "th")]) for tr in table.iter("tr")}
        assert len(widths) == 1
    rows = {}
    for table in tables:
        for tr in table.iter("tr"):
            cells = [text_of(c) for c in tr if c.tag in ("td", "th")]
            rows.setdefault(cells[0].lstrip("\u3000"), []).append(cells[1:])
    for node in form_tables(form):
        layout = node.layout
        if layout == "indicators":
            for cell in node.cells():
                assert [cell.unit or "", expected(data, cell.path)] in rows[cell.title]
        elif layout == "across":
            for block in node.rows():
                label = f"{block.group}·{block.title}" if block.group else block.title
                assert rows[label] == [[expected(data, c.path) for c in _cells(block)]]
        else:
            for row in node.rows():
                assert [expected(data, c.path) for c in _cells(row)] in rows[row.title]
    # two-level headers flattened
    first = form_tables(form)[0]
    grouped = [c for c in form.cells.values() if c.group and c.row != c.path]
    headers = {text_of(th) for th in document.iter("th")}
    for cell in grouped:
        if form.tables[cell.table].layout != "across":
            assert f"{cell.group}·{cell.title}" in headers
    assert first is not None


def test_markdown_structure_of_the_seed():
    data, form = load(SEED)
    text = render(SEED, "--format", "markdown")
    assert text.splitlines()[0] == f"# {data['agency']['name']}{data['year']}年政府信息公开工作年度报告"
    document = markdown_html(text)
    assert [text_of(h) for h in document.iter("h2")][-1] == form_tables(form)[-1].heading
    assert [text_of(h) for h in document.iter("h3")] == [form_tables(form)[-1].title]


# --- escaping -----------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    import tomli_w

    directory = tmp_path_factory.mktemp("hostile")
    path = filled_report(directory, "2021", agency=HOSTILE_AGENCY, texts=HOSTILE, name="hostile.toml")
    data = tomllib.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)
    data["requests"]["new"]["natural_person"] = "<b>7</b>&amp;"  # a schema error, rendered as written
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    return path


def test_hostile_text_is_literal_in_html(hostile):
    page = render(hostile, "--format", "html", schema_errors=1)
    document = parse_html(page)
    for tag in ("script", "b", "i"):
        assert document.find(f".//{tag}") is None, tag
    paragraphs = [text_of(p) for p in document.iter("p")]
    for line in HOSTILE:
        assert line in paragraphs
    title = f"{HOSTILE_AGENCY}2022年政府信息公开工作年度报告"
    assert document.find(".//title").text == title and text_of(document.find(".//h1")) == title
    assert "<b>7</b>&amp;" in [text_of(td) for td in document.iter("td")]


def test_hostile_text_is_literal_in_markdown(hostile):
    text = render(hostile, "--format", "markdown", schema_errors=1)
    document = markdown_html(text)
    for tag in ("script", "b", "i", "em", "a", "code", "del", "s", "ol", "ul", "h3", "h4"):
        assert document.find(f".//{tag}") is None, tag
    paragraphs = [text_of(p) for p in document.iter("p")]
    for line in HOSTILE:
        assert line in paragraphs
    assert text_of(document.find(".//h1")) == f"{HOSTILE_AGENCY}2022年政府信息公开工作年度报告"
    assert "<b>7</b>&amp;" in [text_of(td) for td in document.iter("td")]
    assert not re.search(r"(?<!\\)[{}]", text)  # escaped, so no site's template engine sees a tag


def test_hostile_text_is_literal_in_text(hostile):
    text = render(hostile, schema_errors=1)
    for line in HOSTILE:
        assert "\u3000\u3000" + line in text.splitlines()
    assert text.splitlines()[0] == f"{HOSTILE_AGENCY}2022年政府信息公开工作年度报告"


def test_a_line_break_in_the_agency_stays_in_its_heading_in_render_and_diff_markdown(tmp_path):
    """One Markdown escaper for render and diff: a line break folds to a space, markup stays literal."""
    from govinfo_cli.checks.diff import diff_reports
    from govinfo_cli.writers.diff_formats import render_markdown as diff_markdown

    agency = "某某局\n# 第二行 {{ agency }} <script>alert(1)</script> & ~~x~~ $y$"
    folded = agency.replace("\n", " ")
    before = filled_report(tmp_path, "2021", agency=agency, name="before.toml")
    after = filled_report(tmp_path, "2021", agency=agency, name="after.toml")

    text = render(after, "--format", "markdown")
    assert text.splitlines()[0] == (r"# 某某局 \# 第二行 \{\{ agency \}\} \<script\>alert(1)\</script\> \& \~\~x\~\~ \$y\$"
                                    "2022年政府信息公开工作年度报告")
    document = markdown_html(text)
    assert [text_of(h) for h in document.iter("h1")] == [f"{folded}2022年政府信息公开工作年度报告"]
    assert not re.search(r"(?<!\\)[{}]", text)

    diffed = diff_markdown(diff_reports(load_report(str(before)), load_report(str(after))))
    document = markdown_html(diffed)
    sides = [text_of(li) for li in document.iter("li") if text_of(li).endswith(f", {folded})")]
    assert len(sides) == 2 and str(before) in sides[0] and str(after) in sides[1]  # from, to: one item each
    assert all(folded not in text_of(h) for level in range(1, 7) for h in document.iter(f"h{level}"))
    assert not re.search(r"(?<!\\)[{}]", diffed)
    for markup in (text, diffed):
        document = markdown_html(markup)
        for tag in ("script", "del", "s", "em"):
            assert document.find(f".//{tag}") is None, tag


def test_control_characters_never_reach_the_terminal(tmp_path):
    path = filled_report(tmp_path, "2021", texts=["red \x1b[31malert\x1b[0m bell\x07"], agency="局\x1b]0;title\x07")
    for fmt in ("text", "markdown", "html"):
        out = render(path, "--format", fmt)
        assert "\x1b" not in out and "\x07" not in out
        assert "red \u241b" in out and "alert" in out  # shown as a Control Picture


def test_a_value_that_is_neither_number_nor_text_shows_blank(tmp_path):
    """A table or a list where a value belongs (a schema error) is never printed in Python's notation."""
    import tomli_w

    from govinfo_cli.writers.layout import format_value, layout
    from govinfo_cli.writers.render import schema_error_count, schema_note

    path = filled_report(tmp_path, "2021")
    data = tomllib.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)
    data["requests"]["new"]["natural_person"] = {"x": 1}
    data["requests"]["carried_over"]["natural_person"] = [1, 2]
    data["requests"]["results"]["granted"]["natural_person"] = "7 <b>"
    data["agency"]["name"] = {"a": "b"}
    data["text"]["problems"] = ["one", {"c": 3}]
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    report = load_report(str(path))
    slots = {s.path: s.text for part in layout(report).parts if part.kind == "table"
             for row in part.grid.rows for s in row if s.path}
    assert slots["requests.new.natural_person"] == ""
    assert slots["requests.carried_over.natural_person"] == ""
    assert slots["requests.results.granted.natural_person"] == "7 <b>"  # text as written, escaped per format
    assert [format_value(v) for v in ({"x": 1}, [1], None, True, 7, Decimal("1.50"), "a\tb")] == [
        "", "", "", "true", "7", "1.50", "a b"]
    assert schema_error_count(report) == 5
    assert schema_note(report) == f"{path} has 5 schema errors; run govinfo validate {path}"
    for fmt in ("text", "markdown", "html"):
        out = render(path, "--format", fmt, schema_errors=5)
        for repr_text in ("{'x': 1}", "'x'", "[1, 2]", "'a'", "'b'", "'one'", "'c'"):
            assert repr_text not in out, (fmt, repr_text)
        assert "2022年政府信息公开工作年度报告" in out
    assert "7 &lt;b&gt;" in render(path, "--format", "html", schema_errors=5)
    assert "7 \\<b\\>" in render(path, "--format", "markdown", schema_errors=5)


def test_a_valid_report_has_no_schema_note():
    from govinfo_cli.writers.render import schema_note

    for path in EXAMPLE_FILES:
        assert schema_note(load_report(str(path))) is None, path


# --- the seed, complete, in every format ---------------------------------------------------------------


def test_seed_renders_in_all_three_formats_with_its_statistics_complete():
    data, form = load(SEED)
    stats = form_tables(form)[-1]
    cells = stats.cells()
    want = [[c.title, c.unit or "", expected(data, c.path)] for c in cells]
    assert len(want) == len(form.cells) > 60
    assert any(w[2] == "" for w in want)  # 九 is blank in the seed, and stays blank

    text = render(SEED)
    _, rows = text_records(text_blocks(text)[-1])
    assert rows == want

    markdown = markdown_html(render(SEED, "--format", "markdown"))
    table = list(markdown.iter("table"))[-1]
    got = [[text_of(c).lstrip("\u3000") for c in tr if c.tag == "td"] for tr in table.iter("tr")]
    assert [g for g in got if g] == want

    table = html_tables(render(SEED, "--format", "html"))[-1]
    assert [[text_of(c) for c in table.row_cells(r)] for r in range(1, len(table.slots))] == want
    for fmt in ("text", "markdown", "html"):
        out = render(SEED, "--format", fmt)
        for key in ("preamble", "overview", "problems"):
            assert data["text"][key].strip().splitlines()[-1].strip() in out


# --- the command -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_same_input_same_bytes(fmt, tmp_path):
    first = govinfo("render", SEED, "--format", fmt, "-o", tmp_path / "a")
    second = govinfo("render", SEED, "--format", fmt, "-o", tmp_path / "b")
    assert first.returncode == second.returncode == 0
    assert (tmp_path / "a").read_bytes() == (tmp_path / "b").read_bytes()
    assert (tmp_path / "a").read_bytes() == govinfo("render", SEED, "--format", fmt).stdout.encode("utf-8")


def test_output_file_is_never_overwritten_without_force(tmp_path):
    target = tmp_path / "report.html"
    target.write_text("mine", encoding="utf-8")
    result = govinfo("render", SEED, "-o", target)
    assert result.returncode == 2
    assert target.read_text(encoding="utf-8") == "mine"
    assert result.stderr.count("\n") == 1 and "--force" in result.stderr
    result = govinfo("render", SEED, "-o", target, "--force")
    assert result.returncode == 0 and result.stdout == ""
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")  # the format from the suffix


def test_format_follows_the_output_suffix(tmp_path):
    assert govinfo("render", SEED, "-o", tmp_path / "r.md").returncode == 0
    assert (tmp_path / "r.md").read_text(encoding="utf-8").startswith("# ")
    assert govinfo("render", SEED, "-o", tmp_path / "r.txt").returncode == 0
    assert "+---" in (tmp_path / "r.txt").read_text(encoding="utf-8")


def test_tables_only(tmp_path):
    data, form = load(SEED)
    for fmt in ("text", "markdown", "html"):
        out = render(SEED, "--format", fmt, "--tables-only")
        assert data["text"]["overview"].strip()[:20] not in out
        assert f"{data['year']}年政府信息公开工作年度报告" not in out.split("</title>")[-1]  # no title
        assert form_tables(form)[-1].title in out


def test_stdin(tmp_path):
    result = govinfo("render", "-", input=SEED.read_text(encoding="utf-8"))
    assert result.returncode == 0 and result.stdout == render(SEED)


def test_a_report_with_findings_still_renders():
    assert govinfo("validate", SEED).returncode == 1  # the seed's real defects
    assert govinfo("render", SEED).returncode == 0


@pytest.mark.parametrize("content, message", [
    (None, "no such file"),
    ("form = \"2021\"\nyear = 2022 2\n", "not valid TOML"),
    ("form = \"2021\"\nyear = \n", "year has no value"),
    ("form = \"national\"\nyear = 2030\n", "unknown form \"national\""),
    (b"\xc3\x28 bad", "not UTF-8"),
    (b"\xff\xfe bad", "is UTF-16 text"),
])
def test_trouble_is_one_line_and_exit_2(content, message, tmp_path):
    path = tmp_path / "report.toml"
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    elif isinstance(content, bytes):
        path.write_bytes(content)
    for fmt in ("text", "html"):
        result = govinfo("render", path, "--format", fmt)
        assert result.returncode == 2
        assert result.stdout == ""
        assert result.stderr.count("\n") == 1 and message in result.stderr and "Traceback" not in result.stderr


def test_fragment_needs_html():
    result = govinfo("render", SEED, "--format", "markdown", "--fragment")
    assert result.returncode == 2 and "--fragment" in result.stderr and result.stderr.count("\n") == 1


def test_one_cached_jinja_environment_for_every_template():
    from govinfo_cli.resources import template

    page, diff_page, scaffold = template("report.html.j2"), template("diff.html.j2"), template("report.toml.j2", False)
    assert template("report.html.j2") is page  # compiled once
    assert page.environment is diff_page.environment and page.environment.autoescape is True
    assert scaffold.environment is not page.environment and scaffold.environment.autoescape is False


def test_cli_start_does_not_import_the_renderers():
    heavy = ("jinja2", "tabulate", "wcwidth", "tomlkit", "docx", "lxml", "weasyprint", "pypdf",
             "govinfo_cli.writers.render", "govinfo_cli.writers.layout", "govinfo_cli.writers.docx",
             "govinfo_cli.writers.pdf", "govinfo_cli.writers.overview", "govinfo_cli.writers.sum_formats",
             "govinfo_cli.writers.toml_edit", "govinfo_cli.compute.sum", "govinfo_cli.compute.fill")
    code = f"import sys, govinfo_cli.cli; print(sorted(m for m in {heavy!r} if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.stdout.strip() == "[]", result.stdout + result.stderr


def test_wrap_breaks_between_cjk_characters_and_keeps_punctuation_with_its_word():
    from govinfo_cli.writers.render import wrap

    assert wrap("一二三四五六七八", 8) == ["一二三四", "五六七八"]  # 2 columns a character
    # 。 may not start a line: the character before it goes down with it
    assert wrap("一二三四。五六", 8) == ["一二三", "四。五六"]
    # （ may not end a line: it goes down with what it opens
    assert wrap("一二三（四五）", 8) == ["一二三", "（四五）"]
    # a number is one word; the indentation of a row repeats on every line
    assert wrap("\u3000收到2021件申请", 8) == ["\u3000收到", "\u30002021件", "\u3000申请"]
    for text, width in [("（三）不予公开，其他法律行政法规禁止公开。", 12), ("法人或其他组织·商业企业", 6)]:
        lines = wrap(text, width)
        assert "".join(lines) == text and all(display_width(line) <= width for line in lines)
