"""The start-up fast path (govinfo_cli/quick.py) reads exactly what the Typer commands read, and
the two paths print (and write) the same bytes and exit alike on every call the fast path takes."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLES, PINGTAN_2021, PINGTAN_2022, ROOT, SEED, SHANGHAI_2019, _environment, _in_process

from govinfo_cli import quick

SOURCES = ROOT / "tests" / "fixtures" / "sources"
PAGE = SOURCES / "2021_fmt2021_pingtan.html"


def _options(command) -> set[str]:
    names: set[str] = set()
    for param in command.params:
        if getattr(param, "param_type_name", "") == "option":
            names.update(param.opts + param.secondary_opts)
    return names


@pytest.mark.parametrize("name", sorted(quick.COMMANDS))
def test_the_fast_path_reads_the_options_the_command_has(name):
    from govinfo_cli.cli import command

    group = command()
    typer_command, fast = group.commands[name], quick.COMMANDS[name]
    # the app's --color and --lang are the command's too (after its name): the fast path reads them anywhere
    assert _options(typer_command) - {"--help"} == set(fast.flags) | set(fast.values) | set(quick.GLOBAL_CHOICES)
    # the global options it reads are the group's, but for the eager ones it leaves to Typer
    assert _options(group) - {"--help", "--version", "--install-completion", "--show-completion"} == \
        set(quick.GLOBAL_CHOICES)
    for param in typer_command.params:
        for option in getattr(param, "opts", ()):
            if option not in fast.values:
                continue
            keyword, read = fast.values[option]
            assert keyword in fast.repeated if param.multiple else keyword not in fast.repeated
            choices = getattr(param.type, "choices", None)
            if choices is not None:  # every choice of Typer's, and no other value
                assert [read(str(getattr(c, "value", c))) for c in choices] == \
                    [str(getattr(c, "value", c)) for c in choices]
                with pytest.raises(quick.Refused):
                    read("nonsense")


@pytest.mark.parametrize("value", ["a", "a.toml", "/a/b.toml", "a/../b", "..", "-", ".hidden", "", ".", "./a",
                                   "a//b", "a/", "a/.", "//a", "/", "a/./b"])
def test_a_path_is_read_only_when_typer_would_leave_it_as_written(value):
    try:
        read = quick.path(value)
    except quick.Refused:
        read = None
    if read is not None:
        assert read == str(Path(value)) == value
    if str(Path(value)) != value:
        assert read is None


VALIDATE_CALLS = [
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


@pytest.mark.parametrize("arguments", VALIDATE_CALLS,
                         ids=lambda a: " ".join(str(x).replace(str(ROOT), "") for x in a))
def test_the_fast_path_takes_plain_validate_calls_and_prints_what_typer_prints(arguments):
    argv = [str(a) for a in arguments]
    assert quick.plain_call(argv) is not None
    fast = _in_process(argv, None, _environment(None), ROOT, True)
    slow = _in_process(argv, None, _environment(None), ROOT, True, fast=False)
    assert (fast.returncode, fast.stdout, fast.stderr) == (slow.returncode, slow.stdout, slow.stderr)


# OUT: a file in a fresh folder; DIR: a folder there; made: the files there before the call
IMPORT_CALLS = [
    (["import", SOURCES / "2019_fmt2019_shanghai-szfbgt.txt"], {}),  # clean: exit 0, the report on stdout
    (["import", PAGE], {}),  # warnings: exit 1
    (["import", PAGE, "-o", "OUT"], {}),
    (["import", "--output=OUT", "-q", PAGE], {}),
    (["import", PAGE, "-o", "OUT"], {"out.toml": "kept"}),  # there already, no --force: exit 2, kept
    (["import", PAGE, "-o", "OUT", "--force"], {"out.toml": "replaced"}),
    (["import", SOURCES / "imitation-2024-merged.docx", "-o", "OUT"], {}),
    (["import", SOURCES / "no-such-source.html"], {}),  # exit 2
    (["import", ROOT / "README.md"], {}),  # not a report: exit 2
    (["import", PAGE, "--form", "2019", "--year", "2020", "--agency", "某局", "--level", "department"], {}),
    (["import", PAGE, "--level", "village"], {}),  # exit 2: not a level
    (["import", SOURCES / "2022_fmt2021_pingtan.txt", "--previous", EXAMPLES / "2021-pingtan.toml"], {}),
    (["import", PAGE, "--previous", ROOT / "no-such-file.toml"], {}),
    (["import", SOURCES / "2021_fmt2021_pingtan.txt"], {}),  # ambiguous digits: exit 2, the candidates named
    (["import", SOURCES / "2021_fmt2021_pingtan.txt", "--split", "行政规范性文件=69|3|665"], {}),
    (["import", SOURCES / "2021_fmt2021_pingtan.txt", "--split", "行政规范性文件=69|3|665", "--split",
      "不存在=1|2"], {}),
    (["import", PAGE, "--split", "nonsense"], {}),
    (["import", SOURCES / "2021_fmt2021_pingtan.txt", "--from-format", "text", "--split=行政规范性文件=69|3|665"], {}),
    (["import", PAGE, SOURCES / "2019_fmt2019_shanghai-szfbgt.txt"], {}),  # several to stdout: exit 2
    (["import", PAGE, SOURCES / "2019_fmt2019_shanghai-szfbgt.txt", "-o", "DIR", "-j", "1"], {}),
    (["import", PAGE, SOURCES / "imitation-2022-gbk.html", "-o", "DIR", "--jobs", "2", "--quiet"], {}),
    (["--color", "never", "import", PAGE, "--color", "always"], {}),
    (["import", "-", "--lang", "zh"], {}),  # stdin: the page
    (["--lang=zh", "import", SOURCES / "no-such-source.html"], {}),
]


@pytest.mark.parametrize(("arguments", "made"), IMPORT_CALLS,
                         ids=lambda a: " ".join(str(x).replace(str(ROOT), "") for x in a) if isinstance(a, list)
                         else ",".join(a))
def test_the_fast_path_takes_plain_import_calls_and_does_what_typer_does(tmp_path, arguments, made):
    def one(fast: bool) -> tuple:
        work = tmp_path / "work"
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir()
        for name, content in made.items():
            (work / name).write_text(content)
        argv = [str(a).replace("OUT", str(work / "out.toml")).replace("DIR", str(work / "dir")) for a in arguments]
        assert quick.plain_call(argv) is not None
        done = _in_process(argv, PAGE.read_bytes() if "-" in argv else None, _environment(None), ROOT, False,
                           fast=fast)
        files = {str(p.relative_to(work)): p.read_bytes() for p in sorted(work.rglob("*")) if p.is_file()}
        return done.returncode, done.stdout, done.stderr, files

    fast, slow = one(True), one(False)
    assert fast == slow
    assert fast[0] in (0, 1, 2) and b"Traceback" not in fast[2]


@pytest.mark.parametrize("arguments", [
    ["validate"], ["validate", "--help"], ["validate", "-h"], ["--version"], ["validate", "--format", "xml", "a"],
    ["validate", "--jobs", "0", "a"], ["validate", "--jobs", "x", "a"], ["validate", "--jobs", "²", "a"], ["validate", "--strict=1", "a"],
    ["validate", "--previous"], ["validate", "--", "a"], ["validate", "--colour", "never", "a"],
    ["validate", "-j=2", "a"], ["validate", "a", "--previous", "./b.toml"],
    ["render", "a"], ["diff", "a", "b"], ["--lang", "fr", "validate", "a"], ["a", "validate"],
    ["import"], ["import", "--help"], ["import", "a", "-h"], ["import", "--jobs", "0", "a"], ["import", "-j=2", "a"],
    ["import", "--form", "2099", "a"], ["import", "--from-format", "xml", "a"], ["import", "--year", "-1", "a"],
    ["import", "--year", " 2021", "a"], ["import", "a", "--previous", "b//c.toml"], ["import", "-oout.toml", "a"],
    ["import", "-qo", "out.toml", "a"], ["import", "--force=1", "a"], ["import", "a", "--"], ["import", "a", "-o"],
    ["import", "--strict", "a"], ["validate", "--force", "a"], ["--force", "import", "a"],
])
def test_anything_else_goes_to_typer(arguments):
    assert quick.plain_call(arguments) is None


@pytest.mark.parametrize("arguments", [["import", "--help"], ["import", "--jobs", "0", "a"], ["import", "-j=2", "a"],
                                       ["import", "--year", "20x", "a"], ["import"]])
def test_what_goes_to_typer_is_answered_by_typer(arguments):
    fast = _in_process(arguments, None, _environment(None), ROOT, True)
    slow = _in_process(arguments, None, _environment(None), ROOT, True, fast=False)
    assert (fast.returncode, fast.stdout, fast.stderr) == (slow.returncode, slow.stdout, slow.stderr)
    assert fast.returncode in (0, 2) and "Traceback" not in fast.stderr


HEAVY = ("typer", "click", "jinja2", "jsonschema", "lxml", "pdfplumber", "docx", "tomlkit", "wcwidth", "tabulate",
         "weasyprint")


@pytest.mark.parametrize(("arguments", "needed"), [
    (["validate", PINGTAN_2022], ()),
    (["import", PAGE, "-q"], ("lxml",)),  # a page needs its parser, and no other
    (["import", SOURCES / "2019_fmt2019_shanghai-szfbgt.txt"], ()),
])
def test_a_plain_call_starts_without_typer(arguments, needed):
    code = ("import sys; from govinfo_cli import entry; entry.run(sys.argv[1:]); "
            f"print(sorted(m for m in {HEAVY!r} if m in sys.modules), file=sys.stderr)")
    result = subprocess.run([sys.executable, "-c", code, *map(str, arguments)], capture_output=True,
                            text=True, cwd=ROOT)
    assert result.stderr.strip().splitlines()[-1] == str(sorted(needed)), result.stdout + result.stderr
