"""The start-up fast path: ``govinfo validate …`` without importing Typer.

Cron jobs and editors' save hooks start ``govinfo validate`` again and again, and
importing Typer (with its bundled click) is half of such a start. A plain call — the
command, its options and files, the global ``--color`` and ``--lang`` — is read here
and run by the same function the Typer command runs (commands/validate_run.py).
Anything else (help, a misspelt option, a value out of range, any other command)
goes to Typer, which says what is wrong as it always does. tests/test_quick.py holds
the options read here to the Typer command's, and the output of both paths to each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field

COMMAND = "validate"
GLOBAL_CHOICES = {"--color": ("auto", "always", "never"), "--lang": ("zh", "en")}
FLAGS = {"--strict": "strict", "--quiet": "quiet", "-q": "quiet"}
VALUES = {"--previous": "previous", "--format": "fmt", "--jobs": "jobs", "-j": "jobs"}
FORMATS = ("text", "json", "html")


@dataclass
class ValidateCall:
    files: list[str] = field(default_factory=list)
    previous: str | None = None
    fmt: str = "text"
    strict: bool = False
    quiet: bool = False
    jobs: int | None = None
    color: str = "auto"
    lang: str | None = None


def validate_call(argv: list[str]) -> ValidateCall | None:
    """``argv`` as a plain validate call, or None when Typer should read it."""
    call = ValidateCall()
    seen_command = False
    index = 0
    while index < len(argv):
        argument = argv[index]
        name, equals, inline = argument.partition("=")
        takes_value = name in GLOBAL_CHOICES or (seen_command and name in VALUES)
        if takes_value:
            if equals:
                value = inline
            elif index + 1 < len(argv):
                index += 1
                value = argv[index]
            else:
                return None
            if not _take(call, name, value):
                return None
        elif seen_command and argument in FLAGS:
            setattr(call, FLAGS[argument], True)
        elif argument == "-" or not argument.startswith("-"):
            if not seen_command:
                if argument != COMMAND:
                    return None
                seen_command = True
            else:
                call.files.append(argument)
        else:
            return None  # --help, --version, "--", an option of another command or none at all: Typer's
        index += 1
    return call if seen_command and call.files else None


def _take(call: ValidateCall, name: str, value: str) -> bool:
    if name in GLOBAL_CHOICES:
        if value not in GLOBAL_CHOICES[name]:
            return False
        setattr(call, name[2:], value)
        return True
    attribute = VALUES[name]
    if attribute == "fmt":
        if value not in FORMATS:
            return False
        call.fmt = value
    elif attribute == "jobs":
        if not (value.isascii() and value.isdigit()) or int(value) < 1:  # Typer's IntRange(min=1) words the error
            return False
        call.jobs = int(value)
    else:
        call.previous = value
    return True


def run(call: ValidateCall) -> int:
    from govinfo_cli.commands.validate_run import run_validate
    from govinfo_cli.term import set_color_mode

    set_color_mode(call.color)
    return run_validate(call.files, call.previous, call.fmt, call.strict, call.quiet, call.jobs)
