"""govinfo render: a report as a document (text, Markdown, HTML)."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from govinfo_cli.commands.app import (
    app,
    fail,
    load_or_fail,
    write_or_fail,
)
from govinfo_cli.i18n import _


class RenderFormat(str, Enum):
    text = "text"
    markdown = "markdown"
    html = "html"


_RENDER_SUFFIXES = {".html": "html", ".htm": "html", ".md": "markdown", ".markdown": "markdown"}


@app.command(help=_("Print a report as a document: text for a terminal, Markdown, or HTML in the official "
                     "table layout."))
def render(
    file: str = typer.Argument(..., metavar="FILE", help=_("Report file (- = stdin).")),
    format: RenderFormat | None = typer.Option(None, "--format", help=_("Output format (default: from the "
                                                                           "-o file's suffix, .html or .md; "
                                                                           "else text).")),
    output: str = typer.Option("-", "-o", "--output", metavar="FILE", help=_("Where to write (- = stdout).")),
    force: bool = typer.Option(False, "--force", help=_("Replace FILE if it exists.")),
    tables_only: bool = typer.Option(False, "--tables-only", help=_("Only the tables, under their headings.")),
    fragment: bool = typer.Option(False, "--fragment", help=_("HTML: only the report's markup, to paste into a "
                                                             "site's editor (no page, no style sheet).")),
) -> None:
    from govinfo_cli.writers.render import render as render_report
    from govinfo_cli.writers.render import schema_note

    if format is not None:
        chosen = format.value
    else:
        chosen = _RENDER_SUFFIXES.get(Path(output).suffix.lower(), "text") if output != "-" else "text"
    if fragment and chosen != "html":
        fail(_("--fragment applies to HTML only; add --format html"))
    report = load_or_fail(file)
    note = schema_note(report)
    if note:  # still rendered: the editor sees the document, and is told to validate it
        typer.echo(f"govinfo: {note}", err=True)
    write_or_fail(render_report(report, chosen, tables_only=tables_only, fragment=fragment), output, force)
