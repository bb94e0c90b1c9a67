"""The plain-file reader (model/plain_toml.py) reads a file as tomli does, or leaves it to tomli.

Whenever parse_plain returns a result, tomli must read the same text without error, to the same
data in the same order (after parse_report's conversions), the same values by key path, and
key_lines must place every key on the line parse_plain gives. Real reports, generated corpora and
generated texts built from the shapes the reader tells apart (and near misses of them) are tried.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import Any

import pytest
import tomli
from conftest import EXAMPLES, FIXTURES, ROOT
from hypothesis import given
from hypothesis import strategies as st

from govinfo_cli.model.plain_toml import parse_plain
from govinfo_cli.model.report import _decimal, _plain, parse_report
from govinfo_cli.model.toml_lines import key_lines


def ordered(value: Any) -> Any:
    """A value with its tables' order made part of equality."""
    if isinstance(value, dict):
        return [(key, ordered(item)) for key, item in value.items()]
    return value


def walk(table: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    leaves: dict[str, Any] = {}
    for key, value in table.items():
        if isinstance(value, dict):
            leaves.update(walk(value, f"{prefix}{key}."))
        else:
            leaves[prefix + key] = value
    return leaves


def read_alike(text: str) -> bool:
    """parse_plain and tomli agree on ``text``; whether parse_plain read it."""
    result = parse_plain(text, _decimal)
    if result is None:
        return False
    data, leaves, lines = result
    expected = _plain(tomli.loads(text, parse_float=_decimal))  # raises if parse_plain read a text tomli refuses
    assert ordered(data) == ordered(expected)
    assert ordered(leaves) == ordered(walk(expected))
    assert lines == key_lines(text)
    return True


def test_real_reports_are_plain_and_read_alike():
    paths = sorted(EXAMPLES.glob("*.toml")) + sorted(FIXTURES.rglob("*.toml"))
    read = [read_alike(path.read_text(encoding="utf-8")) for path in paths]
    assert sum(read) >= 0.8 * len(read)  # the fixtures hold some broken files on purpose


@pytest.mark.parametrize("kind", ["varied", "mix", "heavy"])
def test_generated_corpora_read_alike(tmp_path, kind):
    sys.path.insert(0, str(ROOT / "bench"))
    import corpus

    entries = corpus.generate(tmp_path, 120 if kind == "varied" else 12, seed=37, kind=kind, exclude=("not_utf8",))
    for entry in entries:
        text = entry.path.read_text(encoding="utf-8")
        assert read_alike(text) or "syntax" in entry.defects, entry.defects
        assert not read_alike(text.replace("\n", "\r\n"))  # \r: left to tomli


def test_a_report_read_either_way_is_the_same_report(tmp_path):
    text = (EXAMPLES / "2022-pingtan.toml").read_text(encoding="utf-8")
    plain = parse_report(text, "a.toml")
    general = parse_report(text.replace("\n", "\r\n"), "a.toml")  # not plain: read by tomli
    assert plain.data == general.data and plain.leaves == general.leaves
    assert plain.lines is not None and all(plain.line(path) == general.line(path) for path in plain.lines)


# Lines of the shapes parse_plain reads, and near misses of them (which it must leave to tomli, or read alike).
# "{n}" stands for the line's number: a key or table of its own (most texts' keys are not written twice).
PLAIN_KEYS = st.sampled_from(["k{n}", "k{n}", "k{n}", "a", "b", "total", "x-1", "_", "9"])
ODD_KEYS = st.sampled_from(["数", '"a"', "'b'", "a.b", "a . b", ""])
PLAIN_TABLES = st.sampled_from(["t{n}", "a.t{n}", "a.b.t{n}", "a", "b", "a.b", "a.c", "b.a", "a.b.c", "total"])
ODD_TABLES = st.sampled_from([" a ", "a .b", '"a"', "[a]", "a.", ""])
PLAIN_VALUES = st.sampled_from([
    "0", "-0", "12", "-7", "99999999999999999999", "1.5", "-0.25", "0.0", "2027-01-17", '""', "''", '"x = 1"', "'x'",
    '"""x"""', '"""\nx\n"""', '"""\n"""', '"""a\n[a]\nb = 1\n"""', '"""\n"\n""\n"""', '"中\t文"',
])
ODD_VALUES = st.sampled_from([
    "007", "+3", "1_000", "0x10", "1e3", "1.", ".5", "nan", "inf", "-inf", "1.5e2", "3.14_15", "2027-02-30",
    "2027-1-17", "0000-01-01", "2027-01-17T10:00:00", "2027-01-17 10:00:00", "10:00:00", "2027-01-17Z", "true",
    "false", "[1, 2]", "{ a = 1 }", '"a" "b"', "'''x'''", '""""', '"""a""""', '"""a\\\nb"""', '"a\\tb"',
    "2027-01-17-1", "1-2", "12abc", "",
])
TEXT = st.text(st.sampled_from(['"', "'", "\\", "\t", "\x01", "\x7f", "\u2028", "\x85", "\r", "\n", "#", "中", "a",
                                " ", "=", "[", "]"]), max_size=6)
PLAIN_TEXT = st.text(st.sampled_from(['"', "'", "\t", "#", "中", "a", " ", "=", "[", "]"]), max_size=6)
PLAIN_LINE = st.one_of(
    st.builds(lambda t: f"[{t}]", PLAIN_TABLES),
    st.builds(lambda k, s, v: f"{k}{s}={s}{v}", PLAIN_KEYS, st.sampled_from([" ", " ", "", "\t", "  "]), PLAIN_VALUES),
    st.builds(lambda k, t: f'{k} = """{t}"""', PLAIN_KEYS, PLAIN_TEXT),
    st.builds(lambda t: f"# {t}", PLAIN_TEXT),
    st.sampled_from(["", "  ", "\t", "  [a]", "\tb = 1", "[a] # 一、", "b = 1  # 总计"]),
)
ODD_LINE = st.one_of(
    st.builds(lambda t: f"[{t}]", ODD_TABLES),
    st.builds(lambda k, v: f"{k} = {v}", st.one_of(PLAIN_KEYS, ODD_KEYS), st.one_of(PLAIN_VALUES, ODD_VALUES)),
    st.builds(lambda k, t: f'{k} = "{t}"', PLAIN_KEYS, TEXT),
    st.builds(lambda k, t: f"{k} = '{t}'", PLAIN_KEYS, TEXT),
    st.builds(lambda k, t: f'{k} = """{t}"""', PLAIN_KEYS, TEXT),
    st.builds(lambda t: f"# {t}", TEXT),
    st.sampled_from(["[[a]]", "b = 1 x", "a.b = 1", "[a]]"]),
)
LINE = st.one_of(PLAIN_LINE, PLAIN_LINE, PLAIN_LINE, PLAIN_LINE, ODD_LINE)


TAILS = st.sampled_from(["", "", "", "", "", "", " ", "\t", " # x", "  # 总计", "\r", "\x0c"])


@given(st.lists(st.tuples(LINE, TAILS), max_size=12),
       st.sampled_from(["", "\n", "\r\n"]))
def test_generated_texts_read_alike(lines, end):
    read_alike(numbered(line + tail for line, tail in lines) + end)


def numbered(lines: Iterable[str]) -> str:
    return "\n".join(line.replace("{n}", str(number)) for number, line in enumerate(lines))


SHAPES = '''\
# 政府信息公开工作年度报告
form = "2021"
published = 2027-01-17

[agency]  # 机关
name = '东湖区 "财政局"'
[requests.new]
\ttotal\t=\t-0   # 总计
fee = -0.25
text = """
正文 "引" ""两""
[a]
b = 1"""
empty = ""
[requests]
'''


def test_each_shape_is_read_plain():
    """One text with every shape parse_plain reads (the generated texts above hold them, seldom all at once)."""
    assert read_alike(SHAPES)
    data, leaves, lines = parse_plain(SHAPES, _decimal)
    assert data["requests"]["new"]["total"] == 0 and list(data) == ["form", "published", "agency", "requests"]
    assert leaves == {"form": "2021", "published": "2027-01-17", "agency.name": '东湖区 "财政局"',
                      "requests.new.total": 0, "requests.new.fee": _decimal("-0.25"),
                      "requests.new.text": '正文 "引" ""两""\n[a]\nb = 1', "requests.new.empty": ""}
    assert lines["requests"] == 7 and lines["requests.new.fee"] == 9 and lines["requests.new.empty"] == 14


@pytest.mark.parametrize("text", [
    "a = +1", "a = 1_000", "a = 1e3", "a = true", "a = 2027-01-17T10:00:00", 'a = "\\t"', "a.b = 1", '"a" = 1',
    "a = [1]", "a = { b = 1 }", "[[a]]", "a = 1\r\n", "[ a ]", "a = '''x'''", 'a = """x\\\n"""', 'a = "\u2028"',
])
def test_other_toml_is_left_to_tomli(text):
    tomli.loads(text)  # valid TOML …
    assert parse_plain(text, _decimal) is None  # … for tomli to read


@pytest.mark.parametrize("text", ["a = 1\na = 2", "[a]\n[a]", "a = 1\n[a]", "[a]\nb = 1\n[a.b]", "a = 007",
                                  "a = 2027-02-30", 'a = "x', 'a = """x', "a =", "a = 1 2", "[a] b = 1"])
def test_broken_toml_is_left_to_tomli(text):
    with pytest.raises(tomli.TOMLDecodeError):
        tomli.loads(text)
    assert parse_plain(text, _decimal) is None
