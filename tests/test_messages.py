"""A side of a sum (model/messages.py Sum) is worded and written to JSON exactly as the message argument it
stands for (a list of Addend, or "{terms} = {total}"), in either language, however its terms and values fall."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govinfo_cli.i18n import current_language, set_language
from govinfo_cli.model.messages import LONG_SUM, Msg, Sum, Terms, _json_arg, _render_arg

LABELS = st.sampled_from(["自然人", "（七）总计", "a {b} c", "{0}", "}{", "", Msg("last year's {label}", {"label": "总计"})])
VALUES = st.one_of(st.none(), st.integers(-5, 5), st.sampled_from([Decimal("0.00"), Decimal("12.5"), Decimal("-0.125")]))


@pytest.fixture(autouse=True)
def language_kept():
    before = current_language()
    yield
    set_language(before)


@pytest.mark.parametrize("language", ["en", "zh"])
@settings(max_examples=150)
@given(terms=st.lists(st.tuples(LABELS, st.sampled_from([1, -1]), VALUES), min_size=1, max_size=LONG_SUM + 3),
       total=st.one_of(st.integers(-99, 99), st.just(Decimal("3.50"))))
def test_a_sum_reads_as_the_terms_it_stands_for(language, terms, total):
    set_language(language)
    values = [value for *_, value in terms]
    whole = type(total) is int and all(value is None or type(value) is int for value in values)
    side = Sum(Terms(tuple((label, sign) for label, sign, _value in terms)), values, total, whole)
    for _twice in range(2):  # worded afresh, then from the format string kept for the terms
        assert side.render() == _render_arg(side.arg())
    assert _json_arg(side) == _json_arg(side.arg())
    outer = Msg("{title}: {left} ≠ {right}", {"title": "R1", "left": side, "right": side})
    assert outer.render() == Msg(outer.template, {**outer.args, "left": side.arg(), "right": side.arg()}).render()


def test_a_sum_reads_as_before():
    side = Sum(Terms((("自然人", 1), ("商业企业", 1), ("其他", -1))), [3, None, Decimal("1.50")], Decimal("1.50"))
    set_language("en")
    assert side.render() == "自然人 3 + 商业企业 (blank) − 其他 1.50 = 1.50"
    assert Sum(Terms((("总计", -1),)), [7], 7).render() == Sum(Terms((("总计", -1),)), [7], 7, True).render() == "−总计 7"
    long = Sum(Terms(tuple((f"c{n}", 1) for n in range(LONG_SUM + 1))), [0, 0, 1, 2, 3, 4, 5], 15)
    assert long.render() == "c2 1 + c3 2 + c4 3 + c5 4 + c6 5 + 2 more cells of 0 = 15"
    set_language("zh")
    assert side.render() == "自然人 3 + 商业企业 （空白） − 其他 1.50 = 1.50"
