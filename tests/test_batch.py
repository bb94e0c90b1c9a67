"""Batch validation: folders, many files, --jobs; the same findings as one file at a time.

The corpus is bench/corpus.py's (the benchmark's), smaller: valid and broken
reports of all three forms, written into a temporary folder.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import jsonschema
import pytest
from conftest import PINGTAN_2021, PINGTAN_2022, ROOT, govinfo

from govinfo_cli.checks import schema as schema_check
from govinfo_cli.checks import schema_errors
from govinfo_cli.checks.validate import validate_file
from govinfo_cli.model.forms import FORMS, load_form
from govinfo_cli.model.report import ReportError, load_report

sys.path.insert(0, str(ROOT / "bench"))
import corpus

CORPUS_SIZE = 240


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> list[corpus.Entry]:
    return corpus.generate(tmp_path_factory.mktemp("corpus"), CORPUS_SIZE, seed=7)


def json_results(*args: str | Path) -> tuple[int, dict]:
    result = govinfo("validate", "--format", "json", *args)
    assert "Traceback" not in result.stderr, result.stderr
    return result.returncode, json.loads(result.stdout)


def test_the_corpus_is_varied(reports):
    assert {entry.form for entry in reports} == set(FORMS)
    results = [validate_file(str(entry.path)) for entry in reports]
    codes = {finding.code for result in results for finding in result.findings}
    assert {"schema", "parse", "N1"} <= codes
    assert codes & {"R1", "R2", "R3", "R5", "L4"}
    valid = sum(result.valid for result in results)
    assert 0.3 * len(results) < valid < 0.8 * len(results)


def test_batch_findings_are_those_of_one_file_at_a_time(reports):
    folder = reports[0].path.parent.parent
    code, parallel = json_results("--jobs", "2", folder)
    code_one, sequential = json_results("--jobs", "1", folder)
    assert parallel == sequential and code == code_one == 2  # some files do not parse: exit 2
    files = parallel["files"]
    assert len(files) == CORPUS_SIZE
    # The order: a sorted walk of the folder.
    assert [f["path"] for f in files] == sorted(str(entry.path) for entry in reports)
    # Each file's result is what the one-file path gives, in this process...
    for result in files:
        assert result == json.loads(json.dumps(validate_file(result["path"]).to_json(), ensure_ascii=False))
    # ... and through the command, for a sample of them.
    for result in files[:: CORPUS_SIZE // 8]:
        _, alone = json_results(result["path"])
        assert alone["files"] == [result]


def test_batch_with_last_years_report_is_the_same_as_one_at_a_time(reports):
    paths = [str(entry.path) for entry in reports[:99]] + [str(PINGTAN_2022)]  # enough for workers
    _, parallel = json_results("--jobs", "2", "--previous", PINGTAN_2021, *paths)
    previous = load_report(str(PINGTAN_2021))
    assert [f["path"] for f in parallel["files"]] == paths
    for result in parallel["files"]:
        assert result == json.loads(json.dumps(validate_file(result["path"], previous).to_json(), ensure_ascii=False))
    for result in parallel["files"][-1:] + parallel["files"][::25]:
        _, alone = json_results("--previous", PINGTAN_2021, result["path"])
        assert alone["files"] == [result], result["path"]


def _plain_validator(form_name: str):
    schema = load_form(form_name).schema
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def _errors(validator, data) -> list[tuple]:
    return [(e.validator, list(e.absolute_path), list(e.schema_path), e.message) for e in validator.iter_errors(data)]


def test_the_fast_schema_check_agrees_with_jsonschema(reports):
    """Valid by the fast check exactly when jsonschema finds nothing; jsonschema's errors unchanged by the skipping."""
    assert all(schema_check._fast_check(name) is not None for name in FORMS)  # every form compiles
    checked = 0
    for entry in reports:
        try:
            report = load_report(str(entry.path))
        except ReportError:
            continue
        if report.form_name is None:
            continue
        plain = _errors(_plain_validator(report.form_name), report.data)
        assert schema_check.surely_valid(report.data, report.form_name) == (plain == []), entry.path
        assert _errors(schema_check._validator(report.form_name), report.data) == plain, entry.path
        checked += 1
    assert checked > CORPUS_SIZE * 0.8


