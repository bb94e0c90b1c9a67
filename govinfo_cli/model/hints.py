"""What an editor most likely meant: the fix for the common mistakes in a report file.

A first-time editor types the form's Chinese labels as keys (``自然人 = 120``), misspells
a key or a table (``natural_persons``, ``[request.new]``), writes numbers as a spreadsheet
shows them (``9,800``, full-width ``１２０``), leaves the quotes off ``form = 2021``, or gives
the wrong file altogether (a GBK or UTF-16 file, the published web page, a Word document).
The loader and the schema check ask this module for a message that names the fix; the keys
and labels come from the form model, never from a list here.

Parse errors of the TOML parser (tomli) that have no better hint are mapped to messages of
the catalog (:data:`TOML_MESSAGES`), so that they read in the chosen language too.
"""

from __future__ import annotations

import ast
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from govinfo_cli.i18n import N_
from govinfo_cli.model.forms import FORMS, Cell, Form, Node, form_for_year, load_form
from govinfo_cli.model.messages import Msg, recognise

# tomli's messages, as templates of the catalog; the specific ones before the general ones
TOML_MESSAGES = (
    N_("Invalid statement"),
    N_("Invalid value"),
    N_("Invalid initial character for a key part"),
    N_("Invalid date or datetime"),
    N_("Invalid hex value"),
    N_("Expected '=' after a key in a key/value pair"),
    N_("Expected newline or end of document after a statement"),
    N_("Expected ']' at the end of a table declaration"),
    N_("Expected ']]' at the end of an array declaration"),
    N_("Unclosed array"),
    N_("Unclosed inline table"),
    N_("Unterminated string"),
    N_("Unescaped '\\' in a string"),
    N_("Escaped character is not a Unicode scalar value"),
    N_("Cannot overwrite a value"),
    N_("Cannot declare {key} twice"),
    N_("Cannot mutate immutable namespace {key}"),
    N_("Cannot redefine namespace {key}"),
    N_("Duplicate inline table key {key}"),
    N_("Illegal character {character}"),
    N_("Found invalid character {character}"),
    N_("Expected {expected}"),
)

_FULL_WIDTH = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "【": "[", "】": "]", "\u3000": " "})
_FULL_WIDTH_CHARS = re.compile(r"[\uff01-\uff5e\u3000“”‘’【】]")
_BARE_ASSIGN = re.compile(r"^\s*(?P<key>[^=＝\[\]\"'#\s][^=＝\"'#]*?)\s*[=＝]\s*(?P<value>.*?)\s*(?:#.*)?$")
_ASSIGN = re.compile(r"^\s*(?P<key>[^=＝#]+?)\s*[=＝]\s*(?P<value>.*?)\s*$")
_HEADER = re.compile(r"^\s*[\[【［]{1,2}\s*(?P<name>[^\]】］]*?)\s*[\]】］]{1,2}\s*(?:#.*)?$")
_THOUSANDS = re.compile(r"[+-]?\d{1,3}(?:[,，]\d{3})+(?:\.\d+)?")
_WITH_UNIT = re.compile(r"(?P<number>[+-]?\d+(?:\.\d+)?)\s*(?P<unit>[^\d\s.,#]+)")
_NO_VALUE = re.compile(r"[-—–－/／无空]+|——")
_FORM_LINE = re.compile(r"^\s*form\s*=\s*\"?(\w+)\"?", re.M)


# --- the file is not a TOML report at all ------------------------------------------------------------


def not_a_report(raw: bytes, path: str) -> Msg | None:
    """What a file that is no TOML text is (a PDF, a Word document, UTF-16 or GBK text), and what to do;
    None when it may be UTF-8 text."""
    head = raw[:4096]
    if head.startswith(b"%PDF-"):
        return Msg(N_("is a PDF, not a TOML report; read it into one with govinfo import {path}"), {"path": path})
    if head.startswith(b"PK\x03\x04"):
        if b"word/" in raw:
            return Msg(N_("is a Word document, not a TOML report; read it into one with govinfo import {path}"),
                       {"path": path})
        if b"xl/" in raw:
            return Msg(N_("is an Excel workbook, not a TOML report; copy its figures into a report made by "
                          "govinfo new"))
        return Msg(N_("is a ZIP archive, not a TOML report; unpack it and give the .toml file"))
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return Msg(N_("is an old Word or Excel file (.doc, .xls), not a TOML report; save it as .docx and read "
                      "it with govinfo import"))
    encoding = "UTF-16" if head.startswith((b"\xff\xfe", b"\xfe\xff")) else _utf16_without_mark(head)
    if encoding:
        return Msg(N_("is UTF-16 text, and a report must be UTF-8: convert it with iconv -f {encoding} -t UTF-8 "
                      "{path} > {fixed}"), {"encoding": encoding, "path": path, "fixed": _renamed(path)})
    return None


