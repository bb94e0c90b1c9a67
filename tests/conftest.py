"""Shared helpers: the CLI through its real entry point, and paths of the bundled files."""

from __future__ import annotations

import json
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
    import os

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
