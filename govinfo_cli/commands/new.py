"""govinfo new: scaffold this year's report, from the form or continuing last year's."""

from __future__ import annotations

from pathlib import Path

import typer

from govinfo_cli.commands.app import (
    FormChoice,
    app,
    fail,
    load_or_fail,
    write_or_fail,
)
from govinfo_cli.i18n import _
from govinfo_cli.model.forms import form_index, years_text


@app.command(help=_("Scaffold a new report file with every cell of the form."))
def new(
    year: int | None = typer.Option(None, "--year", help=_("Report year (default: last calendar year, "
                                                              "or the year after --from).")),
    form: FormChoice | None = typer.Option(None, "--form", help=_("Form (default from the year: {years}).").format(
        years=", ".join(f"{years_text(info)} {info.name}" for info in form_index()))),
    agency: str | None = typer.Option(None, "--agency", help=_("Agency name (机关名称).")),
    previous: Path | None = typer.Option(None, "--from", metavar="LAST_YEAR.toml",
                                            help=_("Last year's report: carry over the agency and what follows "
                                                   "from it (上年结转, 现行有效件数).")),
    output: str = typer.Option("-", "-o", "--output", metavar="FILE",
                               help=_("Where to write the new report (- = stdout).")),
    force: bool = typer.Option(False, "--force", help=_("Replace FILE if it exists.")),
    fill: bool = typer.Option(False, "--fill", help=_("Leave out the cells the form defines from others (总计…), "
                                                      "for govinfo fill to compute once the parts are typed.")),
) -> None:
    from govinfo_cli.writers.scaffold import scaffold

    if previous is not None and output != "-" and _same_file(previous, Path(output)):
        fail(_("-o {output} is last year's report (--from): write this year's report to a new file").format(
            output=output))
    last = load_or_fail(previous)
    try:
        result = scaffold(year=year, form_name=form.value if form else None, agency=agency, previous=last,
                          derived_blank=fill)
    except ValueError as error:
        fail(str(error))
    for note in result.notes:
        typer.echo(f"govinfo: {note}", err=True)
    write_or_fail(result.text, output, force)


def _same_file(a: Path, b: Path) -> bool:
    """The same file, by any name (a link, a relative path); for a file not there yet, the same path."""
    try:
        return a.samefile(b)
    except OSError:
        return a.resolve() == b.resolve()
