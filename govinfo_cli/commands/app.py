"""The Typer app, its global options, and what every command shares: failing with one line,
loading a report or failing, writing a result without losing a file.

Exit codes: 0 ok, 1 findings or differences, 2 trouble (usage, unreadable or
unparsable input). Results go to stdout, diagnostics to stderr.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from enum import Enum
from pathlib import Path
from typing import NoReturn

import typer

from govinfo_cli import __version__
from govinfo_cli.i18n import _
from govinfo_cli.model.forms import FORMS

app = typer.Typer(
    name="govinfo",
    help=_("Write, check, compare and publish the annual government information-disclosure report "
           "(政府信息公开工作年度报告) as a TOML file."),
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["--help", "-h"]},
)

EXIT_FINDINGS, EXIT_TROUBLE = 1, 2  # 0 is a normal return

# the format an output file's suffix names: a command writes it when --format is not given
SUFFIXES = {".txt": "text", ".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html",
            ".json": "json", ".docx": "docx", ".pdf": "pdf"}
BINARY_FORMATS = frozenset({"docx", "pdf"})


FormChoice = Enum("FormChoice", {name: name for name in FORMS}, type=str)  # type: ignore[misc]  # from schemas/


def fail(message: str) -> NoReturn:
    """One line on stderr, exit 2."""
    typer.echo(f"govinfo: {message}", err=True)
    raise typer.Exit(EXIT_TROUBLE)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"govinfo {__version__}")
        raise typer.Exit()


class ColorChoice(str, Enum):
    auto = "auto"
    always = "always"
    never = "never"


class LangChoice(str, Enum):
    zh = "zh"
    en = "en"


@app.callback()
def main_options(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help=_("Print the version and exit.")),
    color: ColorChoice = typer.Option(ColorChoice.auto, "--color",
                                      help=_("Colour the output: auto (a terminal, unless NO_COLOR is set), "
                                             "always or never.")),
    lang: LangChoice | None = typer.Option(None, "--lang",
                                              help=_("Language of messages and help (default: from LC_ALL, "
                                                     "LC_MESSAGES, LANG: zh* is Chinese, else English).")),
) -> None:
    from govinfo_cli.i18n import set_language
    from govinfo_cli.term import set_color_mode

    set_color_mode(color.value)
    if lang is not None:
        set_language(lang.value)  # main() has already chosen it from argv, before the help texts were built


def load_or_fail(path: str | Path | None):  # -> Report | None
    """A report of a known form, or one line on stderr and exit 2."""
    from govinfo_cli.commands.validate_run import Trouble, load_known_report

    if path is None:
        return None
    try:
        return load_known_report(str(path))
    except Trouble as trouble:
        fail(trouble.message)



def output_format(given: str | None, output: str, formats: Sequence[str]) -> str:
    """The format to write: ``--format``, else the one ``-o``'s suffix names (text for stdout or no suffix).

    A suffix no format of the command has, or one naming another format than ``--format``, is
    an error that lists the formats.
    """
    suffix = Path(output).suffix.lower() if output != "-" else ""
    named = SUFFIXES.get(suffix)
    if given is not None:
        if named is not None and named != given:
            fail(_("{path} ends in {suffix}, which is {named}, not {given}; change the name or --format").format(
                path=output, suffix=suffix, named=named, given=given))
        return given
    if not suffix:
        return "text"
    if named == "pdf" and "pdf" not in formats and "html" in formats:
        fail(_("{path}: this command writes no PDF; write HTML (-o {html}) and print it to PDF from a browser, "
               "or give --format ({formats})").format(path=output, html=Path(output).with_suffix(".html"),
                                                      formats=", ".join(formats)))
    if named is None or named not in formats:
        fail(_("cannot tell the format of {path}: name it with {suffixes}, or give --format ({formats})").format(
            path=output, suffixes=", ".join(s for s, f in SUFFIXES.items() if f in formats),
            formats=", ".join(formats)))
    return named


def check_output(output: str, fmt: str, force: bool) -> None:
    """Fail before the work when the result could not be written: binary to a terminal, a folder or
    a device that is no file, or a file that is there without --force (write_or_fail checks again:
    the name may be taken meanwhile). A character device or a pipe is written straight through."""
    from govinfo_cli.writers.output import destination

    target = destination(output)
    if fmt in BINARY_FORMATS and target.terminal():
        fail(_("{format} is not for a terminal; write it to a file with -o FILE").format(format=fmt))
    if target.kind in ("folder", "unwritable"):
        _unwritable(output, target.kind)
    if target.kind == "file" and target.exists and not force:
        _exists(output)


def _unwritable(path: str, kind: str) -> NoReturn:
    if kind == "folder":
        fail(_("{path} is a folder; give -o a file name").format(path=path))
    fail(_("{path} is a device that is not written to here (only a character device such as /dev/null, or a "
           "named pipe); give -o a file name").format(path=path))


def _exists(path: str) -> NoReturn:
    fail(_("{path} already exists; use --force to replace it").format(path=path))


def write_or_fail(data: str | bytes | Iterable[str], output: str, force: bool) -> None:
    from govinfo_cli.writers.output import OutputExists, OutputUnwritable, write_output

    try:
        write_output(data, output, force=force)
    except OutputExists as error:
        _exists(error.path)
    except OutputUnwritable as error:
        _unwritable(error.path, error.kind)
    except OSError as error:
        fail(_("cannot write {path}: {reason}").format(path=output, reason=error.strerror or error))
