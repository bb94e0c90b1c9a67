"""Adding cells to a report file and changing nothing else in it.

The file is read with tomlkit, which keeps every byte it does not change: comments, order,
blank lines, quoting, alignment. A new cell is written as ``govinfo new`` writes it (its
label as a comment), where the form puts it: after the cell before it in the form that the
file has, or else before the one after it; a missing table is added the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from govinfo_cli.checks.findings import Number
from govinfo_cli.model.forms import Form


def add_cells(text: str, form: Form, cells: Iterable[tuple[str, Number]]) -> str:
    """``text`` with each (key path, value) of ``cells`` added; none of them may be in it already."""
    import tomlkit

    from govinfo_cli.writers.scaffold import cell_line

    document = tomlkit.parse(text)
    newline = "\r\n" if "\r\n" in text else "\n"  # a file saved on Windows keeps its line ends
    for path, value in cells:
        cell = form.cells[path]
        container = _container(document, form, cell.path.rpartition(".")[0])
        [(key, item)] = tomlkit.parse(cell_line(cell, value) + newline).body
        _insert(container, _siblings(form, cell.path), key, item)
    return document.as_string()


def _siblings(form: Form, path: str) -> list[str]:
    """The keys beside ``path``'s last key, in form order."""
    parent = path.rpartition(".")[0]
    if not parent:
        return list(form.tables)
    return [child.key for child in form.nodes[parent].children]


def _container(document: Any, form: Form, path: str) -> Any:
    """The tomlkit container of the table at ``path``, made (with its label as a comment) when missing."""
    import tomlkit

    container = document
    prefix = ""
    for key in path.split("."):
        prefix = f"{prefix}.{key}" if prefix else key
        if key not in container:
            table = tomlkit.table()
            table.comment(form.label(prefix))
            _insert(container, _siblings(form, prefix), tomlkit.key(key), table)
        container = container[key].value  # a table's (or an inline table's) own container
    return container


def _insert(container: Any, siblings: list[str], key: Any, item: Any) -> None:
    """Put ``key = item`` after the last sibling before it that ``container`` has, else before the first after it.

    tomlkit's public ``add`` appends after the comments that end a table, which belong above the next
    table's header; only its (long-standing) positional inserts keep them there.
    """
    index = siblings.index(key.key)
    before = [k for k in siblings[:index] if k in container]
    if before:
        container._insert_after(before[-1], key, item)
        return
    from tomlkit.items import Comment

    body = container.body
    after = [k for k in siblings[index + 1:] if k in container]
    if after:
        position = next(i for i, (k, _item) in enumerate(body) if k is not None and k.key == after[0])
    else:  # a table without keys: after the comments under its header, before a blank line and what follows
        position = 0
        while position < len(body) and isinstance(body[position][1], Comment):
            position += 1
    if position < len(body):
        container._insert_at(position, key, item)
    else:
        container.append(key, item)
