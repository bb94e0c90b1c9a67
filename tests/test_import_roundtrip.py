"""Round trip: a report rendered as a published page or Word file, imported again, is the same report.

For every example and for generated reports of each form (hypothesis): ``render
--format html`` and ``--format docx`` draw the official layout (merged cells, headings,
the 附件 with its signature line); ``import`` must give back every cell (blank stays
blank, 0 stays 0, money keeps its decimals), every paragraph, the year, the form and
the agency.
"""

from __future__ import annotations

import datetime
import re
import zipfile
from pathlib import Path

import pytest
from conftest import EXAMPLES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govinfo_cli.model.forms import FORMS, load_form
from govinfo_cli.model.report import Report, load_report
from govinfo_cli.readers import read_source
from govinfo_cli.readers.mapping import ImportResult, Options, import_document
from govinfo_cli.writers.layout import paragraphs
from govinfo_cli.writers.render import render


def imported(path: Path) -> tuple[Report, ImportResult]:
    document, sha256 = read_source(str(path))
    result = import_document(document, sha256, Options())
    return Report(path=str(path), text="", data=result.data()), result


def assert_round_trip(original: Report, back: Report, result: ImportResult, shown_fields: set[str],
                      spaces_kept: bool) -> None:
    form = original.form
    assert form is not None and back.form_name == original.form_name and back.year == original.year
    for path in form.cells:
        got, want = back.get(path), original.get(path)
        assert got == want and type(got) is type(want), (path, got, want)
    for path in form.sections:
        assert paragraphs(back.get(path) or "") == paragraphs(original.get(path) or ""), path
    for key in shown_fields:  # a page collapses runs of spaces, as a browser shows them; Word keeps them
        want = original.get(f"agency.{key}")
        if isinstance(want, str) and not spaces_kept:
            want = re.sub(r"\s+", " ", want)
        assert back.get(f"agency.{key}") == want, key
    level = back.get("agency.level")
    if level is None:
        assert any("level" in w for w in result.warnings)
    else:
        assert level == original.get("agency.level")


def _shown_fields(report: Report) -> set[str]:
    """The agency fields the rendered page shows: the name (title) and the legacy 统计表's signature line."""
    form = report.form
    assert form is not None
    footer = {key for table in form.tables.values() for key in table.footer}
    return {"name"} | footer


KINDS = ("html", "docx")  # the published shapes the renderers draw in the official layout


def published(report: Report, kind: str, folder: Path) -> Path:
    """The report as ``render --format html`` or ``--format docx`` writes it."""
    if kind == "html":
        path = folder / "page.html"
        path.write_text(render(report, "html"), encoding="utf-8")
        return path
    from govinfo_cli.writers.docx import render_docx

    path = folder / "report.docx"
    path.write_bytes(render_docx(report))
    if report.form_name != "legacy":  # the official layout merges cells across and down (the 统计表 none)
        with zipfile.ZipFile(path) as package:
            body = package.read("word/document.xml").decode("utf-8")
        assert "<w:gridSpan " in body and "<w:vMerge/>" in body
    return path


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("example", sorted(EXAMPLES.glob("*.toml")), ids=lambda p: p.name)
def test_every_example_survives_render_then_import(tmp_path, example, kind):
    original = load_report(str(example))
    back, result = imported(published(original, kind, tmp_path))
    assert_round_trip(original, back, result, _shown_fields(original), spaces_kept=kind == "docx")


# --- generated reports ------------------------------------------------------------------------

# Words of running text: no numerals, no 、 (so no line reads as a numbered heading).
_CHARACTERS = "我局区县市坚持加强工作推进服务群众平台建设管理规范制度落实完善提升能力水平及时准确全面深化"
_sentence = st.builds(lambda a, b: f"{a}，{b}。", st.text(_CHARACTERS, min_size=2, max_size=20),
                      st.text(_CHARACTERS, min_size=1, max_size=20))
_paragraph = st.lists(_sentence, min_size=1, max_size=3).map("".join)
_text = st.lists(_paragraph, min_size=1, max_size=3).map("\n".join)
_body = st.text("交通运输生态环境自然资源卫生健康教育体育文化旅游", min_size=0, max_size=6)
_agency = st.one_of(  # (name, level): the name of a department, or of a 人民政府 of some level
    st.builds(lambda place, body, end: (place + body + end, "department"),
              st.sampled_from(["某某市", "某某县", "某某省"]), _body, st.sampled_from(["局", "委员会", "办公室", "厅"])),
    st.sampled_from([("某某县人民政府", "county"), ("某某市某某区人民政府", "county"), ("某某省人民政府", "province"),
                     ("某某市人民政府", "city")]))  # a 市 may be a city or a county-level city: import asks
_money = st.one_of(st.integers(0, 10**6),
                   st.integers(1, 6).flatmap(lambda places: st.decimals(
                       min_value=0, max_value=10**6, places=places, allow_nan=False, allow_infinity=False)))
_VALUES = {"count": st.integers(0, 10**6), "signed": st.integers(-10**5, 10**5), "money": _money}


@st.composite
def reports(draw: st.DrawFn, name: str) -> Report:
    form = load_form(name)
    year = draw(st.integers(form.first_year, min(form.last_year, 2030)))
    agency, level = draw(_agency)
    data: dict = {"form": name, "year": year, "agency": {"name": agency, "level": level}, "text": {}}
    for path in form.cells:
        value = draw(st.one_of(st.none(), _VALUES[form.cells[path].type]))
        if value is None:
            continue
        node = data
        *parents, key = path.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[key] = value
    for section in form.sections.values():
        if section.required or draw(st.booleans()):
            data["text"][section.key] = draw(_text)
    footer = [key for table in form.tables.values() for key in table.footer]
    for key in footer:
        if draw(st.booleans()):
            spec = form.agency_fields[key]
            data["agency"][key] = (draw(st.dates(datetime.date(year + 1, 1, 1), datetime.date(year + 1, 3, 31)))
                                   .isoformat() if spec.date
                                   else draw(st.text("张王李赵田夏0123456789-", min_size=1, max_size=12)))
    return Report(path="generated.toml", text="", data=data)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("name", FORMS)
@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(data=st.data())
def test_generated_reports_survive_render_then_import(tmp_path, name, kind, data):
    original = data.draw(reports(name))
    back, result = imported(published(original, kind, tmp_path))
    assert_round_trip(original, back, result, _shown_fields(original), spaces_kept=kind == "docx")
