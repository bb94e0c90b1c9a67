"""The start-up fast path (govinfo_cli/quick.py) reads exactly what the Typer command reads, and
the two paths print the same bytes and exit alike on every call the fast path takes."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import PINGTAN_2021, PINGTAN_2022, ROOT, SEED, SHANGHAI_2019, _environment, _in_process

from govinfo_cli import quick


def _options(command) -> set[str]:
    names: set[str] = set()
    for param in command.params:
        if getattr(param, "param_type_name", "") == "option":
            names.update(param.opts + param.secondary_opts)
    return names


def test_the_fast_path_reads_the_options_the_command_has():
    from govinfo_cli.cli import command

    group = command()
    validate = group.commands[quick.COMMAND]
    # the app's --color and --lang are the command's too (after its name): the fast path reads them anywhere
    assert _options(validate) - {"--help"} == set(quick.FLAGS) | set(quick.VALUES) | set(quick.GLOBAL_CHOICES)
    # the global options it reads are the group's, but for the eager ones it leaves to Typer
    assert _options(group) - {"--help", "--version", "--install-completion", "--show-completion"} == \
        set(quick.GLOBAL_CHOICES)
    [fmt] = [p for p in validate.params if "--format" in getattr(p, "opts", ())]
    assert tuple(fmt.type.choices) == quick.FORMATS


CALLS = [
    ["validate", SEED],
    ["validate", PINGTAN_2022, "--previous", PINGTAN_2021],
    ["validate", "--previous=" + str(PINGTAN_2021), PINGTAN_2022, "--strict"],
    ["validate", "--format", "json", SEED, SHANGHAI_2019],
    ["validate", "--format=json", "-q", SEED],
    ["--color", "never", "validate", "-j", "1", PINGTAN_2022],
    ["--color=always", "validate", SEED],
    ["validate", "--quiet", "--strict", PINGTAN_2021],
    ["validate", ROOT / "examples"],
    ["validate", "--jobs=2", ROOT / "examples", "--format", "json"],
    ["validate", ROOT / "no-such-file.toml"],
    ["validate", SEED, "--previous", ROOT / "no-such-file.toml"],
    ["validate", "-", "--previous", "-"],
]


@pytest.mark.parametrize("arguments", CALLS, ids=lambda a: " ".join(str(x).replace(str(ROOT), "") for x in a))
def test_the_fast_path_takes_plain_calls_and_prints_what_typer_prints(arguments):
    argv = [str(a) for a in arguments]
    assert quick.validate_call(argv) is not None
    fast = _in_process(argv, None, _environment(None), ROOT, True)
    slow = _in_process(argv, None, _environment(None), ROOT, True, fast=False)
    assert (fast.returncode, fast.stdout, fast.stderr) == (slow.returncode, slow.stdout, slow.stderr)


@pytest.mark.parametrize("arguments", [
    ["validate"], ["validate", "--help"], ["validate", "-h"], ["--version"], ["validate", "--format", "xml", "a"],
    ["validate", "--jobs", "0", "a"], ["validate", "--jobs", "x", "a"], ["validate", "--jobs", "²", "a"], ["validate", "--strict=1", "a"],
    ["validate", "--previous"], ["validate", "--", "a"], ["validate", "--colour", "never", "a"],
    ["render", "a"], ["diff", "a", "b"], ["--lang", "fr", "validate", "a"], ["a", "validate"],
])
def test_anything_else_goes_to_typer(arguments):
    assert quick.validate_call(arguments) is None


def test_a_plain_validate_call_starts_without_typer():
    heavy = ("typer", "click", "jinja2", "jsonschema", "lxml", "pdfplumber", "docx", "tomlkit", "wcwidth",
             "tabulate", "weasyprint")
    code = ("import sys; from govinfo_cli import entry; entry.run(sys.argv[1:]); "
            f"print(sorted(m for m in {heavy!r} if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code, "validate", str(PINGTAN_2022)], capture_output=True,
                            text=True, cwd=ROOT)
    assert result.stdout.strip().splitlines()[-1] == "[]", result.stdout + result.stderr
