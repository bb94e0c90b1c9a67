"""The Chinese message catalog: extract, update, compile, check.

    python scripts/i18n.py update    # add new messages (empty) to the .po, drop ones no longer used
    python scripts/i18n.py compile   # .po -> .mo (committed, so an installed wheel needs no build step)
    python scripts/i18n.py check     # exit 1 if a govinfo message is untranslated, a translation loses a
                                     # {placeholder}, or the .mo is not the compiled .po

Message ids are the English texts marked with _() or N_() in govinfo_cli/ and templates/, and
the rule titles declared in schemas/ (x-rules).
Typer's own gettext messages (help headings such as "Arguments", "default: …") are in the same
catalog, translated where an editor meets them; the rest fall back to English. Typer's bundled
copy of click (typer._click) has no gettext calls: its messages (usage errors, "Usage:") are
written as templates in govinfo_cli/commands/usage.py and extracted with govinfo's own. Messages
with a plural (ngettext, Nn_) are entries with a plural form. Needs Babel (the `test` extra).
"""

from __future__ import annotations

import io
import json
import re
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "govinfo_cli" / "locale" / "zh_CN" / "LC_MESSAGES" / "govinfo.po"
MO = PO.with_suffix(".mo")
PLACEHOLDER = re.compile(r"\{[^{}]*\}")


Message = str | tuple[str, str]  # a plain message, or (singular, plural) from ngettext


def _extract(directory: Path, method_map: list[tuple[str, str]], keywords: dict) -> dict[Message, str]:
    found: dict[Message, str] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
            str(directory), method_map, keywords=keywords):
        if message:
            found.setdefault(message, f"{directory.name}/{filename}:{lineno}")
    return found


def govinfo_messages() -> dict[Message, str]:
    keywords = {"_": None, "N_": None, "ngettext": (1, 2), "Nn_": (1, 2)}
    messages = _extract(ROOT / "govinfo_cli", [("**.py", "python")], keywords)
    messages.update(_extract(ROOT / "templates", [("**.j2", "jinja2.ext:babel_extract")],
                             {"_": None, "ngettext": (1, 2)}))
    for schema in sorted((ROOT / "schemas").glob("form-*.schema.json")):  # what each rule says
        for rule in json.loads(schema.read_text(encoding="utf-8"))["x-rules"]:
            messages.setdefault(rule["title"], f"schemas/{schema.name}: x-rules {rule['id']}")
    return messages


def typer_messages() -> dict[Message, str]:
    """Typer's own gettext messages (help headings, "default: …"); its bundled parser has none."""
    import typer

    return _extract(Path(typer.__file__).parent, [("**.py", "python")], {"_": None, "ngettext": (1, 2)})


def read_catalog() -> Catalog:
    with PO.open("rb") as handle:
        return read_po(handle, locale="zh_CN", domain="govinfo")


def write_catalog(catalog: Catalog) -> None:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, sort_output=True, omit_header=False, no_location=True)
    PO.parent.mkdir(parents=True, exist_ok=True)
    PO.write_bytes(buffer.getvalue())


def compiled(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()


def update() -> None:
    old = read_catalog() if PO.exists() else Catalog(locale="zh_CN", domain="govinfo")
    wanted = {**typer_messages(), **govinfo_messages()}
    catalog = Catalog(locale="zh_CN", domain="govinfo", project="govinfo", charset="utf-8")
    for message in sorted(wanted, key=lambda m: m if isinstance(m, str) else m[0]):
        key = message if isinstance(message, str) else message[0]
        previous = old.get(key)
        empty = "" if isinstance(message, str) else ("",)
        if previous is not None and isinstance(previous.string, type(empty)):
            catalog.add(message, previous.string)
        else:
            catalog.add(message, empty)
    write_catalog(catalog)


def compile_catalog() -> None:
    MO.write_bytes(compiled(read_catalog()))


def problems() -> list[str]:
    catalog = read_catalog()
    out = []
    for message, where in sorted(govinfo_messages().items(), key=lambda item: str(item[0])):
        key = message if isinstance(message, str) else message[0]
        entry = catalog.get(key)
        translations = [] if entry is None else [entry.string] if isinstance(entry.string, str) else list(entry.string)
        if not translations or not all(translations):
            out.append(f"{where}: untranslated: {message!r}")
        elif isinstance(message, str) != isinstance(entry.string, str):
            out.append(f"{where}: singular and plural differ between the code and the catalog: {message!r}")
        elif any(sorted(PLACEHOLDER.findall(message if isinstance(message, str) else message[1]))
                 != sorted(PLACEHOLDER.findall(text)) for text in translations):  # a plural: as the plural form
            out.append(f"{where}: the translation's placeholders differ: {entry.string!r}")
    if not MO.exists() or MO.read_bytes() != compiled(catalog):
        out.append(f"{MO.relative_to(ROOT)} is not the compiled .po: run python scripts/i18n.py compile")
    return out


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else ""
    if command == "update":
        update()
    elif command == "compile":
        compile_catalog()
    elif command == "check":
        found = problems()
        print("\n".join(found) or "catalog complete")
        return 1 if found else 0
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
