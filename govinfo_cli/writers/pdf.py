"""PDF: the report's HTML page printed by WeasyPrint.

The page (templates/report.html.j2) carries its own print style sheet: A4 pages, the
table header repeated on each page, no row split. WeasyPrint lays it out and embeds
the subset of each font it uses, so the PDF has a text layer and reads the same
everywhere. Its output is the same bytes for the same page (no date, no random id).

WeasyPrint is an optional dependency (``pip install 'govinfo[pdf]'``) and needs the
Pango library of the system; it is imported here only, when a PDF is asked for.
"""

from __future__ import annotations

import logging

from govinfo_cli.model.report import Report


class PdfEngineMissing(Exception):
    """WeasyPrint, or the system library it needs, is not installed."""


def render_pdf(report: Report, tables_only: bool = False) -> bytes:
    from govinfo_cli.writers.render import render

    return html_to_pdf(render(report, "html", tables_only=tables_only))


def html_to_pdf(page: str) -> bytes:
    try:
        import weasyprint
    except (ImportError, OSError) as error:  # OSError: Pango missing, found when WeasyPrint loads it
        raise PdfEngineMissing(str(error)) from None
    # WeasyPrint warns on stderr of CSS it does not use (screen-only rules); the page is still right
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    return weasyprint.HTML(string=page).write_pdf()
