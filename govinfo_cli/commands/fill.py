"""govinfo fill: the cells the form defines from others (总计…), computed and written into the file."""

from __future__ import annotations

import codecs
from pathlib import Path

import typer

from govinfo_cli.commands.app import EXIT_FINDINGS, app, fail, load_or_fail, write_or_fail
from govinfo_cli.i18n import _


@app.command(help=_("Compute the cells the form defines from others (总计 and other sums) where every part is "
                    "filled, and write them, keeping the file's comments and layout. A filled cell that "
                    "disagrees is reported, never changed."))
def fill(
    report_file: str = typer.Argument(..., metavar="FILE", help=_("The report; - = stdin.")),
    output: str | None = typer.Option(None, "-o", "--output", metavar="FILE",
                                         help=_("Where to write the filled report (default: stdout).")),
    in_place: bool = typer.Option(False, "--in-place", help=_("Write the filled report over FILE.")),
    force: bool = typer.Option(False, "--force", help=_("Replace the -o file if it exists.")),
    check: bool = typer.Option(False, "--check", help=_("Write nothing: say what would be filled in; exit 1 if "
                                                        "anything would be, or a filled cell disagrees.")),
) -> None:
    from govinfo_cli.compute.fill import fill as compute

    if output is not None and in_place:
        fail(_("give either -o FILE or --in-place, not both"))
    if in_place and report_file == "-":
        fail(_("--in-place needs a file, not standard input"))
    report = load_or_fail(report_file)
    form = report.form
    filling = compute(report)
    say = typer.echo if check else _stderr
    for derived in filling.derived:
        cell = form.cells[derived.path]
        message = _("{path}: would fill {label} [{cell}] = {value} ({rule})") if check else \
            _("{path}: filled {label} [{cell}] = {value} ({rule})")
        say(message.format(path=report.path, label=cell.label, cell=derived.path, value=_number(derived.value),
                           rule=_(derived.rule.title)))
    for conflict in filling.conflicts:
        line = report.line(conflict.path)
        where = report.path + (f":{line}" if conflict.filled is not None and line is not None else "")
        label = form.label(conflict.path)
        if conflict.filled is not None:
            message = _("{where}: {label} [{cell}] is {filled}, but {rule} gives {computed}; not changed: correct "
                        "the cell or its parts")
        else:
            message = _("{where}: {label} [{cell}] left blank: its rules give {other} and {computed}; check its parts")
        say(message.format(where=where, label=label, cell=conflict.path, rule=_(conflict.rule.title),
                           filled=_number(conflict.filled), computed=_number(conflict.computed),
                           other=_number(conflict.other)))
    if not check:
        from govinfo_cli.writers.toml_edit import add_cells

        text = add_cells(report.text, form, [(d.path, d.value) for d in filling.derived])
        if report_file != "-" and Path(report_file).read_bytes()[:3] == codecs.BOM_UTF8:
            text = "\ufeff" + text  # the byte-order mark the file was saved with (the reader drops it)
        if in_place:
            if filling.changes:  # an unchanged file is not rewritten
                write_or_fail(text, report_file, force=True)
        else:
            write_or_fail(text, output or "-", force)
    if filling.conflicts or (check and filling.changes):
        raise typer.Exit(EXIT_FINDINGS)


def _stderr(message: str) -> None:
    typer.echo(message, err=True)


def _number(value) -> str:
    from govinfo_cli.model.messages import format_number

    return "" if value is None else format_number(value)
