"""Markdown escaping: one set of rules for every Markdown govinfo writes (``render`` and ``diff``).

Every text from a report file (and from the schemas) is escaped, so a report can never
inject markup, nor a template tag for a site that passes Markdown through a template engine.
"""

from __future__ import annotations

import re

# Backslash-escaped everywhere (CommonMark lets any ASCII punctuation be escaped): what could
# start emphasis, code, links, HTML, entities, tables, strikethrough, math or a template tag.
_ANYWHERE = re.compile(r"([\\`*_\[\]<>&|~$#{}])")
# At the start of a line: list items, setext underlines and ordered-list numbers.
_LINE_START = re.compile(r"^([-+=])|^(\d+)([.)])")
# CommonMark's line endings: inside a heading, a table cell or a list item each would end it.
_LINE_END = re.compile(r"\r\n|[\r\n]")


def md_escape(text: str) -> str:
    """Text inside one line (a heading, a table cell, a list item, bold): line breaks folded to
    spaces, markup characters escaped."""
    return _ANYWHERE.sub(r"\\\1", _LINE_END.sub(" ", text))


def md_paragraph(text: str) -> str:
    """A paragraph of its own: also what would start a list or an underline at its start."""
    return _LINE_START.sub(lambda m: f"\\{m.group(1)}" if m.group(1) else f"{m.group(2)}\\{m.group(3)}",
                           md_escape(text))
