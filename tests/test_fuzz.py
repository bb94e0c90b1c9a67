"""Fuzzing: generated and mutated report files thrown at validate, diff, render and new --from.

Whatever the file (bytes mangled, TOML structure broken, values of every type), each command
answers through the real entry point with exit 0, 1 or 2, never a traceback or an internal
error, JSON where JSON was asked for, and never writes its output file when it exits 2.

The budget comes from the hypothesis profile (tests/conftest.py): ``ci`` (the default: a fixed
number of examples, the same ones every run) or ``--hypothesis-profile=long`` for a long search.
"""

from __future__ import annotations

import json
import pickle
import re
import tomllib
from pathlib import Path

import pytest
from conftest import EXAMPLES, FIXTURES, govinfo
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govinfo_cli.model.forms import FORMS, load_form
from govinfo_cli.writers.scaffold import scaffold

SOURCES = [path.read_bytes() for path in sorted(EXAMPLES.glob("*.toml")) + sorted(FIXTURES.glob("*.toml"))]
PARSED = [pickle.dumps(tomllib.loads(source.decode("utf-8-sig"))) for source in SOURCES]
KEYS = sorted({part for name in FORMS for path in load_form(name).cells for part in path.split(".")})
LABELS = sorted({cell.title for name in FORMS for cell in load_form(name).cells.values()})
TABLES = sorted({path for name in FORMS for path in load_form(name).nodes})
ASSIGNMENT = re.compile(r"^(\s*)([^=\[#]+?)(\s*=\s*)(.*)$")

FUZZ = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large], deadline=None)

# TOML values of every type and of the shapes editors and programs get wrong
VALUES = st.one_of(
    st.integers(min_value=-(10 ** 30), max_value=10 ** 30).map(str),
    st.floats(allow_nan=False).map(repr).filter(lambda text: text not in ("inf", "-inf")),
    st.sampled_from(["nan", "-inf", "+inf", "1e400", "-0", "+7", "0x1F", "0o17", "0b11", "1_000", "9,800", "１２０",
                     "true", "false", "1979-05-27", "1979-05-27T07:32:00Z", "07:32:00", "[]", "[1, 2]", "[[]]",
                     "{}", "{ a = 1 }", '""', '"120"', "'x'", '"""\n多行\n"""', "“平潭”", "—", "", "120件"]),
    st.text(max_size=30).map(lambda text: json.dumps(text, ensure_ascii=False)),
)
NAMES = st.one_of(st.sampled_from(KEYS), st.sampled_from(LABELS),
                  st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=12),
                  st.text(alphabet="abcdefghijklmnopqrstuvwxyz_-.0123456789\"' ", min_size=1, max_size=16))


@st.composite
def mangled_bytes(draw) -> bytes:
    """A real report with bytes flipped, inserted, deleted or cut off."""
    data = bytearray(draw(st.sampled_from(SOURCES)))
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        at = draw(st.integers(min_value=0, max_value=len(data)))
        kind = draw(st.sampled_from(["flip", "insert", "delete", "truncate"]))
        if kind == "flip" and at < len(data):
            data[at] = draw(st.integers(min_value=0, max_value=255))
        elif kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=8))
        elif kind == "delete":
            del data[at:at + draw(st.integers(min_value=1, max_value=200))]
        elif kind == "truncate":
            del data[at:]
    return bytes(data)


@st.composite
def mangled_toml(draw) -> bytes:
    """A real report with its TOML changed line by line: values, keys and headers replaced, lines deleted,
    copied, moved, or garbage put in."""
    lines = draw(st.sampled_from(SOURCES)).decode("utf-8-sig").splitlines()
    for _ in range(draw(st.integers(min_value=1, max_value=8))):
        at = draw(st.integers(min_value=0, max_value=len(lines) - 1))
        kind = draw(st.sampled_from(["value", "value", "key", "header", "delete", "copy", "move", "garbage"]))
        assignment = ASSIGNMENT.match(lines[at])
        if kind == "value" and assignment:
            lines[at] = "".join(assignment.group(1, 2, 3)) + draw(VALUES)
        elif kind == "key" and assignment:
            lines[at] = assignment.group(1) + draw(NAMES) + assignment.group(3) + assignment.group(4)
        elif kind == "header":
            name = draw(st.one_of(st.sampled_from(TABLES), NAMES))
            lines.insert(at, draw(st.sampled_from(["[{}]", "[[{}]]", "[{}", "【{}】"])).format(name))
        elif kind == "delete":
            del lines[at]
        elif kind == "copy":
            lines.insert(draw(st.integers(min_value=0, max_value=len(lines))), lines[at])
        elif kind == "move":
            lines.insert(draw(st.integers(min_value=0, max_value=len(lines) - 1)), lines.pop(at))
        elif kind == "garbage":
            lines.insert(at, draw(st.text(max_size=40)))
        if not lines:
            lines = [""]
    return "\n".join(lines).encode("utf-8", "surrogatepass")


