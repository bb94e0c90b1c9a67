"""Where the shipped data folders (schemas/, templates/) live.

In a built wheel they sit inside the package (pyproject force-includes them);
in a source checkout or an editable install they are top-level folders beside it.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    for candidate in (_PACKAGE / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"govinfo is installed without its {name}/ folder")


def schema_path(name: str) -> Path:
    return data_dir("schemas") / name


@cache
def template(name: str, autoescape: bool = True) -> Any:
    """A Jinja2 template from templates/, compiled once per process.

    Every template is read with the same settings: an undefined name is an error, a block
    tag's own line leaves no blank line behind, and the file's final newline is kept.
    ``autoescape`` is for HTML; the TOML scaffold is written as it is (its values go
    through TOML's own quoting).
    """
    return _environment(autoescape).get_template(name)


@cache
def _environment(autoescape: bool) -> Any:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(data_dir("templates")), autoescape=autoescape,
        undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
    )
