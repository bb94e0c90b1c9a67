"""Shared helpers: the CLI through its real entry point, and paths of the bundled files."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

# hypothesis: "ci" (the default) a fixed budget, the same examples every run; "long" for a search of its own
# (pytest --hypothesis-profile=long tests/test_fuzz.py). Tests that set max_examples keep theirs.
settings.register_profile("ci", max_examples=500, deadline=None, derandomize=True, database=None, print_blob=True)
settings.register_profile("long", max_examples=20_000, deadline=None, print_blob=True)
settings.load_profile("ci")

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED = EXAMPLES / "2017-wenzhou-safety-bureau.toml"
PINGTAN_2021 = EXAMPLES / "2021-pingtan.toml"
PINGTAN_2022 = EXAMPLES / "2022-pingtan.toml"
SHANGHAI_2019 = EXAMPLES / "2019-shanghai-szfbgt.toml"


def _environment(env: dict[str, str] | None) -> dict[str, str]:
    """The process environment for a run: English messages and no colour settings, unless a test asks."""
    import os

    environment = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "NO_COLOR", "LANGUAGE")}
    environment.update({"LANG": "C.UTF-8", **(env or {})})
    return environment


def govinfo(*args: str | Path, input: str | bytes | None = None, env: dict[str, str] | None = None,
            cwd: Path | None = None, process: bool = False) -> subprocess.CompletedProcess:
    """Run govinfo on ``args`` and capture what it prints and its exit code.

    In-process by default, through the entry point's own ``run`` (the language chosen from the
    arguments and environment, Typer's and click's messages bound as the program binds them).
    ``process=True`` starts ``python -m govinfo_cli`` instead: for what only a real process
    shows (help texts in another language, which are built when the CLI is imported; signals,
    pipes, terminals, the start-up itself). Chinese runs always take a process, for that reason.
    """
    arguments = [str(a) for a in args]
    environment = _environment(env)
    text = isinstance(input, str) or input is None
    from govinfo_cli.entry import language_argument
    from govinfo_cli.i18n import language_from_environment

    if process or (language_argument(arguments) or language_from_environment(environment)) == "zh":
        return subprocess.run([sys.executable, "-m", "govinfo_cli", *arguments], input=input, capture_output=True,
                              text=text, env=environment, cwd=cwd or ROOT, timeout=120)
    return _in_process(arguments, input, environment, cwd or ROOT, text)


@contextlib.contextmanager
def _environment_set(environment: dict[str, str]) -> Iterator[None]:
    """os.environ made ``environment`` for a while, touching only the variables that differ
    (mock.patch.dict's clear-and-restore sets every variable twice: a millisecond a run)."""
    saved = dict(os.environ)
    for key in saved.keys() - environment.keys():
        del os.environ[key]
    for key, value in environment.items():
        if saved.get(key) != value:
            os.environ[key] = value
    try:
        yield
    finally:
        for key in os.environ.keys() - saved.keys():
            del os.environ[key]
        for key, value in saved.items():
            if os.environ.get(key) != value:
                os.environ[key] = value


def _in_process(arguments: list[str], input: str | bytes | None, environment: dict[str, str], cwd: Path,
                text: bool, fast: bool = True) -> subprocess.CompletedProcess:
    from click.testing import CliRunner

    from govinfo_cli import entry

    before = Path.cwd()
    with _environment_set(environment), CliRunner().isolation(input=input) as (out, err, _mixed):
        os.chdir(cwd)
        try:
            code = entry.run(arguments, fast=fast)
        finally:
            os.chdir(before)
            sys.stdout.flush()
            sys.stderr.flush()
        stdout, stderr = out.getvalue(), err.getvalue()
    if text:
        return subprocess.CompletedProcess(arguments, code, stdout.decode("utf-8", "replace"),
                                           stderr.decode("utf-8", "replace"))
    return subprocess.CompletedProcess(arguments, code, stdout, stderr)


def validate_json(*args: str | Path) -> tuple[int, dict]:
    result = govinfo("validate", "--format", "json", *args)
    assert result.stderr == "" or "Traceback" not in result.stderr, result.stderr
    return result.returncode, json.loads(result.stdout)


def require(found: object, what: str, install: str) -> None:
    """Skip a test whose outside tool is missing here; fail it where the tools must be there.

    .ci/run installs every tool the tests use and sets GOVINFO_REQUIRE_TOOLS=1, so that a
    missing one fails the run instead of silently skipping what it checks.
    """
    if found:
        return
    message = f"{what} is not installed ({install}); .ci/run installs it"
    if os.environ.get("GOVINFO_REQUIRE_TOOLS") or os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture
def run():
    return govinfo


def with_cell(text: str, path: str, literal: str) -> str:
    """``text`` with the value of the cell at ``path`` replaced by the TOML ``literal``."""
    from govinfo_cli.model.report import parse_report

    line = parse_report(text, "x").line(path)
    lines = text.splitlines(keepends=True)
    key = path.rpartition(".")[2]
    assert line is not None and lines[line - 1].startswith(key), (path, line)
    lines[line - 1] = f"{key} = {literal}\n"
    return "".join(lines)


# --- the browser (Debian's chromium, headless) ----------------------------------------------------------


def chromium() -> str | None:
    import shutil

    return shutil.which("chromium") or shutil.which("chromium-browser")


def run_chromium(*args: str) -> subprocess.CompletedProcess[str]:
    import tempfile

    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run(
            [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--hide-scrollbars", f"--user-data-dir={profile}", *args],
            capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)


@pytest.fixture(scope="module")
def browser():
    require(chromium(), "chromium", "apt-get install chromium")
    return chromium()


def check_contract(document: dict, name: str) -> None:
    """Validate a JSON output against its contract in schemas/ (``validate-result``, ``diff-result``, ``sum-result``).

    The diff's contract refers to the validate contract's finding, so both are in the registry.
    """
    import jsonschema
    from referencing import Registry, Resource

    from govinfo_cli.resources import schema_path

    contracts = {n: json.loads(schema_path(f"{n}.schema.json").read_text(encoding="utf-8"))
                 for n in ("validate-result", "diff-result", "sum-result")}
    registry = Registry().with_resources((c["$id"], Resource.from_contents(c)) for c in contracts.values())
    schema = contracts[name]
    jsonschema.validators.validator_for(schema)(schema, registry=registry).validate(document)


# --- PDF read back (pypdf) -------------------------------------------------------------------------

A4_POINTS = (595.28, 841.89)


def pdf_pages(path: Path) -> list[str]:
    """The text layer of each page."""
    import pypdf

    return [page.extract_text() for page in pypdf.PdfReader(str(path)).pages]


def missing_from_pdf(text: str, data: dict, form) -> list[str]:  # form: Form
    """What of the report the PDF text lacks: numbers (each as often as the file has it) and labels.

    Numbers are compared as the words of the text; labels with white space taken out, since a
    label may wrap inside its cell.
    """
    import re
    from collections import Counter

    def value(path: str) -> str:
        node = data
        for key in path.split("."):
            if not isinstance(node, dict) or key not in node:
                return ""
            node = node[key]
        return str(node)

    words = Counter(re.findall(r"-?\d+(?:\.\d+)?", text))
    numbers = Counter(v for v in (value(path) for path in form.cells) if v)
    lacking = [f"{number} ×{count - words[number]}" for number, count in numbers.items() if words[number] < count]
    flat = re.sub(r"\s+", "", text)
    labels = {cell.title for cell in form.cells.values()} | {node.title for node in form.nodes.values()}
    labels |= {section.title for section in form.sections.values() if not section.untitled}
    lacking += sorted(label for label in labels if re.sub(r"\s+", "", label) not in flat)
    return lacking


def pdf_fonts_embedded(path: Path) -> dict[str, bool]:
    """Each font the PDF's pages use, and whether its glyphs are embedded in the file."""
    import pypdf

    fonts: dict[str, bool] = {}
    for page in pypdf.PdfReader(str(path)).pages:
        resources = page.get("/Resources")
        for font in (resources.get_object().get("/Font") or {}).values() if resources else []:
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            described = descendants[0].get_object() if descendants else font
            descriptor = described.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            embedded = font.get("/Subtype") == "/Type3" or any(
                key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
            fonts[str(font.get("/BaseFont", font.get("/Subtype")))] = embedded
    return fonts


def assert_render_notes(path: str | Path, stderr: str, schema_errors: int = 0) -> None:
    """``render`` said on stderr only its notes: the schema errors, then the blank cells, each when there are."""
    from govinfo_cli.checks.completeness import completeness
    from govinfo_cli.model.report import load_report

    notes = stderr.splitlines()
    if schema_errors:
        errors = "schema error" if schema_errors == 1 else "schema errors"
        assert notes.pop(0) == f"govinfo: {path} has {schema_errors} {errors}; run govinfo validate {path}"
    filled = completeness(load_report(str(path)))
    if filled is not None and not filled.complete:
        blank = filled.cells - filled.filled
        assert notes.pop(0).startswith(f"govinfo: {path}: {blank} of {filled.cells} cells are blank"), stderr
    assert notes == [], stderr


def on_a_terminal(*args: str, env: dict[str, str]) -> str:
    """Run govinfo with stdout and stderr on a pseudo-terminal; what it printed."""
    import os
    import pty

    controller, terminal = pty.openpty()
    environment = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    environment.update({"LANG": "C.UTF-8", "TERM": "xterm", **env})
    process = subprocess.Popen([sys.executable, "-m", "govinfo_cli", *args], stdout=terminal, stderr=terminal,
                               env=environment, cwd=ROOT)
    os.close(terminal)
    output = b""
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
    process.wait(timeout=60)
    os.close(controller)
    return output.decode("utf-8", "replace")
