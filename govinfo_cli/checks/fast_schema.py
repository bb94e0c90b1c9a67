"""A fast yes/no JSON Schema check for the keyword subset the form schemas use.

``import jsonschema`` alone takes longer than all the rest of ``govinfo validate``
on one file (referencing, rpds, attrs), and its validation of a report costs
more than reading the file. Most reports are schema-valid, so
:func:`compile_schema` turns a form schema into Python source - one small
function per distinct subschema - and compiles it into a predicate that only
answers "valid or not". When it says "not valid", :mod:`govinfo_cli.checks.schema`
asks jsonschema for the errors, so the findings are always jsonschema's own.

The predicate follows jsonschema's semantics keyword by keyword (bool is not a
number, ``pattern`` is ``re.search``, ``format: date`` is jsonschema's own
check). Whatever it is unsure of (an exception, a number type other than int,
float or Decimal) counts as invalid: that costs time, never correctness. A
schema with any other keyword, or of another draft, does not compile (None):
then every report goes to jsonschema. tests/test_batch.py holds it to
jsonschema's verdict on a corpus of valid and broken reports.
"""

from __future__ import annotations

import datetime
import json
import numbers
import re
from collections.abc import Callable
from decimal import Decimal

TYPE_CHECKING = False  # typing is not imported at run time: every start pays for it
if TYPE_CHECKING:
    from typing import Any

    Check = Callable[[Any], bool]

DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema"

# Keywords with no effect on validity.
_ANNOTATIONS = frozenset({"$schema", "$id", "$comment", "$defs", "title", "description", "examples", "default",
                          "deprecated", "readOnly", "writeOnly"})
_SUPPORTED = frozenset({"type", "minimum", "maximum", "const", "enum", "required", "additionalProperties",
                        "properties", "$ref", "pattern", "format", "minLength"})
_TYPES = {
    "object": "isinstance(x, dict)",
    "array": "isinstance(x, list)",
    "string": "isinstance(x, str)",
    "integer": "(isinstance(x, int) and not isinstance(x, bool))",
    "number": "(isinstance(x, _Number) and not isinstance(x, bool))",
    "boolean": "isinstance(x, bool)",
    "null": "x is None",
}
_NUMBER = "(isinstance(x, _Number) and not isinstance(x, bool))"

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)  # jsonschema's, followed by date.fromisoformat


def _valid_date(instance: str) -> bool:
    if not _DATE.fullmatch(instance):
        return False
    try:
        datetime.date.fromisoformat(instance)
    except ValueError:
        return False
    return True


class Unsupported(Exception):
    """The schema uses something this checker does not follow exactly."""


def _key(schema: Any) -> str:
    """What decides validity in a subschema (annotations left out), as text: equal subschemas share a function."""
    if isinstance(schema, dict):
        return json.dumps({k: v for k, v in schema.items() if k not in _ANNOTATIONS and not k.startswith("x-")},
                          sort_keys=True, default=str)
    return json.dumps(schema)