@st.composite
def odd_values(draw) -> bytes:
    """A real report, read and written back with cells, fields and texts set to values of any type."""
    import tomli_w

    data = pickle.loads(draw(st.sampled_from(PARSED)))  # a fresh copy, 25 times cheaper than parsing again
    scalar = st.one_of(st.integers(min_value=-(2 ** 63), max_value=2 ** 64), st.floats(), st.booleans(),
                       st.text(max_size=30), st.dates())
    value = st.one_of(scalar, st.lists(scalar, max_size=3), st.dictionaries(st.sampled_from(KEYS), scalar, max_size=3))
    for _ in range(draw(st.integers(min_value=1, max_value=12))):
        path = draw(st.one_of(st.sampled_from(sorted(load_form(FORMS[-1]).cells)),
                              st.sampled_from(["form", "year", "published", "agency.name", "agency.level",
                                               "text.overview", "text.problems", "requests", "agency"])))
        node = data
        *parents, key = path.split(".")
        for parent in parents:
            node = node.setdefault(parent, {}) if isinstance(node.get(parent, {}), dict) else {}
        if draw(st.booleans()) and key in node:
            del node[key]
        else:
            node[key] = draw(value)
    return tomli_w.dumps(data).encode("utf-8", "surrogatepass")


REPORTS = st.one_of(mangled_bytes(), mangled_toml(), odd_values())
# what diff compares a generated file with: a scaffold, whose empty texts leave difflib's costly
# similarity out of most examples (validate's checks read the texts)
OTHER = scaffold(year=2022, agency="某局").text


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """One folder for a test's examples (a folder made and removed for each costs more than the run)."""
    return tmp_path_factory.mktemp("fuzz")


def _fresh(folder: Path, *names: str) -> list[Path]:
    """Paths in ``folder`` where no file is: what the example before left there removed."""
    paths = [folder / name for name in names]
    for path in paths:
        path.unlink(missing_ok=True)
    return paths


def _sane(result, codes=(0, 1, 2)) -> None:
    assert result.returncode in codes, (result.returncode, result.stderr[-2000:])
    for stream in (result.stdout, result.stderr):
        assert "Traceback" not in stream and "internal error" not in stream, stream[-3000:]


@FUZZ
@given(report=REPORTS)
def test_validate_answers_any_file(folder, report):
    path = _fresh(folder, "report.toml")[0]
    path.write_bytes(report)
    result = govinfo("validate", "--format", "json", path)
    _sane(result)
    document = json.loads(result.stdout)
    unreadable = any(f["code"] == "parse" for f in document["files"][0]["findings"])
    assert (result.returncode == 2) == unreadable


@FUZZ
@given(report=REPORTS, fmt=st.sampled_from(["text", "html", "markdown"]))
def test_render_answers_any_file_and_writes_nothing_on_trouble(folder, report, fmt):
    path, out = _fresh(folder, "report.toml", "out.doc")
    path.write_bytes(report)
    result = govinfo("render", path, "--format", fmt, "-o", out)
    _sane(result, (0, 2))
    assert out.exists() == (result.returncode == 0)


@settings(FUZZ, max_examples=max(1, settings.default.max_examples // 2))  # a diff takes twice as long
@given(report=REPORTS, last=st.booleans(), fmt=st.sampled_from(["json", "text"]))
def test_diff_answers_any_file_and_writes_nothing_on_trouble(folder, report, last, fmt):
    path, out, other = _fresh(folder, "report.toml", "diff.out", "other.toml")
    path.write_bytes(report)
    other.write_text(OTHER, encoding="utf-8")
    pair = (path, other) if last else (other, path)
    result = govinfo("diff", "--format", fmt, *pair, "-o", out)
    _sane(result)
    assert out.exists() == (result.returncode != 2)
    if fmt == "json":
        document = json.loads(out.read_text(encoding="utf-8") if out.exists() else result.stdout)
        assert ("files" in document) == (result.returncode == 2)


@FUZZ
@given(report=REPORTS)
def test_new_from_answers_any_file_and_writes_nothing_on_trouble(folder, report):
    from govinfo_cli.model.report import parse_report

    path, out = _fresh(folder, "last.toml", "new.toml")
    path.write_bytes(report)
    result = govinfo("new", "--from", path, "-o", out)
    _sane(result, (0, 2))
    assert out.exists() == (result.returncode == 0)
    if out.exists():  # what new writes is a report of a known form
        assert parse_report(out.read_text(encoding="utf-8"), str(out)).form is not None


@pytest.mark.parametrize("strategy", [mangled_bytes(), mangled_toml(), odd_values()],
                         ids=["bytes", "toml", "values"])
def test_each_strategy_makes_both_readable_and_unreadable_files(strategy):
    """The generators reach past the parser, and not only into it: otherwise the commands' work goes unfuzzed."""
    from hypothesis import find

    from govinfo_cli.model.report import ReportError, decode, parse_report

    def readable(data: bytes) -> bool:
        try:
            return parse_report(decode(data, "x"), "x").form is not None
        except ReportError:
            return False

    find(strategy, readable, settings=settings(database=None, max_examples=200))
    find(strategy, lambda data: not readable(data), settings=settings(database=None, max_examples=200))


def test_new_from_a_report_whose_agency_fields_are_tables_writes_valid_toml(tmp_path):
    """Found by the long run: last year's agency.name was a table, and new --from wrote ``name = `` (no value)."""
    from govinfo_cli.model.report import parse_report

    last = tmp_path / "last.toml"
    last.write_text('form = "2021"\nyear = 2021\n\n[agency.name]\nx = 1\n\n[agency]\nlevel = ["city"]\n',
                    encoding="utf-8")
    out = tmp_path / "new.toml"
    result = govinfo("new", "--from", last, "-o", out)
    assert result.returncode == 0, result.stderr
    report = parse_report(out.read_text(encoding="utf-8"), str(out))
    assert report.get("agency.name") == "" and report.get("agency.level") is None
