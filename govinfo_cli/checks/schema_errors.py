"""A report's schema errors without jsonschema, for the keywords the form schemas use.

``import jsonschema`` alone costs more than the rest of a one-file ``govinfo validate``.
:mod:`govinfo_cli.checks.fast_schema` already answers "valid" without it; this module
answers "which errors" for an invalid report, the way jsonschema does — the same keywords,
in the same order (each subschema's keywords as written; ``properties`` in schema order;
one ``required`` error per missing key) and with the attributes that
:mod:`govinfo_cli.checks.schema` reads (validator, validator_value, instance, absolute_path,
schema). Anything it does not follow exactly (another keyword, another draft, a value it
cannot compare) makes it give up (None), and jsonschema is asked. tests/test_batch.py holds
its errors to jsonschema's on a corpus of broken reports.
"""

from __future__ import annotations

import numbers
import re
from collections import deque
from collections.abc import Iterator
from functools import cache

from govinfo_cli.checks.fast_schema import DRAFT_2020_12, _valid_date
from govinfo_cli.record import record

TYPE_CHECKING = False  # typing is not imported at run time: every start pays for it
if TYPE_CHECKING:
    from typing import Any

_SKIPPED = frozenset({"$schema", "$id", "$comment", "$defs", "title", "description", "examples", "default",
                      "deprecated", "readOnly", "writeOnly"})


class _Unsupported(Exception):
    pass


if TYPE_CHECKING:
    Where = tuple[str, ...]  # the key path of an instance in the report
    Schema = dict[str, Any]
    Errors = Iterator["SchemaError"]


@record
class SchemaError:
    """One error, with the attributes of jsonschema's ValidationError that govinfo reads."""

    validator: str
    validator_value: Any
    instance: Any
    absolute_path: deque[str]
    schema: dict[str, Any]

    @property
    def message(self) -> str:
        return f"{self.instance!r} is not valid under {self.validator} {self.validator_value!r}"


def _is_type(instance: Any, name: str) -> bool:
    if name == "object":
        return isinstance(instance, dict)
    if name == "string":
        return isinstance(instance, str)
    if name == "integer":
        if isinstance(instance, bool):
            return False
        return isinstance(instance, int) or (isinstance(instance, float) and instance.is_integer())
    if name == "number":
        return isinstance(instance, numbers.Number) and not isinstance(instance, bool)
    if name == "array":
        return isinstance(instance, list)
    if name == "boolean":
        return isinstance(instance, bool)
    if name == "null":
        return instance is None
    raise _Unsupported(name)


@cache
def _pattern(source: str) -> re.Pattern[str]:
    return re.compile(source)


class _Walker:
    def __init__(self, root: dict[str, Any]) -> None:
        self.root = root

    def resolve(self, ref: str) -> Any:
        if not ref.startswith("#/"):
            raise _Unsupported(ref)
        target: Any = self.root
        for part in ref[2:].split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        return target

    def errors(self, schema: Any, instance: Any, path: Where) -> Errors:
        if schema is True:
            return
        if not isinstance(schema, dict):
            raise _Unsupported("a schema that is not an object")
        for keyword, value in schema.items():
            if keyword in _SKIPPED or keyword.startswith("x-"):
                continue
            check = getattr(self, "_" + keyword.lstrip("$"), None)
            if check is None:
                raise _Unsupported(keyword)
            yield from check(value, instance, path, schema)

    def _error(self, keyword: str, value: Any, instance: Any, path: Where,
               schema: Schema) -> SchemaError:
        return SchemaError(keyword, value, instance, deque(path), schema)

    def _ref(self, value: Any, instance: Any, path: Where, schema: Schema) -> Errors:
        yield from self.errors(self.resolve(value), instance, path)

    def _type(self, value: Any, instance: Any, path: Where, schema: Schema) -> Errors:
        names = [value] if isinstance(value, str) else value
        if not any(_is_type(instance, name) for name in names):
            yield self._error("type", value, instance, path, schema)

    def _minimum(self, value: Any, instance: Any, path: Where, schema: Schema) -> Errors:
        if _is_type(instance, "number") and instance < value:
            yield self._error("minimum", value, instance, path, schema)

    def _maximum(self, value: Any, instance: Any, path: Where, schema: Schema) -> Errors:
        if _is_type(instance, "number") and instance > value:
            yield self._error("maximum", value, instance, path, schema)

    def _const(self, value: Any, instance: Any, path: Where, schema: Schema) -> Errors:
        if not isinstance(value, str):
            raise _Unsupported("const")
        if not (isinstance(instance, str) and instance == value):
            yield self._error("const", value, instance, path, schema)

    def _enum(self, value: Any, instance: Any, path: Where, schema: Schema) -> Errors:
        if not all(isinstance(choice, str) for choice in value):
            raise _Unsupported("enum")
        if not (isinstance(instance, str) and instance in value):
            yield self._error("enum", value, instance, path, schema)

    def _pattern(self, value: Any, instance: Any, path: Where, schema: Schema) -> Errors:
        if isinstance(instance, str) and _pattern(value).search(instance) is None:
            yield self._error("pattern", value, instance, path, schema)

    def _format(self, value: Any, instance: Any, path: Where, schema: Schema) -> Errors:
        if value != "date":
            raise _Unsupported(f"format {value}")
        if isinstance(instance, str) and not _valid_date(instance):
            yield self._error("format", value, instance, path, schema)

    def _minLength(self, value: Any, instance: Any, path: Where, schema: Schema) -> Errors:
        if isinstance(instance, str) and len(instance) < value:
            yield self._error("minLength", value, instance, path, schema)

    def _required(self, value: Any, instance: Any, path: Where, schema: Schema) -> Errors:
        if isinstance(instance, dict):
            for key in value:
                if key not in instance:
                    yield self._error("required", value, instance, path, schema)

    def _properties(self, value: Any, instance: Any, path: Where, schema: Schema) -> Errors:
        if isinstance(instance, dict):
            for key, subschema in value.items():
                if key in instance:
                    yield from self.errors(subschema, instance[key], (*path, key))

    def _additionalProperties(self, value: Any, instance: Any, path: Where, schema: Schema) -> Errors:
        if not isinstance(instance, dict):
            return
        if "patternProperties" in schema or value not in (True, False):
            raise _Unsupported("additionalProperties")
        extras = [key for key in instance if key not in schema.get("properties", {})]
        if extras and value is False:
            yield self._error("additionalProperties", value, instance, path, schema)


def schema_errors(schema: dict[str, Any], instance: Any) -> list[SchemaError] | None:
    """The errors jsonschema would give for ``instance``, in its order; None when unsure (ask jsonschema)."""
    if schema.get("$schema") != DRAFT_2020_12:
        return None
    try:
        return list(_Walker(schema).errors(schema, instance, ()))
    except (_Unsupported, KeyError, TypeError, ArithmeticError, RecursionError, re.error):
        return None
