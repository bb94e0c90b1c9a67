"""The start-up fast path: ``govinfo validate …`` and ``govinfo import …`` without importing Typer.

Cron jobs and editors' save hooks start ``govinfo validate`` again and again, and
importing Typer (with its bundled click) is half of such a start; ``govinfo import`` of one
page has a target of 0.3 s. A plain call — the command, its options and arguments, the
global ``--color`` and ``--lang`` — is read here and run by the same function the Typer
command runs (commands/validate_run.py, commands/import_run.py). Anything else (help, a
misspelt option, a value Typer would convert or refuse, any other command) goes to Typer,
which says what is wrong as it always does. tests/test_quick.py holds the options read here
to the Typer commands', and the output of both paths to each other.
"""

from __future__ import annotations

import importlib

TYPE_CHECKING = False  # typing is not imported at run time: every start pays for it
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

GLOBAL_CHOICES = {"--color": ("auto", "always", "never"), "--lang": ("zh", "en")}


class Refused(Exception):
    """A value the fast path leaves to Typer, which converts it its own way or words the error."""


def text(value: str) -> str:
    return value


def count(value: str) -> int:
    """A number of 1 or more, written in digits (Typer's IntRange(min=1) words the error for the rest)."""
    if not (value.isascii() and value.isdigit()) or int(value) < 1:
        raise Refused(value)
    return int(value)


def whole(value: str) -> int:
    """A number written in digits (Typer's int reads signs, spaces and underscores its own way)."""
    if not (value.isascii() and value.isdigit()):
        raise Refused(value)
    return int(value)


def path(value: str) -> str:
    """A path that Typer's Path would leave as written: no empty or ``.`` part (``./a``, ``a//b``,
    ``a/``), which Path drops."""
    parts = value.split("/")
    if parts[0] == "" and len(parts) > 1:  # an absolute path
        parts = parts[1:]
    if any(part in ("", ".") for part in parts):
        raise Refused(value)
    return value


def choice(allowed: Callable[[], tuple[str, ...]]) -> Callable[[str], str]:
    """One of ``allowed()`` (read when a value is given: the forms are listed in schemas/)."""

    def chosen(value: str) -> str:
        if value not in allowed():
            raise Refused(value)
        return value

    return chosen


def _forms() -> tuple[str, ...]:
    from govinfo_cli.model.forms import FORMS

    return tuple(FORMS)


def _kinds() -> tuple[str, ...]:
    from govinfo_cli.readers import KINDS

    return KINDS


class Command:
    """What the fast path reads of one command: its options (each to a keyword argument of the
    function that runs it) and its arguments (one or more, the function's first argument)."""

    def __init__(self, runner: str, flags: dict[str, str], values: dict[str, tuple[str, Callable[[str], Any]]],
                 repeated: frozenset[str] = frozenset()) -> None:
        self.runner = runner  # module:function
        self.flags = flags  # option -> keyword, True when given
        self.values = values  # option -> keyword and the value's reader
        self.repeated = repeated  # keywords whose option may be given again, each value kept

    def run(self, arguments: list[str], options: dict[str, Any]) -> int:
        module, _, function = self.runner.partition(":")
        return int(getattr(importlib.import_module(module), function)(arguments, **options))


FORMATS = ("text", "json", "html")
COMMANDS = {
    "validate": Command(
        "govinfo_cli.commands.validate_run:run_validate",
        flags={"--strict": "strict", "--quiet": "quiet", "-q": "quiet"},
        values={"--previous": ("previous", path), "--format": ("fmt", choice(lambda: FORMATS)),
                "--jobs": ("jobs", count), "-j": ("jobs", count)}),
    "import": Command(
        "govinfo_cli.commands.import_run:run_import",
        flags={"--force": "force", "--quiet": "quiet", "-q": "quiet"},
        values={"-o": ("output", text), "--output": ("output", text), "--form": ("form", choice(_forms)),
                "--year": ("year", whole), "--agency": ("agency", text), "--level": ("level", text),
                "--previous": ("previous", path), "--split": ("split", text),
                "--from-format": ("kind", choice(_kinds)), "--jobs": ("jobs", count), "-j": ("jobs", count)},
        repeated=frozenset({"split"})),
}


class Call:
    """A plain call of a command: its arguments, its options by keyword, the colour mode."""

    def __init__(self, command: str) -> None:
        self.command = command
        self.arguments: list[str] = []
        self.options: dict[str, Any] = {}
        self.color = "auto"


def plain_call(argv: list[str]) -> Call | None:
    """``argv`` as a plain call of a command of :data:`COMMANDS`, or None when Typer should read it."""
    call: Call | None = None
    color = "auto"
    index = 0
    while index < len(argv):
        argument = argv[index]
        # click reads --name=value for long options only: -j=2 gives -j the value "=2"
        name, equals, inline = argument.partition("=") if argument.startswith("--") else (argument, "", "")
        command = COMMANDS[call.command] if call is not None else None
        if name in GLOBAL_CHOICES or (command is not None and name in command.values):
            if equals:
                value = inline
            elif index + 1 < len(argv):
                index += 1
                value = argv[index]
            else:
                return None
            if name in GLOBAL_CHOICES:
                if value not in GLOBAL_CHOICES[name]:
                    return None
                if name == "--color":
                    color = value  # --lang: entry.py has chosen the language from argv already
            elif not _take(call, command, name, value):  # type: ignore[arg-type]
                return None
        elif command is not None and argument in command.flags:
            call.options[command.flags[argument]] = True  # type: ignore[union-attr]
        elif argument == "-" or not argument.startswith("-"):
            if call is not None:
                call.arguments.append(argument)
            elif argument in COMMANDS:
                call = Call(argument)
            else:
                return None
        else:
            return None  # --help, --version, "--", an option of another command or none at all: Typer's
        index += 1
    if call is None or not call.arguments:
        return None
    call.color = color
    return call


def _take(call: Call, command: Command, name: str, value: str) -> bool:
    """Whether ``value`` of the command's option ``name`` is one the fast path reads as Typer would
    (then it is taken)."""
    keyword, read = command.values[name]
    try:
        converted = read(value)
    except Refused:
        return False
    if keyword in command.repeated:
        call.options.setdefault(keyword, []).append(converted)
    else:
        call.options[keyword] = converted
    return True


def run(call: Call) -> int:
    from govinfo_cli.term import set_color_mode

    set_color_mode(call.color)
    return COMMANDS[call.command].run(call.arguments, call.options)
