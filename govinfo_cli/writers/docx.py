"""Word documents (.docx, python-docx): a report in the official layout, and the year-on-year diff.

A report's tables are drawn from :mod:`layout`'s :class:`Grid`, the same merged cells the
HTML page has (one layout, two renderers): each slot is placed where :meth:`Grid.placed`
puts it and merged over its column and row span. The page is A4 portrait with the
margins of the HTML page's print style; text is 仿宋 and headings 黑体, as government
documents are set, each declared with the names and family Word and LibreOffice fall
back on where that font is missing. Table header rows repeat on each page and no row
is split across pages; pages are numbered in the footer.

The package is the same bytes for the same input: its properties carry the report's
publication date (or no date at all), and the zip entries have a fixed order and date.

python-docx is imported here only, inside the functions, so that the command line
starts without it.
"""

from __future__ import annotations

import datetime
import io
import zipfile
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from govinfo_cli.model.report import Report
from govinfo_cli.writers.layout import Grid, Placed, ReportView, SectionView, Slot, layout

if TYPE_CHECKING:
    from docx.document import Document
    from docx.table import Table

    from govinfo_cli.checks.diff import Diff

PAGE_MM = (210, 297)  # A4 portrait
MARGINS_MM = (20, 18)  # top and bottom, left and right: the HTML page's @page margins
LATIN_FONT = "Times New Roman"
BODY_FONT = "仿宋"
HEADING_FONT = "黑体"
# Each font's other name and family: Word matches the other name, and a reader without
# either substitutes a font of the same family and character set (GB2312).
FONT_FALLBACKS = {BODY_FONT: ("FangSong", "roman"), HEADING_FONT: ("SimHei", "swiss")}
TITLE_PT, HEADING_PT, BODY_PT, TABLE_PT = 22, 16, 16, 10.5  # 二号, 三号, 三号, 五号
BODY_LINE_PT = 28  # exact line pitch of body text in government documents
INDENT_EMS = 1.5  # a row label's indentation per level, as on the HTML page
GROUP_EMS = 4.5  # the width a group's label wraps in, as on the HTML page
KEEP_ROWS = 40  # a table of up to this many rows (about a page of 五号 text) is kept on one page
CELL_MARGIN_TWIPS = 57  # 1 mm left and right in a table cell
TABLE_TEXT = "Table Text"  # the paragraph style of table cells
ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip entry can carry
CONTENT_TYPES = "[Content_Types].xml"  # first in the package, as readers expect

# how a slot's text is set, by role (bold; aligned left, else centred), as the HTML page's style sheet says
BOLD_ROLES = frozenset({"colhead", "subtable"})
LEFT_ROLES = frozenset({"rowhead"})


def render_docx(report: Report, tables_only: bool = False) -> bytes:
    """A report as a Word document in the official layout (the bytes of a .docx file)."""
    view = layout(report, tables_only=tables_only)
    document = new_document(view.title, author=_text(report.get("agency.name")), date=_date(report.get("published")))
    write_report(document, view)
    return package_bytes(document)


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _date(value: Any) -> datetime.date | None:
    """The publication date as the report gives it (a TOML date, read as text), or None."""
    try:
        return datetime.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:  # not a date: a schema error that validate reports
        return None


# --- the document -----------------------------------------------------------------------------


def new_document(title: str, author: str = "", date: datetime.date | None = None) -> Document:
    """An empty A4 document with the styles, fonts, footer and properties every document here has."""
    import docx
    from docx.shared import Mm

    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    section.top_margin = section.bottom_margin = Mm(MARGINS_MM[0])
    section.left_margin = section.right_margin = Mm(MARGINS_MM[1])
    _styles(document)
    _fallbacks(document)
    _page_numbers(document)
    _properties(document, title, author, date)
    return document


