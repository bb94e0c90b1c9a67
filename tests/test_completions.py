"""The static completion scripts: up to date with the command tree, and what real shells offer with them.

bash and zsh are driven through a pseudo-terminal, as a person would: type a
prefix, press TAB, press Enter, and see which command line ran. A fake
``govinfo`` (and ``python``, ``python3``) first on PATH records every start, so
the tests also show that pressing TAB starts no process. fish has a scripting
interface to its completion (``complete -C``). PowerShell is not in Debian: its
script is generated like the others but not exercised here.
"""

from __future__ import annotations

import os
import pty
import re
import select
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT

from govinfo_cli.cli import command
from govinfo_cli.commands.validate import ValidateFormat

COMMAND_NAMES = sorted(command().commands)  # as the user types them (import's module is importer)

COMPLETIONS = ROOT / "completions"
GENERATOR = ROOT / "scripts" / "gen_completions.py"
DEADLINE = 60.0  # seconds to wait for what a shell should print: generous, as a loaded CI machine may need


def test_committed_scripts_are_what_the_generator_writes(tmp_path):
    subprocess.run([sys.executable, GENERATOR, "--output", tmp_path], check=True, timeout=120)
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == ["_govinfo", "govinfo.bash", "govinfo.fish", "govinfo.ps1"]
    stale = [name for name in written
             if not (COMPLETIONS / name).is_file()
             or (COMPLETIONS / name).read_text(encoding="utf-8") != (tmp_path / name).read_text(encoding="utf-8")]
    assert stale == [], f"completions/{stale} out of date: run python scripts/gen_completions.py"
    check = subprocess.run([sys.executable, GENERATOR, "--check"], capture_output=True, text=True, timeout=120)
    assert check.returncode == 0, check.stderr


def test_every_command_and_choice_is_in_every_script():
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import gen_completions
    finally:
        sys.path.pop(0)
    scripts = {name: (COMPLETIONS / name).read_text(encoding="utf-8") for name in gen_completions.FILES}
    for name in COMMAND_NAMES:
        for shell, text in scripts.items():
            assert name in text, (shell, name)
    for values in ("text json html", "toml json", "legacy 2019 2021", "zh en", "auto always never"):
        for shell, text in scripts.items():
            assert values in text, (shell, values)


# --------------------------------------------------------------------------- a sandbox with fake programs


@pytest.fixture
def sandbox(tmp_path):
    """A folder with reports and other files, and a bin/ whose govinfo and python only record that they ran."""
    work = tmp_path / "work"
    (work / "reports" / "2024").mkdir(parents=True)
    (work / "reports" / "2024" / "county.toml").write_text("")
    (work / "report-2023.toml").write_text("")
    (work / "readme.txt").write_text("")
    (work / "notes.md").write_text("")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "started.log"
    for name in ("govinfo", "python", "python3", sys.executable.rpartition("/")[2]):
        program = bin_dir / name
        program.write_text(f'#!/bin/sh\necho "{name} $*" >> "{log}"\n')
        program.chmod(0o755)
    return work, bin_dir, log


def started(log: Path) -> list[str]:
    return log.read_text().splitlines() if log.exists() else []


def _environment(bin_dir: Path, home: Path) -> dict[str, str]:
    return {"PATH": f"{bin_dir}:/usr/bin:/bin", "HOME": str(home), "TERM": "dumb", "LANG": "C.UTF-8",
            "PS1": "$ ", "PROMPT": "$ ", "RPROMPT": "", "INPUTRC": "/dev/null"}


_NOT_SHOWN = re.compile(rb"\x07|\x1b\[[0-9;?]*[A-Za-z]|\r")


