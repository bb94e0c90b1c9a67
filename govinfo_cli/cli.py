"""The govinfo command line: thin Typer commands over the library.

Exit codes: 0 ok, 1 findings or differences, 2 trouble (usage, unreadable or
unparsable input). Results go to stdout, diagnostics to stderr.
"""

from __future__ import annotations

import math
import os
import sys
from enum import Enum
from pathlib import Path
from typing import NoReturn, Optional

import typer

from govinfo_cli import __version__
from govinfo_cli.forms import FORMS
from govinfo_cli.i18n import N_, _

app = typer.Typer(
    name="govinfo",
    help=_("Write, check, compare and publish the annual government information-disclosure report "
           "(政府信息公开工作年度报告) as a TOML file."),
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

EXIT_FINDINGS, EXIT_TROUBLE = 1, 2  # 0 is a normal return


FormChoice = Enum("FormChoice", {name: name for name in FORMS}, type=str)  # the forms schemas/ declares


class ValidateFormat(str, Enum):
    text = "text"
    json = "json"


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
    lang: Optional[LangChoice] = typer.Option(None, "--lang",
                                              help=_("Language of messages and help (default: from LC_ALL, "
                                                     "LC_MESSAGES, LANG: zh* is Chinese, else English).")),
) -> None:
    from govinfo_cli.i18n import set_language
    from govinfo_cli.term import set_color_mode

    set_color_mode(color.value)
    if lang is not None:
        set_language(lang.value)  # main() has already chosen it from argv, before the help texts were built


def _load_report(path: str | Path | None):  # -> Report | None
    """A report of a known form, or one line on stderr and exit 2."""
    from govinfo_cli.report import ReportError, load_report

    if path is None:
        return None
    try:
        report = load_report(str(path))
    except ReportError as error:
        fail(str(error))
    if report.form is None:
        fail(_("{path}: not a report of a known form (form = \"legacy\", \"2019\" or \"2021\")").format(
            path=report.path))
    return report


def _write(text: str, output: str, force: bool) -> None:
    from govinfo_cli.output import OutputExists, write_output

    try:
        write_output(text, output, force=force)
    except OutputExists as error:
        fail(_("{path} already exists; use --force to replace it").format(path=error.path))
    except OSError as error:
        fail(_("cannot write {path}: {reason}").format(path=output, reason=error.strerror or error))


@app.command(help=_("Scaffold a new report file with every cell of the form."))
def new(
    year: Optional[int] = typer.Option(None, "--year", help=_("Report year (default: last calendar year, "
                                                              "or the year after --from).")),
    form: Optional[FormChoice] = typer.Option(None, "--form", help=_("Form (default from the year: ≤2018 legacy, "
                                                                     "2019–2020 2019, 2021 on 2021).")),
    agency: Optional[str] = typer.Option(None, "--agency", help=_("Agency name (机关名称).")),
    previous: Optional[Path] = typer.Option(None, "--from", metavar="LAST_YEAR.toml",
                                            help=_("Last year's report: carry over the agency and what follows "
                                                   "from it (上年结转, 现行有效件数).")),
    output: str = typer.Option("-", "-o", "--output", metavar="FILE",
                               help=_("Where to write the new report (- = stdout).")),
    force: bool = typer.Option(False, "--force", help=_("Replace FILE if it exists.")),
) -> None:
    from govinfo_cli.scaffold import scaffold

    last = _load_report(previous)
    try:
        result = scaffold(year=year, form_name=form.value if form else None, agency=agency, previous=last)
    except ValueError as error:
        fail(str(error))
    for note in result.notes:
        typer.echo(f"govinfo: {note}", err=True)
    _write(result.text, output, force)


@app.command(help=_("Check reports against the form: schema, arithmetic, cross-year and text rules."))
def validate(
    files: list[str] = typer.Argument(..., metavar="FILE|FOLDER...",
                                      help=_("Report files, or folders (every *.toml below them); - = stdin.")),
    previous: Optional[Path] = typer.Option(None, "--previous", metavar="LAST_YEAR.toml",
                                            help=_("Last year's report, for the cross-year rules (R7, R8, R9).")),
    format: ValidateFormat = typer.Option(ValidateFormat.text, "--format", help=_("Output format.")),
    strict: bool = typer.Option(False, "--strict", help=_("Exit 1 on warnings too.")),
    quiet: bool = typer.Option(False, "--quiet", "-q", help=_("Print errors only; the exit code still tells.")),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", min=1, metavar="N",
                                       help=_("Check N files at a time (default: the number of cores); "
                                              "the output order stays that of the arguments.")),
) -> None:
    from govinfo_cli.batch import default_jobs, expand, validate_many
    from govinfo_cli.reporters import write_json, write_text
    from govinfo_cli.term import color_enabled
    from govinfo_cli.validate import validate_file

    if files.count("-") + (str(previous) == "-") > 1:
        fail(_("standard input (-) can be read only once"))
    last = _load_report(previous)
    stdin_result = validate_file("-", last) if "-" in files else None
    state = {"trouble": False}

    def results():
        for result in validate_many(expand(files, stdin_result), last, jobs or default_jobs()):
            state["trouble"] |= result.unreadable
            yield result

    if format is ValidateFormat.json:
        summary = write_json(results(), sys.stdout)
    else:
        summary = write_text(results(), sys.stdout, quiet=quiet, color=color_enabled(sys.stdout))
    if state["trouble"]:
        raise typer.Exit(EXIT_TROUBLE)
    if summary.errors or (strict and summary.warnings):
        raise typer.Exit(EXIT_FINDINGS)


