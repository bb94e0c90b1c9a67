"""The web page reader parses with lxml.etree alone: its text and tree surgery are lxml.html's."""

from __future__ import annotations

import lxml.etree
import lxml.html
import pytest
from conftest import ROOT

from govinfo_cli.readers import html

SOURCES = ROOT / "tests" / "fixtures" / "sources"
PAGES = [SOURCES / "2021_fmt2021_pingtan.html", SOURCES / "2022_fmt2021_pingtan.html", SOURCES / "imitation-2022-gbk.html"]
MADE = [b"<html><body><p>a<!-- note -->b<b>c</b>d<?pi x?>e</p><div>f<script>x</script>g<br/>h</div></body></html>",
        "<p>平潭<span>综合</span>实验区<nav>跳</nav>尾</p><table><tr><td>1<i>2</i>3</td></tr></table>".encode()]


def _both(raw: bytes) -> tuple:
    encoding = html._encoding(raw)
    ours = lxml.etree.fromstring(raw, parser=lxml.etree.HTMLParser(encoding=encoding, remove_comments=True,
                                                                    remove_pis=True))
    theirs = lxml.html.document_fromstring(raw, parser=lxml.html.HTMLParser(encoding=encoding, remove_comments=True,
                                                                             remove_pis=True))
    return ours, theirs


@pytest.mark.parametrize("raw", [p.read_bytes() for p in PAGES] + MADE, ids=[p.name for p in PAGES] + ["made1", "made2"])
def test_text_and_dropped_elements_as_lxml_html_has_them(raw):
    ours, theirs = _both(raw)
    assert [html.text_content(e) for e in ours.iter()] == [e.text_content() for e in theirs.iter()]
    for tree, drop in ((ours, html._drop_tree), (theirs, lambda e: e.drop_tree())):
        for element in list(tree.iter(*html._DROP)):
            if element.getparent() is not None:
                drop(element)
    assert lxml.etree.tostring(ours, encoding=str) == lxml.etree.tostring(theirs, encoding=str)
    assert [html.text_content(e) for e in ours.iter()] == [e.text_content() for e in theirs.iter()]


@pytest.mark.parametrize("raw", [b" ", b"<!-- only a comment -->"])
def test_a_page_with_nothing_in_it_is_said_so_as_lxml_html_says_it(raw):
    with pytest.raises(lxml.etree.ParserError) as theirs:
        lxml.html.document_fromstring(raw)
    with pytest.raises(html.SourceError) as ours:
        html.read_html(raw, "page.html")
    assert str(ours.value) == f"cannot be read as a web page ({theirs.value})"