class Terminal:
    """A shell on a pseudo-terminal: type, read what it echoes."""

    def __init__(self, argv: list[str], cwd: Path, env: dict[str, str]) -> None:
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: become the shell
            os.chdir(cwd)
            os.execve(argv[0], argv, env)
        self.output = b""

    def read(self, until: bytes, since: int = 0, timeout: float = DEADLINE) -> bool:
        """Read until ``until`` appears in the output after byte ``since`` (bells and escape sequences
        left out: a shell rings between the typed and the completed part); False if it did not in time."""
        deadline = time.monotonic() + timeout
        while until not in _NOT_SHOWN.sub(b"", self.output[since:]):
            if not self.poll(deadline - time.monotonic()):
                return False
        return True

    def poll(self, timeout: float) -> bool:
        """Add what the shell printed within ``timeout`` seconds to the output; False once it has closed."""
        if timeout <= 0:
            return False
        ready, _, _ = select.select([self.fd], [], [], min(timeout, 0.1))
        if not ready:
            return True
        try:
            chunk = os.read(self.fd, 65536)
        except OSError:
            return False
        self.output += chunk
        return bool(chunk)

    def type(self, text: str) -> None:
        os.write(self.fd, text.encode())

    def close(self) -> None:
        os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        os.close(self.fd)


def complete_and_run(shell: list[str], setup: str, typed: str, ran: str, work: Path, bin_dir: Path, log: Path,
                     home: Path) -> tuple[list[str], list[str]]:
    """Type ``typed`` (with its TABs) into ``shell``: what started while completing, then what Enter ran.

    Nothing waits a fixed time. The shell handles keys in order, so Enter is handled after the
    completion whenever it is typed; the wait for the completed word on the screen is only so
    that ``during`` is taken after the completion (a process a TAB started that logged later
    would still show, in what Enter ran).
    """
    terminal = Terminal(shell, work, _environment(bin_dir, home))
    try:
        terminal.type(setup + "\n")
        terminal.type("echo READ''Y\n")  # the echo of what was typed does not say READY: only the command does
        assert terminal.read(b"READY"), terminal.output
        mark = len(terminal.output)
        terminal.type(typed)
        completed = ran.rsplit(maxsplit=1)[-1].encode()
        assert terminal.read(completed, since=mark), (completed, terminal.output[mark:])
        during = started(log)
        terminal.type("\n")
        deadline = time.monotonic() + DEADLINE
        while len(started(log)) == len(during) and terminal.poll(deadline - time.monotonic()):
            pass
        return during, started(log)[len(during):]
    finally:
        terminal.close()


BASH_CASES = [
    ("govinfo va\t", "govinfo validate"),
    ("govinfo --color al\t va\t", "govinfo --color always validate"),
    ("govinfo validate --format j\t", "govinfo validate --format json"),
    ("govinfo validate --format=j\t", "govinfo validate --format=json"),
    ("govinfo new --form leg\t", "govinfo new --form legacy"),
    ("govinfo validate report-\t", "govinfo validate report-2023.toml"),  # a .toml file
    ("govinfo validate r\t", "govinfo validate report"),  # report-2023.toml and reports/: their common part
    ("govinfo validate reports/2\t\t", "govinfo validate reports/2024/county.toml"),  # folders, then the file
    ("govinfo new --from re\t", "govinfo new --from report"),
    ("govinfo new -o rea\t", "govinfo new -o readme.txt"),  # -o takes any file
    ("govinfo validate rea\t", "govinfo validate rea"),  # readme.txt is not a report: nothing offered
    ("govinfo diff report-2023.toml report-\t", "govinfo diff report-2023.toml report-2023.toml"),
]


@pytest.mark.parametrize("typed,ran", BASH_CASES, ids=[c[0].replace("\t", "<TAB>") for c in BASH_CASES])
def test_bash_completes_in_a_real_terminal_without_starting_python(sandbox, tmp_path, typed, ran):
    work, bin_dir, log = sandbox
    bash = shutil.which("bash")
    assert bash, "bash is needed"
    during, after = complete_and_run([bash, "--norc", "--noprofile", "-i"],
                                     f"source {COMPLETIONS / 'govinfo.bash'}", typed, ran, work, bin_dir, log,
                                     tmp_path)
    assert during == []  # TAB started no process: no govinfo, no python
    assert after == [ran.strip()]