def _fonts(element: Any, east_asian: str) -> None:
    """Set a style's or run's fonts: Latin text in LATIN_FONT, Chinese in ``east_asian``; theme fonts off."""
    from docx.oxml.ns import qn

    properties = element.get_or_add_rPr()
    fonts = properties.get_or_add_rFonts()
    for name in list(fonts.attrib):
        del fonts.attrib[name]
    for attribute, value in (("ascii", LATIN_FONT), ("hAnsi", LATIN_FONT), ("eastAsia", east_asian),
                             ("cs", LATIN_FONT)):
        fonts.set(qn(f"w:{attribute}"), value)
    language = properties.find(qn("w:lang"))
    if language is None:
        from docx.oxml import OxmlElement

        language = OxmlElement("w:lang")
        properties.append(language)
    language.set(qn("w:val"), "en-US")
    language.set(qn("w:eastAsia"), "zh-CN")


def _styles(document: Document) -> None:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    styles = document.styles
    normal = styles["Normal"]
    _fonts(normal.element, BODY_FONT)
    normal.font.size = Pt(BODY_PT)

    body = styles["Body Text"]
    body.paragraph_format.first_line_indent = Pt(BODY_PT * 2)  # two characters, as Chinese documents indent
    body.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    body.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    body.paragraph_format.line_spacing = Pt(BODY_LINE_PT)
    body.paragraph_format.space_after = Pt(0)

    for name, size, centred in (("Title", TITLE_PT, True), ("Heading 1", HEADING_PT, False),
                                ("Heading 2", HEADING_PT, True), ("Heading 3", BODY_PT, False)):
        style = styles[name]
        _fonts(style.element, HEADING_FONT)
        style.font.size = Pt(size)
        style.font.bold = False  # 黑体 is heavy of itself
        style.font.italic = False
        style.font.color.rgb = RGBColor(0, 0, 0)
        borders = style.element.pPr.find(qn("w:pBdr")) if style.element.pPr is not None else None
        if borders is not None:  # the template's Title has a rule under it
            style.element.pPr.remove(borders)
        paragraph = style.paragraph_format
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if centred else WD_ALIGN_PARAGRAPH.LEFT
        paragraph.space_before, paragraph.space_after = Pt(size * 0.75), Pt(size * 0.5)
        paragraph.keep_with_next = True

    table_text = styles.add_style(TABLE_TEXT, WD_STYLE_TYPE.PARAGRAPH)
    table_text.base_style = normal
    table_text.font.size = Pt(TABLE_PT)
    table_text.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    table_text.paragraph_format.space_before = table_text.paragraph_format.space_after = Pt(0)
    table_text.paragraph_format.line_spacing = 1.0


def _fallbacks(document: Document) -> None:
    """Declare 仿宋 and 黑体 in the font table with their other names, family and GB2312 character set."""
    from docx.opc.oxml import serialize_part_xml
    from docx.oxml import OxmlElement, parse_xml
    from docx.oxml.ns import qn

    # python-docx keeps the font table as bytes (it has no API for it): parsed, added to, put back
    part = next(rel.target_part for rel in document.part.rels.values() if rel.reltype.endswith("/fontTable"))
    table = parse_xml(part.blob)
    for name, (other, family) in FONT_FALLBACKS.items():
        font = OxmlElement("w:font")
        font.set(qn("w:name"), name)
        for tag, value in (("w:altName", other), ("w:charset", "86"), ("w:family", family),
                           ("w:pitch", "variable")):
            child = OxmlElement(tag)
            child.set(qn("w:val"), value)
            font.append(child)
        table.append(font)
    part._blob = serialize_part_xml(table)