def _utf16_without_mark(head: bytes) -> str | None:
    """The UTF-16 that ``head`` reads as text in (a file saved as "Unicode" without its byte-order mark), or None."""
    sample = head[: len(head) // 2 * 2]
    for encoding in ("UTF-16LE", "UTF-16BE"):
        text = sample.decode(encoding, "replace")
        if text and "\0" not in text and sum(c.isprintable() or c in "\r\n\t" for c in text) > 0.95 * len(text):
            return encoding
    return None


def not_utf8(raw: bytes, path: str) -> Msg:
    """The message for a file that is not UTF-8: GBK (what Windows saves Chinese as) named, with the fix."""
    try:
        text = raw.decode("gbk")
    except UnicodeDecodeError:
        text = ""
    if any("\u4e00" <= char <= "\u9fff" for char in text):
        return Msg(N_("is GBK (GB 18030) text, as Windows saves Chinese, and a report must be UTF-8: convert it with "
                      "iconv -f GBK -t UTF-8 {path} > {fixed}, or save it as UTF-8"),
                   {"path": path, "fixed": _renamed(path)})
    return Msg(N_("is not UTF-8 text; save the file as UTF-8"))


def _renamed(path: str) -> str:
    stem, dot, suffix = path.rpartition(".")
    return f"{stem}.utf8.{suffix}" if dot and "/" not in suffix else f"{path}.utf8"


def _html(text: str) -> bool:
    head = text.lstrip("\ufeff \t\r\n")[:1000].lower()
    return head.startswith(("<!doctype html", "<html", "<?xml")) or "<html" in head or "<body" in head


# --- TOML syntax ---------------------------------------------------------------------------------------


def parse_problem(text: str, detail: str, line: int | None, column: int | None,
                  path: str) -> tuple[Msg, int | None, int | None]:
    """The message and place for tomli's ``detail`` at ``line``:``column``: the slip it most likely is,
    with its fix, or tomli's own message in the catalog's words."""
    if _html(text):
        return Msg(N_("is a web page (HTML), not a TOML report; read it into one with govinfo import {path}"),
                   {"path": path}), None, None
    lines = text.splitlines()
    opened = _unclosed_text(text, line)
    if opened is not None:
        return Msg(N_('the text that starts here is never closed: end it with """ on a line of its own')), opened, None
    source = lines[line - 1] if line is not None and 0 < line <= len(lines) else ""
    hint = _line_hint(source, text, lines[: line - 1] if line else [])
    if hint is not None:
        return hint, line, column
    assign = _ASSIGN.match(source)
    if detail == "Cannot overwrite a value" and assign:
        return Msg(N_("{key} is given twice in this table (here and above); delete one of the lines"),
                   {"key": assign.group("key")}), line, column
    known = recognise(detail, TOML_MESSAGES)
    if known is not None and "key" in known.args:
        known = Msg(known.template, {"key": _dotted(str(known.args["key"]))})
    return Msg(N_("not valid TOML: {detail}; fix the syntax at this place"),
               {"detail": known or detail}), line, column


_NEXT_KEY = re.compile(r"\n[ \t]*[A-Za-z0-9_-]+[ \t]*=[ \t]*$")


def _unclosed_text(text: str, line: int | None) -> int | None:
    """The line where a multi-line text opens that was never closed, when the error at ``line`` follows
    from it: the next section's opening \"\"\" then closes it (its text ends in ``other =``), and the next
    section's text is read as TOML; or the file ends inside it."""
    end = len(text) if line is None else sum(len(row) for row in text.splitlines(keepends=True)[:line])
    delimiters = [m.start() for m in re.finditer('"""', text[:end])]
    for opening, closing in zip(delimiters[::2], delimiters[1::2]):
        if _NEXT_KEY.search(text, opening + 3, closing):
            return text.count("\n", 0, opening) + 1
    if len(delimiters) % 2:
        return text.count("\n", 0, delimiters[-1]) + 1
    return None


def _dotted(key: str) -> str:
    """tomli names a key as a tuple (``('requests', 'new')``); an editor writes ``requests.new``."""
    try:
        parts = ast.literal_eval(key)
    except (ValueError, SyntaxError):
        return key
    return ".".join(map(str, parts)) if isinstance(parts, tuple) else key


def _line_hint(source: str, text: str, above: list[str]) -> Msg | None:
    """The slip on one line of TOML, and its fix."""
    stripped = source.strip()
    header = _HEADER.match(source)
    if header and not stripped.startswith("#"):
        name = header.group("name")
        if not name.isascii():
            return _header_hint(name, text)
    assign = _ASSIGN.match(source)
    key, value = (assign.group("key"), assign.group("value").split("#")[0].strip()) if assign else ("", "")
    if _THOUSANDS.fullmatch(value):
        plain = re.sub("[,，]", "", value)
        return Msg(N_("{value} has thousands separators, which TOML does not read: write {key} = {plain}"),
                   {"value": value, "key": key, "plain": plain})
    syntax = _outside_strings(source)
    fancy = sorted(set(_FULL_WIDTH_CHARS.findall(syntax)))
    if fancy:
        return Msg(N_("full-width {characters} in the TOML itself; write it with half-width characters: {fixed}"),
                   {"characters": " ".join(fancy), "fixed": _half_width(source)})
    bare = _BARE_ASSIGN.match(source)
    if bare and not bare.group("key").isascii():
        return _label_hint(bare.group("key").strip(), bare.group("value"), text, above)
    if assign is None:
        return None
    if not value:
        return Msg(N_("{key} has no value: write a number, or delete the line to leave the cell blank"), {"key": key})
    unit = _WITH_UNIT.fullmatch(value)
    if unit and not unit.group("unit").isascii():
        return Msg(N_("write the number alone, without its unit: {key} = {number}"),
                   {"key": key, "number": unit.group("number")})
    if _NO_VALUE.fullmatch(value):
        return Msg(N_("{value} is not a value: delete the line to leave the cell blank, or write 0 where there was "
                      "nothing"), {"value": value})
    return None


_STRING = re.compile(r'("(?:[^"\\]|\\.)*"|\'[^\']*\')')


def _outside_strings(line: str) -> str:
    """The part of a line that is TOML syntax: quoted strings and the comment taken out."""
    return _STRING.sub("", line).split("#")[0]


def _half_width(line: str) -> str:
    """The line without its comment, its syntax in half-width characters (the text in quotes as it is)."""
    pieces = _STRING.split(line)
    out = []
    for index, piece in enumerate(pieces):
        if index % 2:  # a quoted string
            out.append(piece)
            continue
        code, comment, _rest = piece.partition("#")
        out.append(unicodedata.normalize("NFKC", code.translate(_FULL_WIDTH)))
        if comment:
            break
    return "".join(out).strip()


def _header_hint(name: str, text: str) -> Msg:
    found = _best(name, ((node.path, node.title) for form in _forms_of(text) for node in form.nodes.values()))
    if found is None:
        return Msg(N_("[{name}]: a table is named by its key, in ASCII letters (see govinfo new), not by its title"),
                   {"name": name})
    return Msg(N_("[{name}] is the title of a table: write its key, [{key}]"), {"name": name, "key": found})


def _label_hint(label: str, value: str, text: str, above: list[str]) -> Msg:
    table = _current_table(above)
    for form in _forms_of(text):
        here = _best(label, _titled(form, table).items(), exact=True)
        if here is not None:
            return Msg(N_("{label} is the form's label, not a key: write {key} = {value} (the label can stand in a "
                          "comment after it)"), {"label": label, "key": here, "value": value or "…"})
        anywhere = _best(label, ((c.path, c.title) for c in form.cells.values()), exact=True)
        if anywhere is not None:
            return Msg(N_("{label} is the form's label of [{key}], not a key of this table: write it there with its "
                          "key"), {"label": label, "key": anywhere})
    return Msg(N_("{label} cannot be a key: keys are written in ASCII letters, digits, _ and - (see govinfo new, "
                  "which writes every key with its label in a comment)"), {"label": label})


def _current_table(above: list[str]) -> str:
    for line in reversed(above):
        header = _HEADER.match(line)
        if header and not line.strip().startswith("#"):
            return header.group("name").strip()
    return ""


def _forms_of(text: str) -> list[Form]:
    """The form a file declares, else every form (newest first): for looking up labels."""
    declared = _FORM_LINE.search(text)
    if declared and declared.group(1) in FORMS:
        return [load_form(declared.group(1))]
    return [load_form(name) for name in reversed(FORMS)]


# --- keys and values of a parsed file ------------------------------------------------------------------


def children(form: Form, parent: str) -> dict[str, str]:
    """The keys the form allows under ``parent`` ("" for the top), with their titles."""
    if not parent:
        return dict(form.labels)
    if parent == "agency":
        return {key: field.title for key, field in form.agency_fields.items()}
    if parent == "text":
        return {section.key: section.title for section in form.sections.values()}
    node = form.nodes.get(parent)
    if node is None:
        return {}
    return {child.key: _title(child) for child in node.children}


def _title(child: Node | Cell) -> str:
    return child.column_label if isinstance(child, Cell) else child.title


def _titled(form: Form, parent: str) -> dict[str, str]:
    """The keys under ``parent`` with each of the titles they go by (a cell's own title and its column label)."""
    out = dict(children(form, parent))
    node = form.nodes.get(parent)
    for child in node.children if node else ():
        if isinstance(child, Cell):
            out.setdefault(child.key, child.title)
    return out


def _normal(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _best(found: str, candidates: Iterable[tuple[str, str]], exact: bool = False) -> str | None:
    """The key whose title is ``found`` (any of its titles, or a title's last part after ·); unless ``exact``,
    also the closest title."""
    pairs = list(candidates)
    wanted = _normal(found)
    for key, title in pairs:
        normal = _normal(title)
        if wanted in (normal, normal.rpartition("·")[2]):
            return key
    if exact:
        return None
    import difflib

    titles = {_normal(title): key for key, title in pairs}
    close = difflib.get_close_matches(wanted, list(titles), n=1, cutoff=0.6)
    return titles[close[0]] if close else None


def unknown_key(form: Form, parent: str, key: str) -> Msg:
    """The message for a key the form does not have under ``parent``: the key its label names, the key
    it is closest to, or only that it is unknown."""
    choices = children(form, parent)
    meant = suggestion(form, parent, key)
    if meant is not None and _best(key, _titled(form, parent).items(), exact=True) == meant:
        return Msg(N_("'{key}' is the form's label of {suggestion}, not a key: write {suggestion} = …"),
                   {"key": key, "suggestion": meant})
    if meant is not None:
        return Msg(N_("unknown key '{key}': did you mean {suggestion} ({label})?"),
                   {"key": key, "suggestion": meant, "label": choices[meant]})
    return Msg(N_("unknown key '{key}': form {form} has no such entry; check the spelling"),
               {"key": key, "form": form.name})


def suggestion(form: Form, parent: str, key: str) -> str | None:
    """The key of the form under ``parent`` that ``key`` most likely means: by label, then by spelling."""
    titled = _titled(form, parent)
    by_label = _best(key, titled.items(), exact=True)
    if by_label is not None:
        return by_label
    import difflib

    close = difflib.get_close_matches(key.lower(), list(titled), n=1, cutoff=0.75)
    if close:
        return close[0]
    return _best(key, titled.items()) if not key.isascii() else None


def form_value(value: Any) -> Msg | None:
    """The fix for a ``form`` that names no form: quotes left off (``form = 2021``), or a year given."""
    text = str(value) if isinstance(value, (int, str)) and not isinstance(value, bool) else None
    if text is None or not (text.isascii() and text.isdigit()):  # "²" is a digit to isdigit, not to int
        return None
    if text in FORMS:
        return Msg(N_('form is written in quotes: form = "{form}"'), {"form": text})
    year = int(text)
    if 1900 < year < 3000:
        return Msg(N_('form names the national form, not the year: a report for {year} uses form = "{form}"'),
                   {"year": year, "form": form_for_year(year)})
    return None


def intended_lines(data: dict[str, Any], lines: dict[str, int], form: Form) -> dict[str, int]:
    """For a key or table the file misspells (``[request.new]``, ``"自然人" = 64``), the line of the
    misspelling, under the path it stands for: findings about that path then point at the mistake."""
    out: dict[str, int] = {}

    def walk(node: dict[str, Any], written: str, meant: str) -> None:
        allowed = children(form, meant)
        for key, value in node.items():
            target = key if key in allowed else suggestion(form, meant, key)
            if target is None:
                continue
            here, there = _join(written, key), _join(meant, target)
            if here != there and there not in lines and here in lines:
                out.setdefault(there, lines[here])
            if isinstance(value, dict):
                walk(value, here, there)

    walk(data, "", "")
    return out


def _join(parent: str, key: str) -> str:
    return f"{parent}.{key}" if parent else key
