"""The README's commands are true, and the Chinese edition keeps in step with the English one."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from conftest import ROOT

ENGLISH = ROOT / "README.md"
CHINESE = ROOT / "README.zh-CN.md"


def _command_lines(path: Path) -> set[str]:
    """Shell command lines in fenced blocks, without their trailing comments."""
    text = path.read_text(encoding="utf-8")
    lines = set()
    for block in re.findall(r"```sh\n(.*?)```", text, flags=re.S):
        for line in block.splitlines():
            line = line.removeprefix("$ ").split("  #")[0].strip()
            if line.startswith(("govinfo ", "python3 ")):  # not the sample output lines
                lines.add(line)
    return lines


def test_chinese_readme_has_the_same_commands_and_sections():
    assert _command_lines(CHINESE) == _command_lines(ENGLISH)
    english_sections = re.findall(r"^## ", ENGLISH.read_text(encoding="utf-8"), flags=re.M)
    chinese_sections = re.findall(r"^## ", CHINESE.read_text(encoding="utf-8"), flags=re.M)
    # English has one more: the project layout and dependencies, for developers.
    assert len(chinese_sections) == len(english_sections) - 1


def test_ci_runs_the_readme_test_command():
    [test_command] = [line for line in _command_lines(ENGLISH) if "pytest" in line]
    assert test_command in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_readme_examples_name_files_that_exist():
    for line in _command_lines(ENGLISH):
        for word in shlex.split(line):
            if word.startswith("examples/"):
                assert (ROOT / word).is_file(), word


def test_readme_python_example_runs(monkeypatch, capsys):
    section = ENGLISH.read_text(encoding="utf-8").split("## Using govinfo from Python", 1)[1].split("\n## ", 1)[0]
    [example] = re.findall(r"```python\n(.*?)```", section, flags=re.S)
    monkeypatch.chdir(ROOT)
    from govinfo_cli.i18n import current_language, set_language

    namespace: dict[str, object] = {}
    before = current_language()
    set_language("en")  # the README shows English messages, whatever an earlier test in this worker chose
    try:
        exec(compile(example, "README.md", "exec"), namespace)
    finally:
        set_language(before)
    printed = capsys.readouterr().out
    assert "37 warning R13 一、总体情况" in printed  # Pingtan 2022's one finding, with last year's report given
    assert "200 of 200 cells filled" in printed
    assert "一、本年新收政府信息公开申请数量 · 总计 70 → 74" in printed
    assert str(namespace["page"]).startswith("<!DOCTYPE html>")