def _page_numbers(document: Document) -> None:
    """The page number centred in the footer, as — 1 —."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    paragraph = document.sections[0].footer.paragraphs[0]
    paragraph.style = document.styles["Normal"]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run("— ").font.size = Pt(14)
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    number = paragraph.add_run("1")
    number.font.size = Pt(14)
    paragraph._p.remove(number._r)
    field.append(number._r)
    paragraph._p.append(field)
    paragraph.add_run(" —").font.size = Pt(14)


def _properties(document: Document, title: str, author: str, date: datetime.date | None) -> None:
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml.ns import qn

    properties = document.core_properties
    properties.title = title
    properties.author = author
    properties.last_modified_by = author
    properties.comments = ""
    properties.revision = 1
    properties.language = "zh-CN"
    element = properties._element
    if date is not None:
        moment = datetime.datetime(date.year, date.month, date.day)
        properties.created = properties.modified = moment
    else:
        for tag in ("dcterms:created", "dcterms:modified"):
            for node in element.findall(qn(tag)):
                element.remove(node)
    package = document.part.package
    for rid, rel in list(package.rels.items()):  # the template's thumbnail pictures another document
        if rel.reltype == RELATIONSHIP_TYPE.THUMBNAIL:
            del package.rels[rid]


def package_bytes(document: Document) -> bytes:
    """The document as a .docx file: the same bytes for the same document (fixed entry order and date)."""
    raw = io.BytesIO()
    document.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(out, "w") as target:
        names = sorted(source.namelist(), key=lambda name: (name != CONTENT_TYPES, name))
        for name in names:
            entry = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(name))
    return out.getvalue()


# --- a report -----------------------------------------------------------------------------------


def write_report(document: Document, view: ReportView) -> None:
    # python-docx looks up the default style at every add_paragraph(style=…): a fifth of the time
    ids = {name: document.styles[name].style_id for name in ("Title", "Heading 1", "Heading 2", "Body Text")}

    def add(text: str, style: str) -> None:
        document.add_paragraph(text)._p.get_or_add_pPr().style = ids[style]

    if any(isinstance(p, SectionView) for p in view.parts):  # not --tables-only
        add(view.title, "Title")
    for part in view.parts:
        if isinstance(part, SectionView):
            if part.heading is not None:
                add(part.heading, "Heading 1")
            for text in part.paragraphs:
                add(text, "Body Text")
            continue
        add(part.heading, "Heading 1")
        if part.title:
            add(part.title, "Heading 2")
        grid_table(document, part.grid)
        if part.footer:
            document.add_paragraph("\u3000\u3000".join(f"{title}：{value}" for title, value in part.footer))


def grid_table(document: Document, grid: Grid) -> Table:
    """A layout grid as a Word table: every slot at its place, merged over its spans.

    A slot is a cell spanning its columns (gridSpan); a row span is the slot's cell
    (vMerge restart) and, in each row below, an empty cell continuing it (vMerge).
    """
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.shared import Twips

    placed = grid.placed()
    table = document.add_table(rows=0, cols=grid.width)
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = column_widths(placed, grid.width, _text_width_twips())
    for column, width in zip(table.columns, widths):
        column.width = Twips(width)
    _cell_margins(table)
    style_id = document.styles[TABLE_TEXT].style_id
    starts = {(p.row, p.column): p for p in placed}
    below = {(p.row + dr, p.column): p for p in placed for dr in range(1, p.slot.rowspan)}
    together = len(grid.rows) <= KEEP_ROWS
    tbl = table._tbl
    for r in range(len(grid.rows)):
        keep = together and r < len(grid.rows) - 1  # each row with the next: the table is not split
        row = _sub(tbl, "w:tr")
        properties = _sub(row, "w:trPr")
        _sub(properties, "w:cantSplit")  # no row split across pages
        if r < grid.head:
            _sub(properties, "w:tblHeader")  # repeated at the top of each page
        column = 0
        while column < grid.width:
            p = starts.get((r, column)) or below[(r, column)]
            width = sum(widths[column:column + p.slot.colspan])
            if p.row == r:
                merge = "restart" if p.slot.rowspan > 1 else None
                _cell(row, p.slot, p.slot.colspan, width, merge, style_id, keep)
            else:
                _cell(row, None, p.slot.colspan, width, "continue", style_id, keep)
            column += p.slot.colspan
    return table


def _element(tag: str, *children: Any, **attributes: str) -> Any:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    element = OxmlElement(tag)
    for name, value in attributes.items():
        element.set(qn(f"w:{name}"), value)
    element.extend(children)
    return element


def _sub(parent: Any, tag: str, **attributes: str) -> Any:
    """A child element made in its parent's document: an element made alone (``_element``) and then
    appended is moved between documents, which made the tables half of the time a .docx took."""
    from docx.oxml.ns import qn
    from lxml import etree

    return etree.SubElement(parent, qn(tag), {qn(f"w:{name}"): value for name, value in attributes.items()})


def _cell(row: Any, slot: Slot | None, colspan: int, width: int, merge: str | None, style_id: str,
          keep: bool) -> None:
    """A w:tc in ``row``: its width, spans and centred text; ``slot`` None continues a row span from above;
    ``keep``: kept on the page of the next row."""
    cell = _sub(row, "w:tc")
    properties = _sub(cell, "w:tcPr")
    _sub(properties, "w:tcW", w=str(width), type="dxa")
    if colspan > 1:
        _sub(properties, "w:gridSpan", val=str(colspan))
    if merge == "restart":
        _sub(properties, "w:vMerge", val="restart")
    elif merge == "continue":
        _sub(properties, "w:vMerge")
    _sub(properties, "w:vAlign", val="center")
    paragraph = _sub(cell, "w:p")
    settings = _sub(paragraph, "w:pPr")
    _sub(settings, "w:pStyle", val=style_id)
    if keep:
        _sub(settings, "w:keepNext")
    if slot is None:
        return
    if slot.role in LEFT_ROLES:
        if slot.indent:
            twips = round(TABLE_PT * 20 * INDENT_EMS * slot.indent)
            _sub(settings, "w:ind", left=str(twips))
        _sub(settings, "w:jc", val="left")
    if slot.text:
        run = _sub(paragraph, "w:r")
        if slot.role in BOLD_ROLES or slot.header:
            _sub(_sub(run, "w:rPr"), "w:b")
        _sub(run, "w:t").text = slot.text


def _text_width_twips() -> int:
    return round((PAGE_MM[0] - 2 * MARGINS_MM[1]) / 25.4 * 1440)


def _cell_margins(table: Table) -> None:
    margins = _element("w:tblCellMar", *(_element(f"w:{side}", w=str(CELL_MARGIN_TWIPS), type="dxa")
                                         for side in ("left", "right")))
    table._tbl.tblPr.insert_element_before(margins, "w:tblLook", "w:tblCaption", "w:tblDescription")  # schema order


def text_ems(text: str) -> float:
    """The width of ``text`` in ems, a little generous: a CJK character is one, any other character 0.6."""
    import unicodedata

    return sum(1.0 if unicodedata.east_asian_width(ch) in ("W", "F") else 0.6 for ch in text)


def column_widths(placed: list[Placed], width: int, available: int) -> list[int]:
    """Column widths in twips that fill ``available``, from the text of the one-column slots.

    A column of numbers is at least as wide as its widest number (numbers never wrap), and
    its header may wrap to two lines; a label spanning rows (a group) wraps within
    GROUP_EMS, as on the HTML page; other labels are at least four characters wide. When
    the natural widths do not fit, the widest columns give way first (their labels wrap),
    down to those floors.
    """
    natural = [1.0] * width
    floor = [1.0] * width
    numbers = {p.column for p in placed if p.slot.role == "value" and p.slot.colspan == 1}
    for p in placed:
        if p.slot.colspan != 1:
            continue
        ems = text_ems(p.slot.text)
        if p.slot.role == "value":
            floor[p.column] = max(floor[p.column], ems, 2.0)
        elif p.slot.role == "grouphead":
            ems = min(ems, GROUP_EMS)
        elif p.column in numbers:  # a column header over numbers
            ems = ems / 2
        else:
            floor[p.column] = max(floor[p.column], min(ems, 4.0))
        natural[p.column] = max(natural[p.column], ems, floor[p.column])
    twips_per_em = TABLE_PT * 20
    padding = 2 * CELL_MARGIN_TWIPS + 20  # the cell's margins and a little air
    room = available - width * padding
    if sum(natural) * twips_per_em <= room:
        shares = natural
    else:
        low, high = 0.0, max(natural)
        for _ in range(40):  # the cap above which columns give way, by bisection
            cap = (low + high) / 2
            if sum(max(f, min(n, cap)) for n, f in zip(natural, floor)) * twips_per_em > room:
                high = cap
            else:
                low = cap
        shares = [max(f, min(n, low)) for n, f in zip(natural, floor)]
    total = sum(shares)
    widths = [int(room * s / total) + padding for s in shares]
    widths[-1] += available - sum(widths)  # rounding: the last column takes what is left
    return widths


# --- the diff -----------------------------------------------------------------------------------


def render_diff_docx(diff: Diff, threshold: Decimal | None = None, unchanged: bool = False) -> bytes:
    """The year-on-year comparison as a Word document: the same view as its HTML and Markdown."""
    from govinfo_cli.i18n import _
    from govinfo_cli.writers import diff_formats as df
    from govinfo_cli.writers.reporters import finding_line, level_word

    v = df.view(diff, threshold, unchanged)
    document = new_document(_("Report diff"), author=diff.after.agency or "")
    document.add_paragraph(_("Report diff"), style="Title")
    document.add_paragraph(_("from") + ": " + df.side_line(diff.before))
    document.add_paragraph(_("to") + ": " + df.side_line(diff.after))
    for note in diff.notes:
        document.add_paragraph(note)
    document.add_paragraph(_("Summary"), style="Heading 1")
    document.add_paragraph(v.summary)
    if v.headline:
        document.add_paragraph(_("Headline figures"), style="Heading 3")
        _rows_table(document, df.change_headers(v, _("figure")), df.change_rows(v.headline))
    document.add_paragraph(_("Changes"), style="Heading 1")
    document.add_paragraph(v.filter_note)
    for table in v.tables:
        document.add_paragraph(table.title, style="Heading 3")
        _rows_table(document, df.change_headers(v, _("cell")) + [_("status")],
                    df.change_rows(table.rows, with_status=True))
    if diff.not_comparable:
        document.add_paragraph(_("Not comparable"), style="Heading 1")
        for missing in diff.not_comparable:
            document.add_paragraph(f"{missing.label} ({missing.path}): {missing.reason}", style="List Bullet")
    document.add_paragraph(_("Continuity with last year"), style="Heading 1")
    items = [df.rule_line(c) for c in diff.continuity] or [_("no cross-year rule applies between these forms")]
    items += [finding_line(diff.after.path, f) for f in v.continuity_findings]
    for item in items:
        document.add_paragraph(item, style="List Bullet")
    document.add_paragraph(_("Narrative"), style="Heading 1")
    if v.narrative:
        _rows_table(document, df.narrative_headers(v), df.narrative_rows(v.narrative))
    else:
        document.add_paragraph(_("no narrative section to compare"))
    for check in diff.narrative_checks:
        document.add_paragraph(df.rule_line(check), style="List Bullet")
    for finding in v.narrative_findings:
        document.add_paragraph(finding_line(diff.after.path, finding), style="List Bullet")
    for finding in v.input_findings:
        document.add_paragraph(f"{level_word(finding.level)}: {finding.message}", style="List Bullet")
    return package_bytes(document)


def _rows_table(document: Document, headers: list[str], rows: list[list[str]]) -> Table:
    """A plain table (a header row, then rows with a label and figures) as a layout grid."""
    grid = Grid(rows=[[Slot(h, "colhead") for h in headers]]
                + [[Slot(row[0], "rowhead")] + [Slot(cell, "value") for cell in row[1:]] for row in rows], head=1)
    return grid_table(document, grid)
