"""What validate prints for a generated corpus is recorded: a speed-up that changes one byte of it fails.

tests/golden/ holds the text output for a seeded corpus (varied reports of all forms, a realistic
mix and findings-heavy reports, from bench/corpus.py) and the SHA-256 of the JSON output. The
output is the same checked in one process or by workers. After a change that is meant to change
what validate says, record it again: ``GOVINFO_REGOLD=1 python -m pytest tests/test_golden.py``
(and read the diff of tests/golden/validate.txt before committing it).
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path

import pytest
from conftest import ROOT, govinfo

GOLDEN = ROOT / "tests" / "golden"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    sys.path.insert(0, str(ROOT / "bench"))
    import corpus as generator

    folder = tmp_path_factory.mktemp("golden")
    generator.generate(folder / "varied", 40, seed=7)
    generator.generate(folder / "mix", 9, seed=8, form="2021", kind="mix")
    generator.generate(folder / "heavy", 2, seed=9, form="2021", kind="heavy")
    return folder


def _output(corpus: Path, fmt: str, jobs: str) -> str:
    result = govinfo("validate", "--format", fmt, "--jobs", jobs, "varied", "mix", "heavy", cwd=corpus)
    assert result.returncode in (1, 2), result.stderr
    return result.stdout


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_validate_prints_what_is_recorded(corpus, jobs):
    text, data = _output(corpus, "text", jobs), _output(corpus, "json", jobs)
    digest = hashlib.sha256(data.encode("utf-8")).hexdigest()
    if os.environ.get("GOVINFO_REGOLD"):
        GOLDEN.mkdir(exist_ok=True)
        (GOLDEN / "validate.txt").write_text(text, encoding="utf-8")
        (GOLDEN / "validate-json.sha256").write_text(digest + "\n", encoding="utf-8")
    assert text == (GOLDEN / "validate.txt").read_text(encoding="utf-8")
    assert digest == (GOLDEN / "validate-json.sha256").read_text(encoding="utf-8").strip()
    assert json.loads(data)["summary"]["files"] == len(list(corpus.rglob("*.toml")))
