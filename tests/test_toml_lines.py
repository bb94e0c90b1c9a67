"""The key-to-line index (model/toml_lines.py) gives the lines the line-by-line scanner it replaced gave.

The reference below is that scanner as it was: every line read in turn. The index now sorts the lines
with one regular expression and reads only the unusual ones in turn, and LineIndex finds one key at a
time in a plain file; on real reports, generated corpora and generated odd texts both must give the
lines the reference gives, for every path it places and for paths it does not.
"""

from __future__ import annotations

import re
import sys

import pytest
from conftest import EXAMPLES, FIXTURES, ROOT
from hypothesis import given
from hypothesis import strategies as st

from govinfo_cli.model.toml_lines import LineIndex, _closes, key_lines  # _closes: unchanged, shared

_KEY_PART = r'(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|\'[^\']*\')'
_DOTTED = rf"{_KEY_PART}(?:\s*\.\s*{_KEY_PART})*"
_HEADER = re.compile(rf"^\s*\[\[?\s*({_DOTTED})\s*\]\]?")
_ASSIGN = re.compile(rf"^\s*({_DOTTED})\s*=\s*(.*)$")
_SPLIT = re.compile(_KEY_PART)
_BARE = re.compile(r"[A-Za-z0-9_-]+")
_BARE_CHARACTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")


def _key(dotted: str) -> str:
    if _BARE.fullmatch(dotted):
        return dotted
    return ".".join(part.strip("\"'") for part in _SPLIT.findall(dotted))


def reference_key_lines(text: str) -> dict[str, int]:
    lines: dict[str, int] = {}
    table = ""
    closing: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if closing is not None:
            if _closes(line, closing):
                closing = None
            continue
        start = line[:1]
        if start.isspace():
            start = line.lstrip()[:1]
        if not start or start == "#":
            continue
        header = _HEADER.match(line) if start == "[" else None
        if header:
            table = _key(header.group(1))
            prefix = ""
            for part in table.split("."):
                prefix = f"{prefix}.{part}" if prefix else part
                lines.setdefault(prefix, number)
            continue
        key, equals, value = line.partition("=")
        key = key.strip()
        if equals and _BARE_CHARACTERS.issuperset(key) and key:
            value = value.lstrip()
        else:
            assign = _ASSIGN.match(line)
            if not assign:
                continue
            key, value = _key(assign.group(1)), assign.group(2)
        path = f"{table}.{key}" if table else key
        lines.setdefault(path, number)
        for delimiter in ('"""', "'''"):
            if value.startswith(delimiter) and not _closes(value[3:], delimiter):
                closing = delimiter
    return lines


ABSENT = ["nope", "form.nope", "requests", "requests.nope", "requests.new.nope", "requests.new.total.x", "text.x",
          "active.documents", "a.b.c", "", ".", "requests..new", "requests.new.", "自然人", '"total"', "total x"]


def assert_same_lines(text: str) -> bool:
    """key_lines and LineIndex give what the reference gives on ``text``; whether the file is plain."""
    expected = reference_key_lines(text)
    assert key_lines(text) == expected
    paths = [*expected, *ABSENT, *(f"{path}.x" for path in expected), *(path.rpartition(".")[2] for path in expected)]
    index = LineIndex(text)
    for path in paths:
        assert index.get(path) == expected.get(path), path
    assert index.all() == expected
    return bool(index._plain)


def test_real_reports_index_as_before():
    paths = sorted(EXAMPLES.glob("*.toml")) + sorted(FIXTURES.rglob("*.toml"))
    assert paths
    for path in paths:
        assert_same_lines(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("kind", ["varied", "mix", "heavy"])
def test_generated_corpora_index_as_before(tmp_path, kind):
    sys.path.insert(0, str(ROOT / "bench"))
    import corpus

    for entry in corpus.generate(tmp_path, 120 if kind == "varied" else 12, seed=31, kind=kind,
                                 exclude=("not_utf8",)):
        text = entry.path.read_text(encoding="utf-8")
        # the generated reports are plain files, but for broken TOML: their lines are found one at a time
        assert assert_same_lines(text) or "syntax" in entry.defects, entry.defects
        assert not assert_same_lines(text.replace("\n", "\r\n"))


# Lines of the shapes the scanner tells apart, and pieces that make them odd.
LINES = st.sampled_from([
    "[requests.new]", "[requests.new]  # 一、", "[ requests . new ]", "[[rows]]", '["quoted".key]', "[a.b] x",
    "natural_person = 12", "total=3   # 总计", "  indented = 1", "\tindented = 1", 'text = """', 'text = """ one """',
    "text = '''", "text = ''' x '''", 'text = "a = b"', "text = 'x'", 'text = ""', "text = ''", 'x = """"',
    '"quoted key" = 1', "a.b.c = 2", "a . b = 3", "key =", "= 3", "# a comment", "   # indented comment", "",
    "   ", '"""', "'''", 'end \\"""', 'end \\\\"""', "\\", "key = \u3000\"\"\"", "key\u3000= 1", "\u3000key = 1",
    "[a.b]\u3000", "自然人 = 120", "key = [1,", " 2]", "key = { a = 1 }", "x = 1 \x1f", "k = 1\x0b2",
    "[requests]", "[requests.new]", "[requests.new.total]", "[text]", "total = 1", "new = 2", "requests = 3",
    "preamble = \"\"\"", "[requests.new]  # x", "new.total = 4", "[requests.new]x", "[requests.new.]",
])
PIECES = st.sampled_from(["", " ", "\t", '"', "'", '"""', "'''", "\\", "=", "#", "[", "]", ".", "\r", "\r\n",
                          "\u2028", "\x85", "\x0c", "a", "数"])


@given(st.lists(st.tuples(LINES, PIECES, st.booleans()), max_size=30), st.booleans())
def test_odd_texts_index_as_before(parts, newline_at_end):
    text = "\n".join(line + piece if after else piece + line for line, piece, after in parts)
    text += "\n" if newline_at_end else ""
    assert_same_lines(text)


PLAIN_LINES = st.sampled_from([
    "[requests]", "[requests.new]", "[requests.new.total]", "[text]", "[a.b]  # 一、", "total = 1", "new = 2",
    "requests = 3", "total=5  # 总计", "text = \"x\"", "", "# a comment", "  # indented comment",
    "preamble = \"\"\"", "preamble = \"\"\" a \"\"\"", "other = \'\'\'", "正文，2021年。", "\"\"\"", "\'\'\'",
    "end \\\"\"\"", "total = 9 \"\"\"", "[requests.new]", "2021年 = 3",
])


@given(st.lists(PLAIN_LINES, max_size=40), st.booleans())
def test_plain_texts_find_lines_as_before(lines, newline_at_end):
    assert_same_lines("\n".join(lines) + ("\n" if newline_at_end else ""))