def bash_offers(words: list[str], cwd: Path) -> list[str]:
    """What the bash completion function puts in COMPREPLY for these words (the last is being completed)."""
    quoted = " ".join("'" + w.replace("'", "'\\''") + "'" for w in words)
    script = (f"source '{COMPLETIONS / 'govinfo.bash'}'\n"
              f"COMP_WORDS=({quoted}); COMP_CWORD={len(words) - 1}; COMP_LINE=\"${{COMP_WORDS[*]}}\"\n"
              "_govinfo; printf '%s\\n' \"${COMPREPLY[@]}\"\n")
    result = subprocess.run(["bash", "--norc", "--noprofile", "-c", script], capture_output=True, text=True,
                            cwd=cwd, timeout=30)
    assert result.returncode == 0, result.stderr
    return sorted(line for line in result.stdout.splitlines() if line)


def test_bash_offers_commands_options_and_values(sandbox):
    work, _, _ = sandbox
    assert bash_offers(["govinfo", ""], work) == COMMAND_NAMES
    assert "--lang" in bash_offers(["govinfo", "--"], work)
    assert bash_offers(["govinfo", "--lang", ""], work) == ["en", "zh"]
    assert bash_offers(["govinfo", "--color", "=", ""], work) == ["always", "auto", "never"]
    assert bash_offers(["govinfo", "--lang", "zh", "validate", "--f"], work) == ["--format"]
    assert set(bash_offers(["govinfo", "validate", "-"], work)) >= {"--format", "--jobs", "--quiet", "--previous",
                                                                   "--strict", "-j", "-q"}
    assert bash_offers(["govinfo", "validate", ""], work) == ["report-2023.toml", "reports"]
    assert bash_offers(["govinfo", "validate", "--previous", ""], work) == ["report-2023.toml", "reports"]
    assert bash_offers(["govinfo", "validate", "-j", "2", ""], work) == ["report-2023.toml", "reports"]
    assert bash_offers(["govinfo", "validate", "-j", ""], work) == []  # a number: nothing to offer
    assert bash_offers(["govinfo", "new", "-o", ""], work) == ["notes.md", "readme.txt", "report-2023.toml",
                                                               "reports"]
    assert bash_offers(["govinfo", "new", ""], work) == []  # new takes no file argument
    assert bash_offers(["govinfo", "diff", "a.toml", "b.toml", ""], work) == []  # diff takes two
    from govinfo_cli.commands.diff import DiffFormat

    assert bash_offers(["govinfo", "diff", "--format", ""], work) == sorted(f.value for f in DiffFormat)


# --------------------------------------------------------------------------- zsh and fish

ZSH_CASES = [
    ("govinfo va\t", "govinfo validate"),
    ("govinfo validate --format j\t", "govinfo validate --format json"),
    ("govinfo --lang z\t va\t", "govinfo --lang zh validate"),
    ("govinfo validate report-\t", "govinfo validate report-2023.toml"),
    ("govinfo validate rea\t", "govinfo validate rea"),  # readme.txt is not a report
    ("govinfo new -o rea\t", "govinfo new -o readme.txt"),
]


@pytest.mark.skipif(shutil.which("zsh") is None, reason="zsh is not installed (apt-get install zsh)")
@pytest.mark.parametrize("typed,ran", ZSH_CASES, ids=[c[0].replace("\t", "<TAB>") for c in ZSH_CASES])
def test_zsh_completes_in_a_real_terminal_without_starting_python(sandbox, tmp_path, typed, ran):
    work, bin_dir, log = sandbox
    functions = tmp_path / "zfunc"
    functions.mkdir()
    shutil.copy(COMPLETIONS / "_govinfo", functions / "_govinfo")
    setup = f"fpath=({functions} $fpath); autoload -Uz compinit; compinit -u -d {tmp_path / 'zcompdump'}"
    during, after = complete_and_run([shutil.which("zsh"), "-f", "-i"], setup, typed, ran, work, bin_dir, log,
                                     tmp_path)
    assert during == []
    assert after == [ran.strip()]


