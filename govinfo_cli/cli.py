"""The govinfo command line: thin Typer commands (one module each in commands/) over the library."""

from __future__ import annotations

import copy
import importlib
import sys
from functools import cache
from typing import cast

import typer
from typer import _click as click

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


GLOBAL_OPTIONS = ("color", "lang")  # the app's options that every command takes too, after its name


def command() -> typer.core.TyperGroup:
    """The app as a click command, speaking the chosen language: Typer's own help texts, click's
    frame around them (usage.Context), each command's whole first sentence in the command list;
    --color and --lang are taken after the command's name too."""
    from govinfo_cli.i18n import current_language

    return _command(current_language())


@cache
def _command(language: str) -> typer.core.TyperGroup:
    """:func:`command` for ``language`` (the key only: _() speaks it), built once: Typer takes 10 ms to
    build it, which a program that runs the command line many times (the tests) would pay each time."""
    from govinfo_cli.commands.usage import Context

    group = cast(typer.core.TyperGroup, typer.main.get_command(app))  # an app of several commands is a group
    shared = [param for param in group.params if param.name in GLOBAL_OPTIONS]
    group.subcommand_metavar = _("COMMAND [ARGS]...")
    for each in [group, *group.commands.values()]:
        each.context_class = Context
        each.options_metavar = _("[OPTIONS]")
        for param in each.get_params(typer.Context(each, **group.context_settings)):  # caches the help option
            help_text = getattr(param, "help", None)  # options have help, arguments not
            if help_text in TYPER_HELP:
                param.help = _(help_text)  # type: ignore[attr-defined]
    for sub in group.commands.values():
        sub.short_help = first_sentence(sub.help or "")
        sub.params.extend(_after_command(param) for param in shared)
    return group


def first_sentence(text: str) -> str:
    """The first sentence of a help text, whole (click would cut it to the width with "...")."""
    for end in (". ", "。"):
        if end in text:
            return text[: text.index(end) + len(end)].strip()
    return text


def _after_command(param: click.Parameter) -> click.Parameter:
    """The app's option ``param`` for a command's own options: it sets what it sets and passes nothing on
    (no default either: given before the command, it stays as given there)."""
    option = copy.copy(param)
    option.expose_value = False
    option.default = None
    option.show_default = False  # type: ignore[attr-defined]
    option.callback = _set_global
    return option


def _set_global(_context: click.Context, param: click.Parameter, value: object) -> None:
    from govinfo_cli.i18n import set_language
    from govinfo_cli.term import set_color_mode

    if value is None:
        return
    chosen = str(getattr(value, "value", value))
    if param.name == "lang":
        set_language(chosen)
    else:
        set_color_mode(chosen)


def run(argv: list[str] | None = None) -> int:
    """Run the command line on ``argv`` (default: the process's arguments); the exit code.

    A usage error is said in the chosen language (commands/usage.py), not by click."""
    from govinfo_cli.commands.usage import show_error
    from govinfo_cli.entry import guarded

    def parse_and_run() -> int:
        try:
            result = command().main(args=argv, prog_name="govinfo", standalone_mode=False)
        except click.exceptions.ClickException as error:
            show_error(error)
            return error.exit_code
        except typer.Abort:
            typer.echo(_("Aborted!"), err=True)
            return 1
        return result if isinstance(result, int) else 0

    return guarded(parse_and_run)


def main() -> None:
    sys.exit(run())
