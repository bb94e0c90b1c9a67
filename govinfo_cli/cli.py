"""The govinfo command line: thin Typer commands (one module each in commands/) over the library."""

from __future__ import annotations

import importlib
import sys
from typing import cast

import typer

from govinfo_cli.commands.app import app
from govinfo_cli.i18n import N_, _

__all__ = ["app", "command", "main"]

COMMANDS = ("new", "importer", "validate", "diff", "render", "sum", "fill")  # in the order help lists them

for _name in COMMANDS:  # each module registers its command on the app
    importlib.import_module(f"govinfo_cli.commands.{_name}")


# Typer's own option help, which Typer does not mark for translation: listed here for the
# catalog (N_ marks without translating) and translated when the command is built.
TYPER_HELP = (
    N_("Install completion for the current shell."),
    N_("Show completion for the current shell, to copy it or customize the installation."),
    N_("Show this message and exit."),
)


def command() -> typer.core.TyperGroup:
    """The app as a click command, with Typer's own help texts in the chosen language."""
    group = cast(typer.core.TyperGroup, typer.main.get_command(app))  # an app of several commands is a group
    for each in [group, *group.commands.values()]:
        for param in each.get_params(typer.Context(each)):
            help_text = getattr(param, "help", None)  # options have help, arguments not
            if help_text in TYPER_HELP:
                param.help = _(help_text)  # type: ignore[attr-defined]
    return group


def run(argv: list[str] | None = None) -> int:
    """Run the command line on ``argv`` (default: the process's arguments); the exit code."""
    from govinfo_cli.entry import guarded

    return guarded(lambda: command()(args=argv, prog_name="govinfo"))


def main() -> None:
    sys.exit(run())