def fish_offers(line: str, cwd: Path) -> list[str]:
    script = f"source '{COMPLETIONS / 'govinfo.fish'}'; complete -C'{line}'"
    result = subprocess.run(["fish", "--no-config", "-c", script], capture_output=True, text=True, cwd=cwd,
                            timeout=30, env={**os.environ, "HOME": str(cwd)})
    assert result.returncode == 0, result.stderr
    return sorted(line.split("\t")[0] for line in result.stdout.splitlines() if line)


@pytest.mark.skipif(shutil.which("fish") is None, reason="fish is not installed (apt-get install fish)")
def test_fish_offers_commands_options_values_and_reports(sandbox):
    work, _, _ = sandbox
    assert fish_offers("govinfo va", work) == ["validate"]
    assert fish_offers("govinfo ", work) == COMMAND_NAMES
    assert fish_offers("govinfo --color always v", work) == ["validate"]
    assert fish_offers("govinfo --lang ", work) == ["en", "zh"]
    assert fish_offers("govinfo validate --format ", work) == sorted(f.value for f in ValidateFormat)
    assert fish_offers("govinfo validate --format=", work) == sorted(f"--format={f.value}" for f in ValidateFormat)
    assert fish_offers("govinfo validate ", work) == ["report-2023.toml", "reports/"]
    assert fish_offers("govinfo validate reports/2024/", work) == ["reports/2024/county.toml"]
    assert fish_offers("govinfo new --from ", work) == ["report-2023.toml", "reports/"]
    assert "readme.txt" in fish_offers("govinfo new -o ", work)
    assert fish_offers("govinfo new --form ", work) == ["2019", "2021", "legacy"]
    assert "--jobs" in fish_offers("govinfo validate --", work)


# --------------------------------------------------------------------------- Typer's own completion still works


def test_install_completion_keeps_working(tmp_path):
    """Typer's own completion (``--show-completion``, ``--install-completion``; Python on every TAB) still works."""
    program = Path(sys.executable).parent / "govinfo"  # the installed entry point, as a shell would start it
    if not program.exists():
        pytest.skip("govinfo is not installed beside this Python")
    # Typer 0.28 finds "the current shell" by walking up the process tree (shellingham; it reads no
    # $SHELL), which fails when pytest runs detached from any shell. With its test switch set,
    # --show-completion and --install-completion take the shell's name instead.
    env = {**os.environ, "HOME": str(tmp_path), "LANG": "C.UTF-8", "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}
    shown = subprocess.run([program, "--show-completion", "bash"], capture_output=True, text=True, env=env,
                           timeout=60)
    assert (shown.returncode, shown.stderr) == (0, "")
    assert "_GOVINFO_COMPLETE=complete_bash" in shown.stdout and "complete -o default -F" in shown.stdout
    installed = subprocess.run([program, "--install-completion", "bash"], capture_output=True, text=True, env=env,
                               timeout=60)
    assert (installed.returncode, installed.stderr) == (0, ""), installed.stdout
    script = tmp_path / ".bash_completions" / "govinfo.sh"
    assert f"completion installed in {script}\n" in installed.stdout
    assert script.read_text().strip() == shown.stdout.strip()  # the script it showed, sourced from .bashrc
    assert f"source '{script}'" in (tmp_path / ".bashrc").read_text()
    # Typer's completion protocol answers with the commands.
    answer = subprocess.run([program], capture_output=True, text=True, timeout=60,
                            env={**env, "_GOVINFO_COMPLETE": "complete_bash", "COMP_WORDS": "govinfo va",
                                 "COMP_CWORD": "1"})
    assert answer.stdout.split() == ["validate"]
