"""Readers of published reports for ``govinfo import``: a file in, a :class:`Document` out.

The kind of a file is told by its content, not its name (``--from-format`` forces one);
each kind's parser is imported only when a file of that kind is read.
"""

from __future__ import annotations

import re
from pathlib import Path

from govinfo_cli.i18n import _

TYPE_CHECKING = False  # typing is not imported at run time: every start pays for it
if TYPE_CHECKING:
    from govinfo_cli.readers.document import Document

KINDS = ("html", "pdf", "docx", "text")  # the CLI lists them: this module stays light to import
# A page starts with markup; a text that mentions a tag does not. (Compiled when first used.)
_HTML = (rb"^(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*"
         rb"<(?:!doctype\s+html|html|head|body|meta|table|div|p|article|section)[\s>]")


def sniff(raw: bytes) -> str:
    """The kind of a source by its first bytes."""
    from govinfo_cli.readers.document import SourceError

    head = raw[:4096].lstrip()
    if head.startswith(b"%PDF"):
        return "pdf"
    if raw.startswith(b"PK\x03\x04"):
        import io
        import zipfile

        try:
            with zipfile.ZipFile(io.BytesIO(raw)) as archive:
                if "word/document.xml" in archive.namelist():
                    return "docx"
        except zipfile.BadZipFile:
            pass
        raise SourceError(_("is a ZIP archive but not a Word .docx file"))
    if raw.startswith(b"\xd0\xcf\x11\xe0"):
        raise SourceError(_("is an old Word .doc (or other Office 97–2003) file; save it as .docx and import that"))
    if re.match(_HTML, raw[:4096], re.I | re.S):
        return "html"
    if b"\0" in head:
        raise SourceError(_("is a binary file, not a report (a web page, PDF, .docx or text)"))
    return "text"


def read_source(path: str, kind: str | None = None) -> tuple[Document, str]:
    """The document in ``path`` (``-``: standard input) and the SHA-256 of its bytes; :class:`SourceError`
    when it cannot be read."""
    import hashlib
    import sys

    from govinfo_cli.readers.document import SourceError

    try:
        raw = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    except FileNotFoundError:
        raise SourceError(_("no such file; check the name")) from None
    except IsADirectoryError:
        raise SourceError(_("is a folder; give -o DIR to import every file in it")) from None
    except OSError as error:
        raise SourceError(_("cannot be read: {reason}").format(reason=error.strerror or error)) from None
    if not raw.strip():
        raise SourceError(_("is empty"))
    kind = kind or sniff(raw)
    if kind == "html":
        from govinfo_cli.readers.html import read_html as read
    elif kind == "pdf":
        from govinfo_cli.readers.pdf import read_pdf as read
    elif kind == "docx":
        from govinfo_cli.readers.docx import read_docx as read
    else:
        from govinfo_cli.readers.text import read_text as read
    return read(raw, path), hashlib.sha256(raw).hexdigest()
