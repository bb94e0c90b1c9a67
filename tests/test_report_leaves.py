"""A report's cells by key path (Report.leaves) are noted while its data is read: the same as a walk over the
data afterwards gives (the checks look cells up; the order they were noted in is the file's for a plain file)."""

from __future__ import annotations

import sys

from conftest import EXAMPLES, FIXTURES, ROOT

from govinfo_cli.model.report import Report, ReportError, parse_report


def walked(report: Report) -> dict[str, object]:
    again = Report(path=report.path, text=report.text, data=report.data)  # leaves worked out when asked
    return again.leaves


def test_leaves_noted_while_reading_are_those_walked(tmp_path):
    sys.path.insert(0, str(ROOT / "bench"))
    import corpus

    paths = [*EXAMPLES.glob("*.toml"), *FIXTURES.rglob("*.toml"),
             *(entry.path for entry in corpus.generate(tmp_path, 80, seed=5, exclude=("not_utf8",)))]
    read = 0
    for path in paths:
        try:
            report = parse_report(path.read_text(encoding="utf-8"), str(path))
        except ReportError:
            continue
        read += 1
        assert report.leaves == walked(report), path
    assert read > 60
