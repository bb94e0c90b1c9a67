"""govinfo render --format pdf: the HTML page printed by WeasyPrint, read back with pypdf.

Every number and label of the report is in the PDF's text layer, the pages are A4, and
every font is embedded. Marked slow (a few seconds a report); CI runs them.
"""

from __future__ import annotations

import tomllib
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import (
    A4_POINTS,
    EXAMPLES,
    PINGTAN_2022,
    SEED,
    assert_render_notes,
    govinfo,
    missing_from_pdf,
    pdf_fonts_embedded,
    pdf_pages,
    require,
)
from test_render import _source, _sources, scaffolds  # noqa: F401 (a fixture)

from govinfo_cli.model.forms import load_form

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def engine() -> None:
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as error:
        require(False, f"WeasyPrint ({error})", "pip install 'govinfo[pdf]'; apt-get install libpango-1.0-0 "
                                                "libpangoft2-1.0-0")


def render_pdf(source: Path, target: Path, *options: str) -> Path:
    result = govinfo("render", source, "-o", target, *options)
    assert result.returncode == 0 and result.stdout == "", result.stderr
    assert_render_notes(source, result.stderr)
    return target


@pytest.mark.parametrize("source", _sources())
def test_pdf_has_every_number_and_label_a4_pages_and_embedded_fonts(source, scaffolds, engine, tmp_path):  # noqa: F811
    path = _source(source, scaffolds)
    pdf = render_pdf(path, tmp_path / "report.pdf")  # a PDF for the suffix alone: no --format
    assert pdf.read_bytes().startswith(b"%PDF-")
    data = tomllib.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)
    text = "\n".join(pdf_pages(pdf))
    assert missing_from_pdf(text, data, load_form(data["form"])) == []
    other = tomllib.loads((PINGTAN_2022 if path == SEED else SEED).read_text(encoding="utf-8"), parse_float=Decimal)
    assert missing_from_pdf(text, other, load_form(other["form"])), "the read-back is vacuous"
    import pypdf

    for page in pypdf.PdfReader(str(pdf)).pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(A4_POINTS, abs=1)
    fonts = pdf_fonts_embedded(pdf)
    assert fonts and all(fonts.values()), fonts


def test_pdf_same_bytes_and_title(engine, tmp_path):
    first = render_pdf(PINGTAN_2022, tmp_path / "a.pdf")
    second = render_pdf(PINGTAN_2022, tmp_path / "b.pdf")
    assert first.read_bytes() == second.read_bytes()
    import pypdf

    data = tomllib.loads(PINGTAN_2022.read_text(encoding="utf-8"))
    title = load_form(data["form"]).report_title(data["agency"]["name"], data["year"])
    assert pypdf.PdfReader(str(first)).metadata.title == title


def test_pdf_tables_only(engine, tmp_path):
    pdf = render_pdf(EXAMPLES / "2021-pingtan.toml", tmp_path / "t.pdf", "--tables-only")
    text = "\n".join(pdf_pages(pdf))
    form = load_form("2021")
    assert not [s.title for s in form.sections.values() if not s.untitled and s.title in text]
    assert all(table.title in text for table in form.tables.values())
