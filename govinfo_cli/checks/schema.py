"""JSON Schema validation of a report, as findings with lines and Chinese labels."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from govinfo_cli.checks.context import Context
from govinfo_cli.checks.findings import Finding
from govinfo_cli.i18n import N_
from govinfo_cli.model.forms import FORMS, Form, load_form
from govinfo_cli.model.messages import Msg
from govinfo_cli.model.report import Report

TYPE_CHECKING = False  # typing is not imported at run time: every start pays for it
if TYPE_CHECKING:
    from typing import Any


@cache
def _fast_check(form_name: str) -> Any:
    from govinfo_cli.checks.fast_schema import compile_schema

    return compile_schema(load_form(form_name).schema)


def surely_valid(data: Any, form_name: str) -> bool:
    """True when the fast check is sure that jsonschema would find no error in ``data`` (False: ask jsonschema)."""
    check = _fast_check(form_name)
    return check is not None and check(data)


@cache
def _validator(form_name: str) -> Any:
    import jsonschema  # heavy: only commands that validate pay for it

    form = load_form(form_name)
    cls = jsonschema.validators.validator_for(form.schema)
    fast = _fast_check(form_name)
    if fast is not None:
        # Descend only into the properties that the fast check cannot vouch for. A skipped part
        # is one where jsonschema would find nothing, so the errors (and their order) are the same.
        descend = cls.VALIDATORS["properties"]

        def properties(validator: Any, properties: Any, instance: Any, schema: Any) -> Any:
            if isinstance(instance, dict) and isinstance(properties, dict):
                properties = {key: sub for key, sub in properties.items()
                              if key not in instance or not fast.sure(sub, instance[key])}
            return descend(validator, properties, instance, schema)

        cls = jsonschema.validators.extend(cls, {"properties": properties})
    return cls(form.schema, format_checker=cls.FORMAT_CHECKER)


_TYPE_NAMES = {"integer": N_("a whole number"), "number": N_("a number"), "string": N_("text"),
               "object": N_("a table")}


def _describe(error: Any, form: Form) -> list[tuple[str, Msg]]:
    """(key path, message) for each problem in one jsonschema error (one per missing or unknown key)."""
    path = ".".join(str(p) for p in error.absolute_path)
    validator, value, instance = error.validator, error.validator_value, error.instance

    def under(key: str) -> str:
        return f"{path}.{key}" if path else key

    if validator == "additionalProperties":
        from govinfo_cli.model.hints import unknown_key

        extra = sorted(set(instance) - set(error.schema.get("properties", {})))
        return [(under(key), unknown_key(form, path, key)) for key in extra]
    if validator == "required":
        return [(under(key), Msg(N_("required key '{key}' is missing"), {"key": key}))
                for key in value if key not in instance]
    return [(path, _message(error))]


def _message(error: Any) -> Msg:
    validator, value, instance = error.validator, error.validator_value, error.instance
    if validator == "type":
        expected: str | Msg = Msg(_TYPE_NAMES[value]) if value in _TYPE_NAMES else str(value)
        return Msg(N_("must be {expected}, found {found}"), {"expected": expected, "found": shown(instance)})
    if validator == "minimum":
        return Msg(N_("must be {minimum} or more, found {found}"), {"minimum": value, "found": shown(instance)})
    if validator == "maximum":
        return Msg(N_("must be {maximum} or less, found {found}"), {"maximum": value, "found": shown(instance)})
    if validator in ("pattern", "format") and error.schema.get("format") == "date":
        return Msg(N_("must be a date written YYYY-MM-DD, found {found}"), {"found": shown(instance)})
    if validator == "enum":
        return Msg(N_("must be one of {choices}, found {found}"),
                   {"choices": ", ".join(map(str, value)), "found": shown(instance)})
    if validator == "minLength":
        return Msg(N_("must not be empty"))
    return Msg("{detail}", {"detail": error.message})  # a keyword the forms do not use today: jsonschema's words


def shown(value: Any) -> str | Msg:
    """A value as a finding quotes it: text in quotes (cut at 40 characters), true/false, numbers as written."""
    if isinstance(value, str):
        return f'"{value}"' if len(value) <= 40 else f'"{value[:37]}…"'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return Msg(N_("a table"))
    return str(value)


def choices_text() -> str:
    """The forms as a TOML author writes them: ``"legacy", "2019", "2021"``."""
    return ", ".join(f'"{name}"' for name in FORMS)


def form_findings(report: Report) -> list[Finding]:
    """The finding for a file whose ``form`` is missing or unknown (nothing else can be checked)."""
    form = report.data.get("form")
    if form is None:
        msg = Msg(N_("required key 'form' is missing; write form = {example} (one of {choices})"),
                  {"example": f'"{FORMS[-1]}"', "choices": choices_text()})
    else:
        from govinfo_cli.model.hints import form_value

        msg = form_value(form) or Msg(N_("unknown form {found}; it must be one of {choices}"),
                                      {"found": shown(form), "choices": choices_text()})
    return [Finding(code="schema", level="error", path="form", line=report.line("form"),
                    label=load_form(FORMS[-1]).label("form"), msg=msg)]


def schema_findings(report: Report, form: Form) -> list[Finding]:
    if surely_valid(report.data, form.name):
        return []  # the fast check is sure: jsonschema would find nothing (and need not be imported)
    findings = []
    seen: set[tuple[str, str]] = set()
    for error in _errors(report.data, form):
        # jsonschema reports "required" once per missing key, each naming the whole list
        for path, msg in _describe(error, form):
            if (path, msg.template) in seen:
                continue
            seen.add((path, msg.template))
            findings.append(Finding(code="schema", level="error", path=path or None, line=report.line(path),
                                    label=form.label(path) if path else form.title, msg=msg))
    return findings


def _errors(data: Any, form: Form) -> Iterable[Any]:
    """The schema errors of ``data``: found without jsonschema where the form's keywords allow (most
    reports), else jsonschema's own."""
    from govinfo_cli.checks.schema_errors import schema_errors

    errors = schema_errors(form.schema, data)
    return errors if errors is not None else _validator(form.name).iter_errors(data)


def schema_check(context: Context) -> list[Finding]:
    """The ``schema`` findings of a report (worked out once per context: other checks need them too)."""
    return context.tally("schema", context.schema_findings, 1)
