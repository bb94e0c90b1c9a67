"""Writing results: to stdout, or to a file without ever losing the user's data."""

from __future__ import annotations

import errno
import os
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path


class OutputExists(Exception):
    def __init__(self, path: str) -> None:
        super().__init__(path)
        self.path = path


def write_output(data: str | bytes | Iterable[str], destination: str | None, force: bool = False) -> None:
    """Write ``data`` to ``destination`` (None or ``-``: stdout): text (a string, or pieces of one, which
    are never joined in memory) as UTF-8, bytes as they are.

    A file is written through a temporary file in the same folder and then moved
    into place, so a crash never leaves half a report. Without ``force`` an
    existing file is never replaced: the final step is a hard link, which fails
    if the name was taken meanwhile.
    """
    pieces = [data] if isinstance(data, (str, bytes)) else data
    if destination in (None, "-"):
        if isinstance(data, bytes):
            sys.stdout.flush()
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        else:
            sys.stdout.writelines(pieces)  # type: ignore[arg-type]  # str pieces here
            sys.stdout.flush()
        return
    target = Path(destination)
    if target.is_dir():
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), destination)
    if target.exists() and not force:
        raise OutputExists(destination)
    descriptor, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or ".")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            for piece in pieces:
                handle.write(piece.encode("utf-8") if isinstance(piece, str) else piece)
            handle.flush()
            os.fsync(handle.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)  # mkstemp makes 0600; a report is an ordinary file
        if force:
            os.replace(temporary, target)
        else:
            try:
                os.link(temporary, target)
            except FileExistsError:
                raise OutputExists(destination) from None
            os.unlink(temporary)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
