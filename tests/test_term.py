"""The terminal's width of text (govinfo_cli/term.py): what wcwidth says, measured without it where it can be."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from wcwidth import wcswidth, wcwidth

from govinfo_cli import term


def test_the_blocks_measured_without_wcwidth_are_two_columns_in_wcwidth():
    for low, high in term._WIDE:
        assert all(wcwidth(chr(code)) == 2 for code in range(low, high + 1)), (hex(low), hex(high))
    assert all(wcwidth(chr(code)) == 1 for code in range(0x20, 0x7F))


measured_here = st.text(st.sampled_from([chr(c) for c in range(0x20, 0x7F)] + ["平", "潭", "县", "（", "）", "：",
                                                                               "、", "。", "\u3000", "㐀", "￥"]))
anything = st.text(st.characters(codec="utf-8"))


@given(st.one_of(measured_here, anything, st.tuples(measured_here, anything).map("".join)))
def test_the_width_is_wcwidths(text):
    columns = wcswidth(text)
    assert term.display_width(text) == (columns if columns >= 0 else len(text))
