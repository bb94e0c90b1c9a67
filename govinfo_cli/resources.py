"""Where the shipped data folders (schemas/, templates/) live.

In a built wheel they sit inside the package (pyproject force-includes them);
in a source checkout or an editable install they are top-level folders beside it.
"""

from __future__ import annotations

import os
from functools import cache

TYPE_CHECKING = False  # typing (and pathlib, below) are not imported at run time: every start pays for them
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any

_PACKAGE = os.path.dirname(os.path.abspath(__file__))


@cache
def data_folder(name: str) -> str:
    for candidate in (os.path.join(_PACKAGE, name), os.path.join(os.path.dirname(_PACKAGE), name)):
        if os.path.isdir(candidate):
            return candidate
    raise FileNotFoundError(f"govinfo is installed without its {name}/ folder")


def read_schema(name: str) -> str:
    """The text of a file of schemas/ (a form schema, the index of forms, an output contract)."""
    with open(os.path.join(data_folder("schemas"), name), encoding="utf-8") as handle:
        return handle.read()


def data_dir(name: str) -> Path:
    from pathlib import Path

    return Path(data_folder(name))


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
        loader=jinja2.FileSystemLoader(data_folder("templates")), autoescape=autoescape,
        undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
    )
