"""A small progress bar on stderr, for commands that work through many files.

Drawn only when stderr is a terminal (never in cron, a pipe or a log file), not
with ``TERM=dumb``, and only for many files; redrawn at most ten times a second,
and wiped when done so that the summary line that follows stands alone.
"""

from __future__ import annotations

import os
import sys
import time

TYPE_CHECKING = False  # typing is not imported at run time: every start pays for it
if TYPE_CHECKING:
    from typing import TextIO

MANY = 5  # fewer files are done before a bar would tell anything
WIDTH = 30  # characters of the bar itself
INTERVAL = 0.1  # seconds between redraws


class Progress:
    def __init__(self, total: int, stream: TextIO | None = None, enabled: bool = True) -> None:
        self.total = total
        self.done = 0
        self.stream = stream or sys.stderr
        self.enabled = enabled
        self.drawn = 0.0

    def advance(self, steps: int = 1) -> None:
        self.done += steps
        now = time.monotonic()
        if self.enabled and (now - self.drawn >= INTERVAL or self.done >= self.total):
            self.drawn = now
            filled = WIDTH * self.done // max(self.total, 1)
            self.stream.write(f"\r[{'#' * filled}{'.' * (WIDTH - filled)}] {self.done}/{self.total}")
            self.stream.flush()

    def close(self) -> None:
        if self.enabled and self.drawn:
            self.stream.write("\r" + " " * (WIDTH + 3 + 2 * len(str(self.total)) + 1) + "\r")
            self.stream.flush()


def progress(total: int, quiet: bool = False, stream: TextIO | None = None) -> Progress:
    """A bar for ``total`` files, drawn only where a person watches a terminal."""
    stream = stream or sys.stderr
    watched = stream.isatty() and os.environ.get("TERM") != "dumb"
    return Progress(total, stream, enabled=watched and not quiet and total >= MANY)
