"""Where render and diff write, and in which format: -o's suffix, --format, and what is refused."""

from __future__ import annotations

import os
import pty
import subprocess
import sys

import pytest
from conftest import PINGTAN_2021, PINGTAN_2022, ROOT, SEED, govinfo

from govinfo_cli.commands.app import SUFFIXES

RENDER_FORMATS = ["text", "markdown", "html", "docx", "pdf"]
DIFF_FORMATS = ["text", "markdown", "html", "json", "docx"]
MAGIC = {"docx": b"PK\x03\x04", "pdf": b"%PDF-", "html": b"<!DOCTYPE html>", "markdown": b"# ", "json": b"{"}


def _check_suffix(path, fmt: str) -> None:
    data = path.read_bytes()
    if fmt == "text":
        assert b"+---" in data or b"----" in data
    else:
        assert data.startswith(MAGIC[fmt]), (path, data[:20])


# .pdf: tests/test_pdf.py renders every example to report.pdf with no --format (WeasyPrint takes seconds)
@pytest.mark.parametrize("suffix", [s for s, f in SUFFIXES.items() if f in RENDER_FORMATS and f != "pdf"])
def test_render_format_follows_the_suffix(suffix, tmp_path):
    target = tmp_path / f"report{suffix.upper()}"  # the suffix's case does not matter
    result = govinfo("render", SEED, "-o", target)
    assert result.returncode == 0 and result.stderr == "", result.stderr
    _check_suffix(target, SUFFIXES[suffix])


@pytest.mark.parametrize("suffix", [s for s, f in SUFFIXES.items() if f in DIFF_FORMATS])
def test_diff_format_follows_the_suffix(suffix, tmp_path):
    target = tmp_path / f"diff{suffix}"
    result = govinfo("diff", PINGTAN_2021, PINGTAN_2022, "-o", target)
    assert result.returncode == 1 and result.stdout == "" and result.stderr == "", result.stderr
    _check_suffix(target, SUFFIXES[suffix])


@pytest.mark.parametrize("command, formats", [
    (("render", SEED), RENDER_FORMATS),
    (("diff", PINGTAN_2021, PINGTAN_2022), DIFF_FORMATS),
])
def test_an_unknown_suffix_lists_the_formats(command, formats, tmp_path):
    for name in ("report.odt", "report.pdf" if "pdf" not in formats else "report.json"):
        target = tmp_path / name
        result = govinfo(*command, "-o", target)
        assert result.returncode == 2 and result.stdout == "" and not target.exists()
        assert result.stderr.count("\n") == 1 and str(target) in result.stderr
        assert all(fmt in result.stderr for fmt in formats), result.stderr
    assert govinfo(*command, "-o", tmp_path / "report.odt", "--format", "html").returncode in (0, 1)  # told


@pytest.mark.parametrize("command", [("render", SEED), ("diff", PINGTAN_2021, PINGTAN_2022)])
def test_a_suffix_that_contradicts_the_format_is_refused(command, tmp_path):
    target = tmp_path / "report.docx"
    result = govinfo(*command, "--format", "html", "-o", target)
    assert result.returncode == 2 and not target.exists()
    assert result.stderr.count("\n") == 1 and ".docx" in result.stderr and "html" in result.stderr


@pytest.mark.parametrize("command", [("render", SEED), ("diff", PINGTAN_2021, PINGTAN_2022)])
def test_output_to_a_folder_is_a_clear_error(command, tmp_path):
    for force in ((), ("--force",)):
        result = govinfo(*command, "--format", "html", "-o", tmp_path, *force)
        assert result.returncode == 2 and result.stdout == ""
        assert result.stderr == f"govinfo: {tmp_path} is a folder; give -o a file name\n"


def test_diff_never_overwrites_without_force(tmp_path):
    target = tmp_path / "diff.md"
    target.write_text("mine", encoding="utf-8")
    result = govinfo("diff", PINGTAN_2021, PINGTAN_2022, "-o", target)
    assert result.returncode == 2 and "--force" in result.stderr and target.read_text(encoding="utf-8") == "mine"
    assert govinfo("diff", PINGTAN_2021, PINGTAN_2022, "-o", target, "--force").returncode == 1
    assert target.read_text(encoding="utf-8").startswith("# ")


def _on_a_terminal(*args: str) -> tuple[int, bytes]:
    """Run govinfo with its stdout on a pseudo-terminal; (exit code, what it showed there)."""
    leader, follower = pty.openpty()
    environment = {**os.environ, "LANG": "C.UTF-8"}
    process = subprocess.Popen([sys.executable, "-m", "govinfo_cli", *args], stdout=follower,
                               stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, cwd=ROOT, env=environment)
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed: the program ended
            break
        if not chunk:
            break
        shown += chunk
    code = process.wait(timeout=120)
    os.close(leader)
    return code, shown + process.stderr.read()


@pytest.mark.parametrize("command", [("render", SEED, "--format", "docx"), ("render", SEED, "--format", "pdf"),
                                     ("diff", PINGTAN_2021, PINGTAN_2022, "--format", "docx")])
def test_binary_formats_are_not_written_to_a_terminal(command):
    code, shown = _on_a_terminal(*map(str, command))
    assert code == 2
    assert shown.decode("utf-8").strip() == f"govinfo: {command[-1]} is not for a terminal; write it to a file " \
                                            "with -o FILE"


def test_a_missing_pdf_engine_says_what_to_install(tmp_path):
    fake = tmp_path / "site"
    fake.mkdir()
    (fake / "weasyprint.py").write_text("raise OSError(\"cannot load library 'libpango-1.0-0'\")\n", encoding="utf-8")
    target = tmp_path / "report.pdf"
    result = govinfo("render", SEED, "-o", target, env={"PYTHONPATH": str(fake)}, process=True)
    assert result.returncode == 2 and not target.exists()
    assert result.stderr == ("govinfo: PDF needs WeasyPrint: pip install 'govinfo[pdf]' (on Debian also: "
                             "apt-get install libpango-1.0-0 libpangoft2-1.0-0)\n")

