"""The ``govinfo`` program: choose the language, then run the Typer app.

Typer builds every help text when :mod:`govinfo_cli.cli` is imported, so the
language has to be known before that import: ``--lang`` is read off the command
line here (the app parses it again, and reports a bad value).
"""

from __future__ import annotations

import sys

from govinfo_cli.i18n import LANGUAGES, set_language, translate_typer


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


def run(argv: list[str]) -> int:
    """The program on ``argv``: its exit code."""
    translate_typer(set_language(language_argument(argv)))  # None: from LC_ALL, LC_MESSAGES, LANG
    from govinfo_cli.cli import run as run_cli

    return run_cli(argv)


def main() -> None:
    sys.exit(run(sys.argv[1:]))
