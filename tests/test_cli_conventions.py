"""Scripting conventions: stdout for results, stderr for diagnostics, -, --quiet, --color/NO_COLOR, --version, --lang."""

from __future__ import annotations

import gettext
import json
import os
import subprocess
import sys

import pytest
from conftest import PINGTAN_2021, PINGTAN_2022, ROOT, SEED, govinfo, on_a_terminal

from govinfo_cli import __version__
from govinfo_cli.entry import language_argument
from govinfo_cli.i18n import DOMAIN, LOCALE_DIR

ANSI = "\x1b["


def test_version():
    result = govinfo("--version")
    assert (result.returncode, result.stdout, result.stderr) == (0, f"govinfo {__version__}\n", "")


def test_results_on_stdout_diagnostics_on_stderr(tmp_path):
    result = govinfo("validate", SEED)
    assert result.returncode == 1 and result.stderr == ""
    assert " L1 " in result.stdout
    usage = govinfo("validate", "--no-such-option", SEED)
    assert usage.returncode == 2 and usage.stdout == "" and "--no-such-option" in usage.stderr
    trouble = govinfo("validate", "--previous", tmp_path / "missing.toml", SEED)
    assert trouble.returncode == 2 and trouble.stdout == "" and trouble.stderr.startswith("govinfo: ")


def test_dash_reads_the_report_from_stdin():
    text = SEED.read_text(encoding="utf-8")
    from_file = govinfo("validate", "--format", "json", SEED)
    from_stdin = govinfo("validate", "--format", "json", "-", input=text)
    assert from_stdin.returncode == from_file.returncode == 1
    (file_result,), (stdin_result,) = (json.loads(r.stdout)["files"] for r in (from_file, from_stdin))
    assert stdin_result["path"] == "<stdin>" and stdin_result["findings"] == file_result["findings"]


def test_last_years_report_from_stdin():
    text = PINGTAN_2021.read_text(encoding="utf-8")
    from_file = govinfo("validate", "--format", "json", "--previous", PINGTAN_2021, PINGTAN_2022)
    from_stdin = govinfo("validate", "--format", "json", "--previous", "-", PINGTAN_2022, input=text)
    assert json.loads(from_stdin.stdout) == json.loads(from_file.stdout)


def test_quiet_prints_errors_only_and_the_exit_code_still_tells(tmp_path):
    loud = govinfo("validate", SEED)
    quiet = govinfo("validate", "--quiet", SEED)
    assert quiet.returncode == loud.returncode == 1
    assert quiet.stdout.splitlines() == [line for line in loud.stdout.splitlines() if ": error " in line]
    assert quiet.stdout and quiet.stderr == ""
    clean = govinfo("validate", "-q", ROOT / "examples" / "2024-hongzequ.toml")  # no error, some warnings
    assert (clean.returncode, clean.stdout, clean.stderr) == (0, "", "")
    assert ": warning " in govinfo("validate", ROOT / "examples" / "2024-hongzequ.toml").stdout


def test_color_always_never_and_no_color():
    always = govinfo("--color", "always", "validate", SEED)
    assert ANSI in always.stdout
    assert "\x1b[1;31m" in always.stdout  # errors in red
    never = govinfo("--color", "never", "validate", SEED)
    assert ANSI not in never.stdout
    assert never.stdout == govinfo("validate", SEED).stdout  # not a terminal: auto means no colour
    # --color always wins over NO_COLOR, as no-color.org asks of an explicit option.
    assert ANSI in govinfo("--color", "always", "validate", SEED, env={"NO_COLOR": "1"}).stdout
    assert govinfo("--color", "sometimes", "validate", SEED).returncode == 2


def test_auto_colours_a_terminal_unless_no_color_is_set():
    assert ANSI in on_a_terminal("validate", str(SEED), env={})
    assert ANSI not in on_a_terminal("validate", str(SEED), env={"NO_COLOR": "1"})
    assert ANSI not in on_a_terminal("validate", str(SEED), env={"TERM": "dumb"})
    assert ANSI in on_a_terminal("validate", str(SEED), env={"NO_COLOR": ""})  # set but empty: no effect


def test_json_output_for_the_commands_that_report():
    validate = govinfo("validate", "--format", "json", SEED, PINGTAN_2021)
    assert json.loads(validate.stdout)["summary"]["files"] == 2
    diff = govinfo("diff", "--format", "json", PINGTAN_2021, PINGTAN_2022)
    assert (diff.returncode, diff.stderr) == (1, "")  # the two years differ
    assert json.loads(diff.stdout)["same"] is False


@pytest.mark.parametrize("argv,language", [
    (["--lang", "zh", "validate", "x.toml"], "zh"),
    (["--lang=en", "--help"], "en"),
    (["validate", "x.toml"], None),
    (["--lang", "fr"], None),  # not a language: left to the option's own check
    (["validate", "--", "--lang", "zh"], None),  # after --, an argument
])
def test_lang_is_read_off_the_command_line_before_the_app_is_built(argv, language):
    assert language_argument(argv) == language


def test_lang_option_and_locale():
    code = ("import sys; from govinfo_cli import entry, i18n; "
            "i18n.set_language(entry.language_argument(sys.argv[1:])); print(i18n.current_language())")

    def chosen(*argv: str, lang: str) -> str:
        environment = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES")}
        environment["LANG"] = lang
        return subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, text=True, check=True,
                              env=environment).stdout.strip()

    assert chosen(lang="zh_CN.UTF-8") == "zh"
    assert chosen(lang="C.UTF-8") == "en"
    assert chosen("--lang", "en", lang="zh_CN.UTF-8") == "en"
    assert chosen("--lang=zh", lang="C.UTF-8") == "zh"
    chinese = gettext.translation(DOMAIN, LOCALE_DIR, languages=["zh_CN"]).gettext
    line = "Show this message and exit."  # Typer's help of --help, which the catalog translates
    assert chinese(line) != line
    zh = govinfo("--lang", "zh", "--help", env={"LANG": "C.UTF-8"})  # --lang wins over the locale
    assert (zh.returncode, zh.stderr) == (0, "")
    assert zh.stdout.startswith(chinese("Usage: ") + "govinfo " + chinese("[OPTIONS]") + " " + chinese("COMMAND [ARGS]..."))
    assert chinese("Usage: ") == "用法："
    assert chinese(line) in zh.stdout and line not in zh.stdout
    en = govinfo("--lang", "en", "validate", "--help", env={"LANG": "zh_CN.UTF-8"})
    assert (en.returncode, en.stderr) == (0, "")
    assert en.stdout.startswith("Usage: govinfo validate [OPTIONS]")
    assert line in en.stdout and chinese(line) not in en.stdout
    bad = govinfo("--lang", "fr", "validate", SEED)
    assert bad.returncode == 2 and "fr" in bad.stderr


def test_control_characters_from_a_file_never_reach_the_terminal(tmp_path):
    from conftest import PINGTAN_2021, PINGTAN_2022, with_cell

    text = with_cell(PINGTAN_2022.read_text(encoding="utf-8"), "agency.name", '"平潭\\u001b[2J综合"')
    text = with_cell(text, "requests.new.natural_person", '"\\u001b[31mred"')
    hostile = tmp_path / "hostile.toml"
    hostile.write_text(text, encoding="utf-8")
    for args in (("validate", hostile), ("diff", PINGTAN_2021, hostile), ("render", hostile)):
        result = govinfo(*args)
        assert "\x1b" not in result.stdout + result.stderr, args
        assert "␛" in result.stdout, args
