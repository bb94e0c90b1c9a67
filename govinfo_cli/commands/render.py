"""govinfo render: a report as a document (text, Markdown, HTML, Word or PDF)."""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING

import typer

from govinfo_cli.commands.app import (
    app,
    check_output,
    fail,
    load_or_fail,
    output_format,
    write_or_fail,
)
from govinfo_cli.i18n import _

if TYPE_CHECKING:
    from govinfo_cli.model.report import Report


class RenderFormat(str, Enum):
    text = "text"
    markdown = "markdown"
    html = "html"
    docx = "docx"
    pdf = "pdf"


@app.command(help=_("Print a report as a document: text for a terminal, Markdown, HTML, Word (docx) or PDF in "
                     "the official table layout."))
def render(
    file: str = typer.Argument(..., metavar="FILE", help=_("Report file (- = stdin).")),
    format: RenderFormat | None = typer.Option(None, "--format", help=_("Output format (default: from the "
                                                                           "-o file's suffix: .txt, .md, .html, "
                                                                           ".docx, .pdf; else text).")),
    output: str = typer.Option("-", "-o", "--output", metavar="FILE", help=_("Where to write (- = stdout).")),
    force: bool = typer.Option(False, "--force", help=_("Replace FILE if it exists.")),
    tables_only: bool = typer.Option(False, "--tables-only", help=_("Only the tables, under their headings.")),
    fragment: bool = typer.Option(False, "--fragment", help=_("HTML: only the report's markup, to paste into a "
                                                             "site's editor (no page, no style sheet).")),
) -> None:
    from govinfo_cli.writers.render import blank_note, schema_note

    chosen = output_format(format.value if format else None, output, [f.value for f in RenderFormat])
    if fragment and chosen != "html":
        fail(_("--fragment applies to HTML only; add --format html"))
    check_output(output, chosen, force)
    report = load_or_fail(file)
    for note in (schema_note(report), blank_note(report)):
        if note:  # still rendered: the editor sees the document, and is told to validate it
            typer.echo(f"govinfo: {note}", err=True)
    write_or_fail(document(report, chosen, tables_only, fragment), output, force)


def document(report: Report, fmt: str, tables_only: bool, fragment: bool) -> str | bytes:
    if fmt == "docx":
        from govinfo_cli.writers.docx import render_docx

        return render_docx(report, tables_only=tables_only)
    if fmt == "pdf":
        from govinfo_cli.writers.pdf import PdfEngineMissing, render_pdf

        try:
            return render_pdf(report, tables_only=tables_only)
        except PdfEngineMissing:
            fail(_("PDF needs WeasyPrint: pip install 'govinfo[pdf]' (on Debian also: apt-get install "
                   "libpango-1.0-0 libpangoft2-1.0-0)"))
    from govinfo_cli.writers.render import render as render_report

    return render_report(report, fmt, tables_only=tables_only, fragment=fragment)