def test_findings_do_not_depend_on_the_fast_check(reports, monkeypatch):
    fast = [validate_file(str(entry.path)).to_json() for entry in reports]
    monkeypatch.setattr(schema_check, "surely_valid", lambda data, form_name: False)
    monkeypatch.setattr(schema_check, "_validator", _plain_validator)
    monkeypatch.setattr(schema_errors, "schema_errors", lambda schema, instance: None)  # jsonschema's own errors
    assert [validate_file(str(entry.path)).to_json() for entry in reports] == fast


def _described(error) -> tuple:
    return (error.validator, error.validator_value, error.instance, list(error.absolute_path), error.schema)


def test_the_schema_errors_are_jsonschemas_without_jsonschema(reports):
    """schema_errors gives jsonschema's errors, in its order, for every report of the corpus it does not give up on."""
    from govinfo_cli.model.forms import load_form
    from govinfo_cli.model.report import load_report

    answered = readable = 0
    for entry in reports:
        try:
            report = load_report(str(entry.path))
        except ReportError:
            continue
        if report.form is None:
            continue
        readable += 1
        ours = schema_errors.schema_errors(load_form(report.form_name).schema, report.data)
        theirs = list(_plain_validator(report.form_name).iter_errors(report.data))
        if ours is None:
            continue
        answered += 1
        assert [_described(e) for e in ours] == [_described(e) for e in theirs], entry.path
    assert answered == readable  # the form schemas use only keywords it follows


@pytest.mark.parametrize("value", ["nan", "inf", "-0", "1e400", "0.0", "true", "[1]", "{ a = 1 }", "2024-01-01"])
def test_fast_check_and_jsonschema_agree_on_odd_values(value):
    from govinfo_cli.model.report import parse_report

    text = (ROOT / "examples" / "2021-pingtan.toml").read_text(encoding="utf-8")
    for key in ("natural_person = ", "amount = ", "year = ", "level = ", "published = "):
        if key not in text:
            continue
        start = text.index(key) + len(key)
        changed = text[:start] + value + text[text.index("\n", start):]
        try:
            report = parse_report(changed, "x.toml")
        except ReportError:
            continue
        plain = _plain_validator("2021")
        try:
            expected = _errors(plain, report.data)
        except ArithmeticError:  # jsonschema itself cannot compare NaN: the fast check must not say valid
            assert not schema_check.surely_valid(report.data, "2021")
            continue
        assert schema_check.surely_valid(report.data, "2021") == (expected == []), (key, value)


def test_folders_are_walked_in_order_skipping_hidden_ones(tmp_path):
    text = PINGTAN_2021.read_text(encoding="utf-8")
    for name in ("b/2.toml", "b/1.toml", "a.toml", "c/d/e.toml", ".git/x.toml", "b/.hidden.toml", "b/notes.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    code, document = json_results("-j", "2", tmp_path / "b", tmp_path / "a.toml", tmp_path / "c")
    assert code == 0
    assert [Path(f["path"]).relative_to(tmp_path).as_posix() for f in document["files"]] == [
        "b/1.toml", "b/2.toml", "a.toml", "c/d/e.toml"]


def test_a_folder_without_reports_and_a_missing_path_are_trouble(tmp_path):
    (tmp_path / "empty").mkdir()
    result = govinfo("validate", tmp_path / "empty", tmp_path / "missing", PINGTAN_2021)
    assert result.returncode == 2
    lines = result.stdout.splitlines()
    assert "no report files (*.toml) in this folder" in lines[0]
    assert "no such file" in lines[1]


@pytest.mark.parametrize("copies", [1, 40], ids=["few files", "enough for workers"])
def test_stdin_among_many_files_keeps_its_place(copies):
    text = PINGTAN_2021.read_text(encoding="utf-8")
    files = [PINGTAN_2022] * copies + ["-"] + [PINGTAN_2021] * copies
    result = govinfo("validate", "--format", "json", "-j", "2", *files, input=text)
    document = json.loads(result.stdout)
    assert [f["path"] for f in document["files"]] == [str(f) if f != "-" else "<stdin>" for f in files]
    assert document["files"][copies]["findings"] == document["files"][copies + 1]["findings"]


def test_stdin_can_be_read_only_once():
    result = govinfo("validate", "-", "-", input="")
    assert result.returncode == 2
    assert "only once" in result.stderr and result.stdout == ""


def test_jobs_must_be_positive():
    result = govinfo("validate", "--jobs", "0", PINGTAN_2021)
    assert result.returncode == 2 and result.stdout == ""