class _Generator:
    def __init__(self, root: dict[str, Any]) -> None:
        self.root = root
        self.functions: dict[str, str] = {}  # _key(schema) -> function name
        self.source: list[str] = []
        self.tables: list[str] = []  # property tables, assigned after every function is defined
        self.constants: dict[str, Any] = {}
        self.by_id: dict[int, tuple[Any, str]] = {}  # id(subschema) -> (the subschema, its function)

    def constant(self, value: Any) -> str:
        name = f"_c{len(self.constants)}"
        self.constants[name] = value
        return name

    def resolve(self, ref: str) -> Any:
        if not isinstance(ref, str) or not ref.startswith("#/"):
            raise Unsupported(f"$ref {ref!r}")
        target: Any = self.root
        for part in ref[2:].split("/"):
            part = part.replace("~1", "/").replace("~0", "~")
            if not isinstance(target, dict) or part not in target:
                raise Unsupported(f"$ref {ref!r}")
            target = target[part]
        return target

    def function(self, schema: Any) -> str:
        key = _key(schema)
        if key in self.functions:
            self.by_id[id(schema)] = (schema, self.functions[key])
            return self.functions[key]
        name = f"_v{len(self.functions)}"
        self.functions[key] = name  # before the body: a schema may refer to itself
        self.by_id[id(schema)] = (schema, name)
        body = self.body(schema)
        self.source += [f"def {name}(x):"] + [f"    {line}" for line in body] + ["    return True", ""]
        return name

    def body(self, schema: Any) -> list[str]:
        if schema is True:
            return []
        if schema is False:
            return ["return False"]
        if not isinstance(schema, dict):
            raise Unsupported("a schema that is not an object")
        for keyword in schema:
            if keyword not in _ANNOTATIONS and not keyword.startswith("x-") and keyword not in _SUPPORTED:
                raise Unsupported(keyword)
        lines: list[str] = []
        known = None  # the one type already checked, if any
        if "type" in schema:
            names = [schema["type"]] if isinstance(schema["type"], str) else list(schema["type"])
            if not names or any(n not in _TYPES for n in names):
                raise Unsupported(f"type {schema['type']!r}")
            lines.append(f"if not ({' or '.join(_TYPES[n] for n in names)}): return False")
            known = names[0] if len(names) == 1 else None
        if "$ref" in schema:
            lines.append(f"if not {self.function(self.resolve(schema['$ref']))}(x): return False")
        is_number = known in ("integer", "number")
        for keyword, op in (("minimum", "<"), ("maximum", ">")):
            if keyword in schema:
                bound = schema[keyword]
                if isinstance(bound, bool) or not isinstance(bound, (int, float)):
                    raise Unsupported(keyword)
                guard = "" if is_number else f"{_NUMBER} and "
                lines.append(f"if {guard}x {op} {bound!r}: return False")
        if "const" in schema:
            if not isinstance(schema["const"], str):
                raise Unsupported("const other than a string")
            lines.append(f"if not (isinstance(x, str) and x == {schema['const']!r}): return False")
        if "enum" in schema:
            choices = schema["enum"]
            if not isinstance(choices, list) or not all(isinstance(c, str) for c in choices):
                raise Unsupported("enum other than strings")
            lines.append(f"if not (isinstance(x, str) and x in {self.constant(frozenset(choices))}): return False")
        string_guard = "" if known == "string" else "isinstance(x, str) and "
        if "pattern" in schema:
            pattern = self.constant(re.compile(schema["pattern"]))
            lines.append(f"if {string_guard}{pattern}.search(x) is None: return False")
        if "format" in schema:
            if schema["format"] != "date":
                raise Unsupported(f"format {schema['format']!r}")
            lines.append(f"if {string_guard}not _valid_date(x): return False")
        if "minLength" in schema:
            length = schema["minLength"]
            if isinstance(length, bool) or not isinstance(length, int):
                raise Unsupported("minLength")
            lines.append(f"if {string_guard}len(x) < {length}: return False")
        object_lines: list[str] = []
        if "required" in schema:
            required = schema["required"]
            if not isinstance(required, list) or not all(isinstance(k, str) for k in required):
                raise Unsupported("required")
            if required:
                object_lines.append(f"if not {self.constant(frozenset(required))}.issubset(x): return False")
        if "properties" in schema or "additionalProperties" in schema:
            object_lines += self.properties(schema)
        if object_lines:
            if known == "object":
                lines += object_lines
            else:
                lines.append("if isinstance(x, dict):")
                lines += [f"    {line}" for line in object_lines]
        return lines

    def properties(self, schema: dict[str, Any]) -> list[str]:
        properties = schema.get("properties", {})
        if not isinstance(properties, dict):
            raise Unsupported("properties")
        additional = schema.get("additionalProperties", True)
        table = f"_p{len(self.tables)}"
        self.tables.append("")  # reserve the name; filled in below
        entries = {key: self.function(sub) for key, sub in properties.items()}
        self.tables[int(table[2:])] = f"{table} = {{{', '.join(f'{k!r}: {v}' for k, v in entries.items())}}}"
        if additional is True:
            otherwise = "continue"
        elif additional is False:
            otherwise = "return False"
        else:
            otherwise = f"if not {self.function(additional)}(v): return False"
        return [
            "for k, v in x.items():",
            f"    f = {table}.get(k)",
            "    if f is None:",
            f"        {otherwise}",
            "    elif not f(v):",
            "        return False",
        ]


def compile_source(schema: dict[str, Any]) -> tuple[str, dict[str, Any], dict[int, tuple[Any, str]]]:
    """The predicate's Python source, the constants it uses, and each subschema's function (by id)."""
    generator = _Generator(schema)
    root = generator.function(schema)
    source = "\n".join(generator.source + generator.tables + [
        "",
        "def check(x):",
        "    try:",
        f"        return {root}(x)",
        "    except Exception:  # a comparison that raises (Decimal NaN), too deep a document: let jsonschema say",
        "        return False",
        "",
    ])
    return source, generator.constants, generator.by_id


class CompiledSchema:
    """``compiled(instance)``: True only when jsonschema would find no error in ``instance``."""

    def __init__(self, check: Check, subschemas: dict[int, tuple[Any, Check]]) -> None:
        self._check = check
        self._subschemas = subschemas  # the subschema is kept with its id, so the id stays its own

    def __call__(self, instance: Any) -> bool:
        return self._check(instance)

    def sure(self, subschema: Any, instance: Any) -> bool:
        """True only when ``instance`` is valid against ``subschema``, a part of the compiled schema (same object)."""
        entry = self._subschemas.get(id(subschema))
        if entry is None or entry[0] is not subschema:
            return False
        try:
            return entry[1](instance)
        except Exception:
            return False


def compile_schema(schema: dict[str, Any]) -> CompiledSchema | None:
    """The fast check for ``schema``, or None if it uses something the check does not follow."""
    if not isinstance(schema, dict) or schema.get("$schema") != DRAFT_2020_12:
        return None  # $ref and format behave differently in other drafts
    try:
        source, constants, by_id = compile_source(schema)
    except (Unsupported, re.error):
        return None
    namespace: dict[str, Any] = {"_Number": numbers.Number, "_valid_date": _valid_date, "Decimal": Decimal,
                                 **constants}
    exec(compile(source, "<govinfo fast schema check>", "exec"), namespace)
    return CompiledSchema(namespace["check"], {key: (sub, namespace[name]) for key, (sub, name) in by_id.items()})
