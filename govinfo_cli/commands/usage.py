"""Typer's command-line parser speaking the chosen language: usage errors, help's "Usage:" and headings.

Typer 0.28 bundles its own copy of click (``typer._click``) with its gettext calls taken out:
its messages are plain English f-strings. Help headings and a few messages of Typer itself
go through gettext (govinfo_cli.i18n.translate_typer binds our catalog for them); the rest
are recognised here against templates of our catalog (:data:`CLICK_MESSAGES`) and written
in the chosen language, as is the frame around them (``Usage:``, ``Try … for help.``,
``Error:``).
"""

from __future__ import annotations

from typing import Any

import typer
from typer._click.exceptions import ClickException, NoArgsIsHelpError, UsageError
from typer._click.formatting import HelpFormatter

from govinfo_cli.i18n import N_, _
from govinfo_cli.model.messages import recognise

# the messages of typer._click that govinfo's options can give, as templates of the catalog (the
# specific ones before the general ones); tests/test_i18n.py makes each one happen
CLICK_MESSAGES = (
    N_("Missing argument {name}."),
    N_("Invalid value for {name}: {reason}"),
    N_("{value} is not one of {choices}."),
    N_("{value} is not a valid int."),
    N_("{value} is not a valid int range."),
    N_("{value} is not a valid float range."),
    N_("{value} is not in the range {range}."),
    N_("No such option: {name} (Possible options: {options})"),
    N_("No such option: {name}"),
    N_("{message}. Did you mean {suggestions}?"),
    N_("Got unexpected extra argument(s) ({arguments})"),
    N_("Option {name} requires an argument."),
    N_("Option {name} does not take a value."),
)


def translated(message: str) -> str:
    """A message of typer._click in the chosen language (unchanged when it is none of :data:`CLICK_MESSAGES`)."""
    known = recognise(message, CLICK_MESSAGES)
    return known.render() if known is not None else message


class Formatter(HelpFormatter):
    """Help pages with ``Usage:`` and the headings' colons in the chosen language (用法：, 选项：)."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, _("Usage: ") if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}" + _("{heading}:").format(heading=heading) + "\n")


class Context(typer.Context):
    formatter_class = Formatter


def show_error(error: ClickException) -> None:
    """What click's ``error.show()`` writes on stderr, in the chosen language."""
    if isinstance(error, NoArgsIsHelpError):  # "govinfo" alone: the help page
        error.show()
        return
    context: Any = getattr(error, "ctx", None)
    lines = []
    if isinstance(error, UsageError) and context is not None:
        lines.append(context.get_usage())
        if context.command.get_help_option(context) is not None:
            lines.append(_("Try '{command} {option}' for help.").format(command=context.command_path,
                                                                         option=context.help_option_names[0]))
        lines.append("")
    lines.append(_("Error: {message}").format(message=translated(error.format_message())))
    typer.echo("\n".join(lines), err=True)
