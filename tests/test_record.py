"""@record (govinfo_cli/record.py) makes the methods dataclasses would, for every option govinfo uses, and keeps
dataclasses (and what it imports) out of a validate run."""

from __future__ import annotations

import dataclasses
import pickle
import subprocess
import sys

import pytest

from govinfo_cli.record import FrozenRecordError, field, record


def pair(**options):
    """The same class made by dataclasses and by record."""
    def body(decorate, make_field):
        class Cell:
            path: str
            value: int = 0
            notes: list[str] = make_field(default_factory=list)
            label: str = make_field(default="", repr=False, compare=False)

            def shown(self) -> str:
                return f"{self.path}={self.value}"

        return decorate(**options)(Cell)

    return body(dataclasses.dataclass, dataclasses.field), body(record, field)


OPTIONS = [{}, {"eq": False}, {"frozen": True}, {"slots": True}]


@pytest.mark.parametrize("options", OPTIONS)
def test_a_record_behaves_as_a_dataclass(options):
    expected, made = pair(**options)
    for arguments in [("a",), ("a", 3), ("a", 3, ["x"], "总计")]:
        one, other = expected(*arguments), made(*arguments)
        assert repr(one) == repr(other) and one.shown() == other.shown()
        assert other == other
        assert (made(*arguments) == made(*arguments)) == (expected(*arguments) == expected(*arguments))
        assert (made("a", 3, [], "x") == made("a", 3, [], "y")) == (expected("a", 3, [], "x") == expected("a", 3, [], "y"))
    assert made("a").notes is not made("a").notes  # a new list each time
    assert made(path="b", value=2).value == 2
    with pytest.raises(TypeError):
        made()
    assert hasattr(made("a"), "__dict__") == hasattr(expected("a"), "__dict__")  # slots
    assert (made.__hash__ is None) == (expected.__hash__ is None)
    if options.get("frozen"):
        for cell in (made, expected):  # hashed by fields, of which a list is not hashable
            with pytest.raises(TypeError):
                hash(cell("a", 3))
            assert hash(cell("a", 3, ())) == hash(("a", 3, ()))
        with pytest.raises(FrozenRecordError):
            made("a").value = 4
    else:
        changed = made("a")
        changed.value = 4
        assert changed.value == 4


def test_records_of_a_batch_travel_between_processes(tmp_path):
    """A worker sends its results to the parent pickled: findings, their messages and sums (slots) included."""
    from conftest import EXAMPLES

    from govinfo_cli.checks.validate import validate_file

    text = (EXAMPLES / "2022-pingtan.toml").read_text(encoding="utf-8").replace("total = ", "total = 1", 1)
    report = tmp_path / "report.toml"
    report.write_text(text, encoding="utf-8")
    result = validate_file(str(report))
    assert any("≠" in f.message for f in result.findings)
    assert "Sum" in {type(arg).__name__ for f in result.findings for m in (f.msg, f.msg.args.get("message"))
                     if m is not None for arg in m.args.values()}
    again = pickle.loads(pickle.dumps(result))
    assert again == result and [f.message for f in again.findings] == [f.message for f in result.findings]


def test_a_method_the_class_writes_is_kept():
    @record
    class Shown:
        text: str

        def __repr__(self) -> str:
            return f"<{self.text}>"

    assert repr(Shown("x")) == "<x>" and Shown("x") == Shown("x")


def test_validate_imports_no_dataclasses():
    from conftest import ROOT

    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "govinfo_cli", "validate",
                             "examples/2021-pingtan.toml"], capture_output=True, text=True, cwd=ROOT)
    imported = {line.rpartition("|")[2].strip() for line in result.stderr.splitlines()}
    assert "govinfo_cli.record" in imported
    assert not imported & {"dataclasses", "inspect", "typing"}
