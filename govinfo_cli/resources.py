"""Where the shipped data folders (schemas/, templates/) live.

In a built wheel they sit inside the package (pyproject force-includes them);
in a source checkout or an editable install they are top-level folders beside it.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    for candidate in (_PACKAGE / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"govinfo is installed without its {name}/ folder")


def schema_path(name: str) -> Path:
    return data_dir("schemas") / name
