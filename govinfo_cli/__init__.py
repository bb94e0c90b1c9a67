"""govinfo: the annual government information-disclosure report as a data file.

The library behind the ``govinfo`` command, for programs::

    import govinfo_cli as govinfo

    report = govinfo.load_report("2022.toml")
    for finding in govinfo.check_report(report, previous=govinfo.load_report("2021.toml")):
        print(finding.line, finding.code, finding.label, finding.message)

The names below are imported when first used, so that ``import govinfo_cli`` (which every
start of the command does) stays cheap.
"""

from __future__ import annotations

import importlib

TYPE_CHECKING = False  # typing is not imported at run time: every start pays for it
if TYPE_CHECKING:
    from typing import Any

__version__ = "0.1.0"

_API = {
    "load_report": "govinfo_cli.model.report",
    "parse_report": "govinfo_cli.model.report",
    "ReportError": "govinfo_cli.model.report",
    "load_form": "govinfo_cli.model.forms",
    "check_report": "govinfo_cli.checks.validate",
    "validate_file": "govinfo_cli.checks.validate",
    "CATALOGUE": "govinfo_cli.checks.catalogue",
    "diff_reports": "govinfo_cli.checks.diff",
    "render": "govinfo_cli.writers.render",
    "scaffold": "govinfo_cli.writers.scaffold",
    "fill": "govinfo_cli.compute.fill",
    "completeness": "govinfo_cli.checks.completeness",
}

__all__ = ["__version__", *_API]


def __getattr__(name: str) -> Any:
    if name not in _API:
        raise AttributeError(f"module 'govinfo_cli' has no attribute {name!r}")
    return getattr(importlib.import_module(_API[name]), name)
