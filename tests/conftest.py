"""Shared helpers: the CLI through its real entry point, and paths of the bundled files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED = EXAMPLES / "2017-wenzhou-safety-bureau.toml"
PINGTAN_2021 = EXAMPLES / "2021-pingtan.toml"
PINGTAN_2022 = EXAMPLES / "2022-pingtan.toml"
SHANGHAI_2019 = EXAMPLES / "2019-shanghai-szfbgt.toml"


def govinfo(*args: str | Path, input: str | bytes | None = None, env: dict[str, str] | None = None,
            cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``python -m govinfo_cli`` (the installed entry point's module) and capture its output."""
    environment = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "NO_COLOR")}
    environment.update({"LANG": "C.UTF-8", **(env or {})})  # English messages unless a test asks otherwise
    return subprocess.run(
        [sys.executable, "-m", "govinfo_cli", *map(str, args)],
        input=input, capture_output=True, text=isinstance(input, str) or input is None,
        env=environment, cwd=cwd or ROOT, timeout=120,
    )


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
