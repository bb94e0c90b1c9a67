"""Reading a *plain* report file without the general TOML parser.

A batch of reports spends most of its time in the TOML parser (tomli, compiled, reads
character by character). Report files are nearly always plain: ``[bare.table]`` headers,
``bare_key = value`` lines whose value is a whole number, a decimal, a date or a string
without escapes, comments and blank lines. One regular expression reads such a file a line at
a time, ten times as fast, and gives what :func:`govinfo_cli.model.report.parse_report` makes
of tomli's result: the data (dates as ISO text, decimals through ``parse_float``), every
value by its key path, and every key path's line as :func:`toml_lines.key_lines` finds it.

Anything else — an escape, a quoted or dotted key, an array, a boolean, a time, a ``\\r``, a key
or table written twice, a malformed line — makes :func:`parse_plain` return None, and the
caller asks tomli, which reads the file or words the error. So a file read here is one tomli
reads the same way (tests/test_plain_toml.py holds the two together, on generated texts).
"""

from __future__ import annotations

import datetime
import functools
import re

TYPE_CHECKING = False  # typing is not imported at run time: every start pays for it
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

# What TOML allows in a one-line string and a comment: no control character but tab (and none of the
# characters str.splitlines() breaks at, so that lines are counted by "\n" alone, as key_lines counts them).
_TEXT = r"[^\x00-\x08\x0a-\x1f\x7f\x85\u2028\u2029"
_LINE = rf"""
[ \t]*+(?:
    \[([A-Za-z0-9_-]++(?:\.[A-Za-z0-9_-]++)*+)\]                   # [table]
  | ([A-Za-z0-9_-]++)[ \t]*+=[ \t]*+(?:                             # key = …
        ([0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}})(?![0-9:Tt])               # a date
      | (-?(?:0|[1-9][0-9]*+))(\.[0-9]++)?+(?![0-9eE_.:-])           # a whole number, a decimal
      | \"\"\"\n?+((?:[^"\\\x00-\x08\x0b-\x1f\x7f\x85\u2028\u2029]++|"(?!""))*+)\"\"\"  # a multi-line string
      | "({_TEXT}"\\]*+)"                                            # a string
      | '({_TEXT}']*+)'                                              # a literal string
    )
)?+[ \t]*+(?:\#{_TEXT}]*+)?+(?:\n|\Z)
"""


@functools.cache  # compiled when a report is first read: most commands read none (start-up time)
def _line() -> re.Pattern[str]:
    return re.compile(_LINE, re.VERBOSE)


def parse_plain(text: str, parse_float: Callable[[str], Any]
                ) -> tuple[dict[str, Any], dict[str, Any], dict[str, int]] | None:
    """A plain file's data, its values by key path and its key paths' lines; None for any other text."""
    data: dict[str, Any] = {}
    leaves: dict[str, Any] = {}
    lines: dict[str, int] = {}
    tables: set[str] = set()
    table = data
    prefix = ""
    number = 1
    position = 0
    end = len(text)
    match = _line().match
    while position < end:
        line = match(text, position)
        if line is None:
            return None
        header, key, date, whole, fraction, long, basic, literal = line.groups()
        if key is not None:
            if key in table:
                return None
            if whole is not None:
                value: Any = int(whole) if fraction is None else parse_float(whole + fraction)
            elif date is not None:
                try:
                    datetime.date(int(date[:4]), int(date[5:7]), int(date[8:]))
                except ValueError:
                    return None
                value = date
            else:
                value = long if long is not None else basic if basic is not None else literal
            table[key] = value
            path = prefix + key
            leaves[path] = value
            lines.setdefault(path, number)
        elif header is not None:
            if header in tables:
                return None
            tables.add(header)
            table = data
            place = ""
            for part in header.split("."):
                table = table.setdefault(part, {})
                if type(table) is not dict:
                    return None
                place = f"{place}.{part}" if place else part
                lines.setdefault(place, number)
            prefix = header + "."
        position = line.end()
        number += 1 if long is None else text.count("\n", line.start(), position)
    return data, leaves, lines
