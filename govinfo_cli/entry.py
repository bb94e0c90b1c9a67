"""The ``govinfo`` program: choose the language, then run the Typer app (or the fast path).

Typer builds every help text when :mod:`govinfo_cli.cli` is imported, so the
language has to be known before that import: ``--lang`` is read off the command
line here (the app parses it again, and reports a bad value). A plain ``validate`` or
``import`` call skips Typer altogether (govinfo_cli/quick.py).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

from govinfo_cli.i18n import LANGUAGES, _, set_language, translate_typer

EXIT_TROUBLE = 2


def language_argument(argv: list[str]) -> str | None:
    """The value of ``--lang`` in ``argv`` (``--lang zh`` or ``--lang=zh``), or None."""
    for index, argument in enumerate(argv):
        if argument == "--":
            break
        value = None
        if argument == "--lang" and index + 1 < len(argv):
            value = argv[index + 1]
        elif argument.startswith("--lang="):
            value = argument.partition("=")[2]
        if value in LANGUAGES:
            return value
    return None


def run(argv: list[str], fast: bool = True) -> int:
    """The program on ``argv``: its exit code. ``fast=False`` always takes the Typer app (tests compare)."""
    language = set_language(language_argument(argv))  # None: from LC_ALL, LC_MESSAGES, LANG
    if fast:
        from govinfo_cli import quick

        call = quick.plain_call(argv)
        if call is not None:
            return guarded(lambda: quick.run(call))
    translate_typer(language)
    from govinfo_cli.cli import run as run_cli

    return run_cli(argv)


def guarded(work: Callable[[], int | None]) -> int:
    """``work``'s exit code, with the program's ways of ending: Ctrl-C 130, a closed pipe 2, a bug one line."""
    try:
        return work() or 0
    except SystemExit as done:  # click ends every command so, with its exit code
        return done.code if isinstance(done.code, int) else (0 if done.code is None else EXIT_TROUBLE)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader went away (| head): the output is incomplete
        sys.stderr.close()
        return EXIT_TROUBLE
    except Exception as error:  # a bug of ours: one line, not a traceback (GOVINFO_DEBUG=1 shows it)
        if os.environ.get("GOVINFO_DEBUG"):
            raise
        sys.stderr.write(_("govinfo: internal error ({kind}: {error}); please report it with the file that "
                           "caused it").format(kind=type(error).__name__, error=error) + "\n")
        return EXIT_TROUBLE


def main() -> None:
    sys.exit(run(sys.argv[1:]))