class DiffFormat(str, Enum):
    text = "text"
    markdown = "markdown"
    html = "html"
    json = "json"


@app.command(help=_("Compare last year's report with this year's: cells, headline figures, continuity, "
                     "narrative. Exit 0 when the numbers and texts are the same, 1 when they differ, "
                     "2 on trouble."))
def diff(
    last_year: Path = typer.Argument(..., metavar="LAST_YEAR.toml", help=_("Last year's report.")),
    this_year: Path = typer.Argument(..., metavar="THIS_YEAR.toml", help=_("This year's report.")),
    format: DiffFormat = typer.Option(DiffFormat.text, "--format", help=_("Output format.")),
    show_all: bool = typer.Option(False, "--all", help=_("List unchanged cells too.")),
    threshold: Optional[float] = typer.Option(None, "--threshold", metavar="PERCENT", min=0,
                                              help=_("List only changes of at least PERCENT % (changes from 0 "
                                                     "or blank are always listed).")),
) -> None:
    from decimal import Decimal

    from govinfo_cli.diff import diff_reports
    from govinfo_cli.diff_formats import RENDERERS

    if str(last_year) == str(this_year) == "-":
        fail(_("standard input (-) can be read only once"))
    if threshold is not None and not math.isfinite(threshold):
        fail(_("--threshold must be a number of percent, such as 50"))
    before = _load_report(last_year)
    after = _load_report(this_year)
    result = diff_reports(before, after)
    limit = Decimal(str(threshold)) if threshold is not None else None
    sys.stdout.write(RENDERERS[format.value](result, limit, show_all))
    sys.stdout.flush()
    if not result.same:
        raise typer.Exit(EXIT_FINDINGS)


class RenderFormat(str, Enum):
    text = "text"
    markdown = "markdown"
    html = "html"


_RENDER_SUFFIXES = {".html": "html", ".htm": "html", ".md": "markdown", ".markdown": "markdown"}


@app.command(help=_("Print a report as a document: text for a terminal, Markdown, or HTML in the official "
                     "table layout."))
def render(
    file: str = typer.Argument(..., metavar="FILE", help=_("Report file (- = stdin).")),
    format: Optional[RenderFormat] = typer.Option(None, "--format", help=_("Output format (default: from the "
                                                                           "-o file's suffix, .html or .md; "
                                                                           "else text).")),
    output: str = typer.Option("-", "-o", "--output", metavar="FILE", help=_("Where to write (- = stdout).")),
    force: bool = typer.Option(False, "--force", help=_("Replace FILE if it exists.")),
    tables_only: bool = typer.Option(False, "--tables-only", help=_("Only the tables, under their headings.")),
    fragment: bool = typer.Option(False, "--fragment", help=_("HTML: only the report's markup, to paste into a "
                                                             "site's editor (no page, no style sheet).")),
) -> None:
    from govinfo_cli.render import render as render_report
    from govinfo_cli.render import schema_note

    if format is not None:
        chosen = format.value
    else:
        chosen = _RENDER_SUFFIXES.get(Path(output).suffix.lower(), "text") if output != "-" else "text"
    if fragment and chosen != "html":
        fail(_("--fragment applies to HTML only; add --format html"))
    report = _load_report(file)
    note = schema_note(report)
    if note:  # still rendered: the editor sees the document, and is told to validate it
        typer.echo(f"govinfo: {note}", err=True)
    _write(render_report(report, chosen, tables_only=tables_only, fragment=fragment), output, force)


# Typer's own option help, which Typer does not mark for translation: listed here for the
# catalog (N_ marks without translating) and translated when the command is built.
TYPER_HELP = (
    N_("Install completion for the current shell."),
    N_("Show completion for the current shell, to copy it or customize the installation."),
    N_("Show this message and exit."),
)


def command() -> typer.core.TyperGroup:
    """The app as a click command, with Typer's own help texts in the chosen language."""
    group = typer.main.get_command(app)
    for each in [group, *group.commands.values()]:
        for param in each.get_params(typer.Context(each)):
            if param.help in TYPER_HELP:
                param.help = _(param.help)
    return group


def main() -> None:
    try:
        command()()
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:  # the reader went away (| head): the output is incomplete
        sys.stderr.close()
        sys.exit(EXIT_TROUBLE)
    except Exception as error:  # a bug of ours: one line, not a traceback (GOVINFO_DEBUG=1 shows it)
        if os.environ.get("GOVINFO_DEBUG"):
            raise
        typer.echo(_("govinfo: internal error ({kind}: {error}); please report it with the file that "
                     "caused it").format(kind=type(error).__name__, error=error), err=True)
        sys.exit(EXIT_TROUBLE)
