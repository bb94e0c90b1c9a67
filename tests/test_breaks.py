"""Headings break between words, never inside one: the forms' title words, the text renderer, the diff page."""

from __future__ import annotations

import html
import json
import re
from itertools import accumulate, pairwise

import pytest
from conftest import PINGTAN_2021, PINGTAN_2022, govinfo, run_chromium

from govinfo_cli.model.forms import form_index, title_words
from govinfo_cli.model.report import parse_report
from govinfo_cli.term import display_width
from govinfo_cli.writers.breaks import CLOSING, OPENING, _words, pieces
from govinfo_cli.writers.layout import TableView, layout
from govinfo_cli.writers.render import wrap
from govinfo_cli.writers.scaffold import scaffold

CHINESE = re.compile(r"[\u3400-\u9fff]+")


def _headings() -> list[str]:
    """Every text a table of any form shows as a heading or a row's label."""
    texts: set[str] = set()
    for info in form_index():
        view = layout(parse_report(scaffold(year=info.first_year, agency="某局").text, "x"))
        for part in view.parts:
            if isinstance(part, TableView):
                texts |= {slot.text for row in part.grid.rows for slot in row
                          if slot.role not in ("value", "unit") and slot.text}
                for flat in part.flats:
                    texts |= {h for h in flat.headers if h} | {row[0].strip("\u3000") for row in flat.rows if row}
    return sorted(texts)


HEADINGS = _headings()


def _ends(text: str) -> set[int]:
    return set(accumulate(len(piece) for piece in pieces(text)))


def test_every_heading_of_every_form_is_made_of_listed_words():
    assert len(HEADINGS) > 100
    unlisted = {word for text in HEADINGS for run in CHINESE.findall(text) for word in _words(run)
                if word not in title_words()}
    assert unlisted == set(), "add these to schemas/title-words.json: " + " ".join(sorted(unlisted))


def test_pieces_keep_the_text_and_its_punctuation_with_the_words():
    for text in HEADINGS:
        cut = pieces(text)
        assert "".join(cut) == text
        for before, after in pairwise(cut):
            assert after[0] not in CLOSING and before[-1] not in OPENING, (text, before, after)


@pytest.mark.parametrize("width", range(4, 25, 2))
def test_text_headings_wrap_between_words(width):
    for text in HEADINGS:
        lines = wrap(text, width)
        assert "".join(lines) == text and all(display_width(line) <= width for line in lines)
        if max(display_width(piece) for piece in pieces(text)) <= width:  # no word wider than the line
            assert set(accumulate(len(line) for line in lines[:-1])) <= _ends(text), (text, lines)


def test_a_rendered_text_table_keeps_its_column_group_whole():
    """Table 三's head 法人或其他组织, narrow in text, wraps between its words (not 法人或其/他组织)."""
    from govinfo_cli.model.forms import load_form

    group = next(c.group for c in load_form("2021").cells.values() if c.group and c.table == "requests")
    text = govinfo("render", PINGTAN_2021, "--tables-only").stdout
    shown = {cell.strip() for line in text.splitlines() for cell in line.split("|")} - {""}
    lines = [cell for cell in shown if cell in group and cell != group]
    assert lines, "the column group's head does not wrap at this width any more"
    ends = _ends(group) | {0}
    for line in lines:
        start = group.index(line)
        assert start in ends and start + len(line) in ends, line


@pytest.mark.browser
def test_the_diff_page_marks_a_rise_and_a_fall_apart(browser, tmp_path):
    page = govinfo("diff", PINGTAN_2021, PINGTAN_2022, "--format", "html").stdout
    script = """<script>
    window.addEventListener("load", function () {
      function look(selector) {
        const row = document.querySelector(selector);
        const delta = row.querySelector("td.delta");
        return [getComputedStyle(row.cells[0]).backgroundColor, getComputedStyle(delta, "::before").content];
      }
      const out = document.createElement("pre");
      out.id = "verdict";
      out.textContent = JSON.stringify({rose: look("tr.rose"), fell: look("tr.fell")});
      document.body.appendChild(out);
    });
    </script>"""
    checked = tmp_path / "diff.html"
    checked.write_text(page.replace("</body>", script + "</body>"), encoding="utf-8")
    result = run_chromium("--dump-dom", checked.as_uri())
    found = re.search(r'<pre id="verdict">(.*?)</pre>', result.stdout, re.S)
    assert found, result.stderr[-2000:]
    verdict = json.loads(html.unescape(found.group(1)))
    assert verdict["rose"][0] != verdict["fell"][0]  # another colour
    assert "▲" in verdict["rose"][1] and "▼" in verdict["fell"][1]  # and another sign, for print and for all eyes
