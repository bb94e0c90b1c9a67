"""Where -o writes, and that no file is ever lost: devices and pipes written through, links followed,
files replaced whole (also without hard links, racing, interrupted or killed), permissions kept."""

from __future__ import annotations

import errno
import os
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import PINGTAN_2021, PINGTAN_2022, ROOT, SEED, govinfo

from govinfo_cli.writers import output

OLD = "the editor's own file\n"


def _document(tmp_path: Path, *args: str | Path) -> bytes:
    """What ``govinfo *args -o FILE`` writes into a new file."""
    fresh = tmp_path / "fresh" / "expected.txt"
    fresh.parent.mkdir(exist_ok=True)
    result = govinfo(*args, "-o", fresh)
    assert result.returncode in (0, 1), result.stderr
    return fresh.read_bytes()


def _left_over(folder: Path) -> list[str]:
    """Temporary files left in ``folder`` (anything hidden)."""
    return sorted(name for name in os.listdir(folder) if name.startswith("."))


# --- devices, pipes, standard output ----------------------------------------------------------------


def test_a_character_device_is_written_through_never_replaced(tmp_path):
    device = tmp_path / "fakenull"
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # the null device, as mknod c 1 3
    except PermissionError:
        pytest.skip("mknod is not permitted here (the tests run as root in CI)")
    for force in ((), ("--force",)):
        result = govinfo("render", SEED, "-o", device, *force)
        assert result.returncode == 0 and result.stdout == "", result.stderr
        assert stat.S_ISCHR(os.stat(device).st_mode) and os.stat(device).st_rdev == os.makedev(1, 3)
    assert govinfo("diff", PINGTAN_2021, PINGTAN_2022, "-o", device).returncode == 1
    assert stat.S_ISCHR(os.stat(device).st_mode)
    assert _left_over(tmp_path) == []


def test_dev_null_takes_the_output_without_force():
    result = govinfo("render", SEED, "--format", "html", "-o", os.devnull)
    assert result.returncode == 0 and result.stdout == "" and "already exists" not in result.stderr


def test_a_named_pipe_is_written_through(tmp_path):
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()))
    reader.start()
    result = govinfo("render", SEED, "-o", pipe, "--force")
    reader.join(timeout=60)
    assert result.returncode == 0, result.stderr
    assert received == [_document(tmp_path, "render", SEED)]
    assert stat.S_ISFIFO(os.stat(pipe).st_mode)


def test_dev_stdout_appends_to_the_file_the_shell_opened(tmp_path):
    """``-o /dev/stdout >> log``: the output goes where standard output goes; the log is neither
    replaced nor truncated (and needs no --force)."""
    log = tmp_path / "log.txt"
    log.write_text(OLD, encoding="utf-8")
    with log.open("ab") as handle:
        code = subprocess.run([sys.executable, "-m", "govinfo_cli", "render", str(SEED), "-o", "/dev/stdout"],
                              stdout=handle, stderr=subprocess.PIPE, cwd=ROOT, timeout=120).returncode
    assert code == 0
    assert log.read_bytes() == OLD.encode() + _document(tmp_path, "render", SEED)


def test_a_block_device_or_a_socket_is_refused(tmp_path):
    import socket

    path = tmp_path / "socket"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    try:
        result = govinfo("render", SEED, "-o", path, "--force")
    finally:
        server.close()
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith(f"govinfo: {path} is a device that is not written to here")


# --- links --------------------------------------------------------------------------------------------


def test_a_symlink_updates_the_file_it_points_to(tmp_path):
    reports = tmp_path / "reports"
    reports.mkdir()
    real = reports / "2025.txt"
    real.write_text(OLD, encoding="utf-8")
    os.chmod(real, 0o640)
    link = tmp_path / "current.txt"
    link.symlink_to(real)
    refused = govinfo("render", SEED, "-o", link)
    assert refused.returncode == 2 and refused.stderr == f"govinfo: {link} already exists; use --force to replace it\n"
    assert real.read_text(encoding="utf-8") == OLD
    assert govinfo("render", SEED, "-o", link, "--force").returncode == 0
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_bytes() == _document(tmp_path, "render", SEED)
    assert stat.S_IMODE(os.stat(real).st_mode) == 0o640
    assert _left_over(tmp_path) == [] and _left_over(reports) == []


def test_a_dangling_symlink_gets_its_file(tmp_path):
    link = tmp_path / "current.toml"
    link.symlink_to("2025.toml")
    assert govinfo("new", "--year", "2024", "-o", link).returncode == 0
    assert link.is_symlink() and (tmp_path / "2025.toml").read_text(encoding="utf-8").startswith("#")


# --- replacing a file -------------------------------------------------------------------------------


@pytest.mark.skipif(os.geteuid() != 0, reason="only root may give a file to another owner")
def test_a_replaced_file_keeps_its_mode_and_owner(tmp_path):
    target = tmp_path / "report.html"
    target.write_text(OLD, encoding="utf-8")
    os.chown(target, 1234, 2345)
    os.chmod(target, 0o751)
    assert govinfo("render", SEED, "-o", target, "--force").returncode == 0
    info = os.stat(target)
    assert (stat.S_IMODE(info.st_mode), info.st_uid, info.st_gid) == (0o751, 1234, 2345)
    assert target.read_bytes().startswith(b"<!DOCTYPE html>")


def test_a_new_file_gets_the_umasks_mode(tmp_path):
    target = tmp_path / "report.md"
    old = os.umask(0o027)
    try:
        assert govinfo("render", SEED, "-o", target).returncode == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o640


def _without_hard_links(monkeypatch, unnamed_files: bool) -> None:
    """A filesystem such as FAT or an SMB share: no hard links (EPERM); and with ``unnamed_files``
    False no O_TMPFILE either (EOPNOTSUPP)."""

    def link(*args, **kwargs):
        raise PermissionError(errno.EPERM, os.strerror(errno.EPERM))

    monkeypatch.setattr(os, "link", link)
    if not unnamed_files:
        real_open = os.open

        def open_(path, flags, *args, **kwargs):
            if flags & os.O_TMPFILE == os.O_TMPFILE:
                raise OSError(errno.EOPNOTSUPP, os.strerror(errno.EOPNOTSUPP))
            return real_open(path, flags, *args, **kwargs)

        monkeypatch.setattr(os, "open", open_)


FILESYSTEMS = ["ordinary", "no hard links", "no hard links, no unnamed files"]


def _filesystem(monkeypatch, name: str) -> None:
    if name != "ordinary":
        _without_hard_links(monkeypatch, unnamed_files=name == "no hard links")


@pytest.mark.parametrize("filesystem", FILESYSTEMS)
def test_writing_without_hard_links(filesystem, monkeypatch, tmp_path):
    _filesystem(monkeypatch, filesystem)
    target = tmp_path / "report.txt"
    assert govinfo("render", SEED, "-o", target).returncode == 0
    expected = target.read_bytes()
    assert expected == govinfo("render", SEED).stdout.encode("utf-8")
    target.write_text(OLD, encoding="utf-8")
    refused = govinfo("render", SEED, "-o", target)
    assert refused.returncode == 2 and "--force" in refused.stderr and target.read_text(encoding="utf-8") == OLD
    assert govinfo("render", SEED, "-o", target, "--force").returncode == 0
    assert target.read_bytes() == expected
    assert _left_over(tmp_path) == []


@pytest.mark.parametrize("filesystem", FILESYSTEMS)
def test_a_name_taken_while_writing_is_never_overwritten(filesystem, monkeypatch, tmp_path):
    """Another program creates the file after govinfo looked and before it is done: its file stays."""
    _filesystem(monkeypatch, filesystem)
    target = tmp_path / "report.txt"
    plain = output._write

    def racing(handle, pieces):
        plain(handle, pieces)
        target.write_text("theirs", encoding="utf-8")

    monkeypatch.setattr(output, "_write", racing)
    result = govinfo("render", SEED, "-o", target)
    assert result.returncode == 2 and result.stderr == f"govinfo: {target} already exists; use --force to replace it\n"
    assert target.read_text(encoding="utf-8") == "theirs"
    assert _left_over(tmp_path) == []


@pytest.mark.parametrize("filesystem", FILESYSTEMS)
@pytest.mark.parametrize("trouble", [KeyboardInterrupt, "disk full"])
def test_an_interrupted_write_leaves_the_old_file_and_no_temporary_file(trouble, filesystem, monkeypatch, tmp_path):
    _filesystem(monkeypatch, filesystem)
    target = tmp_path / "report.txt"
    target.write_text(OLD, encoding="utf-8")

    def halfway(handle, pieces):
        handle.write(b"half a report")
        if trouble == "disk full":
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        raise KeyboardInterrupt

    monkeypatch.setattr(output, "_write", halfway)
    result = govinfo("render", SEED, "-o", target, "--force")
    if trouble == "disk full":
        assert result.returncode == 2
        assert result.stderr == f"govinfo: cannot write {target}: No space left on device\n"
    else:
        assert result.returncode == 130
    assert target.read_text(encoding="utf-8") == OLD
    assert _left_over(tmp_path) == []


# --- kill -9 ------------------------------------------------------------------------------------------

# govinfo's real entry point in a process of its own, writing slowly (64 KiB at a time), so that
# it can be killed at any point of the write
SLOW_WRITER = """
import sys, time
from govinfo_cli.writers import output

def slowly(handle, pieces):
    for piece in pieces:
        data = piece.encode("utf-8") if isinstance(piece, str) else piece
        for start in range(0, len(data), 1 << 16):
            handle.write(data[start:start + (1 << 16)])
            handle.flush()
            time.sleep(0.002)

output._write = slowly
from govinfo_cli.entry import run
sys.exit(run(sys.argv[1:]))
"""


def _big_report(folder: Path) -> Path:
    """A valid report whose preamble makes the rendered text some megabytes long."""
    text = PINGTAN_2021.read_text(encoding="utf-8")
    paragraph = "本报告的电子版可在门户网站下载。" * 40 + "\n"
    big = folder / "big.toml"
    big.write_text(text.replace('preamble = """\n', 'preamble = """\n' + paragraph * 1500, 1), encoding="utf-8")
    return big


def _writing(pid: int, folder: Path) -> int | None:
    """How many bytes the process has written into its unnamed file in ``folder`` (None: no such file open)."""
    fds = Path(f"/proc/{pid}/fd")
    for fd in fds.iterdir() if fds.exists() else ():
        try:
            where = os.readlink(fd)
            if where.startswith(f"{folder}/") and where.endswith("(deleted)"):
                return os.stat(fd).st_size
        except OSError:
            continue
    return None


@pytest.mark.skipif(not Path("/proc/self/fd").exists(), reason="watches the writer through /proc (Linux)")
@pytest.mark.parametrize("force", [True, False])
def test_kill_9_at_any_moment_leaves_the_old_file_or_the_new_one_whole(force, tmp_path):
    source = tmp_path / "in"
    source.mkdir()
    big = _big_report(source)
    new = _document(tmp_path, "render", big)
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "report.txt"
    # moments: while reading the report; as the file is opened; half written; all written
    for moment in ("reading", 0.0, 0.5, 1.0):
        if force:
            target.write_text(OLD, encoding="utf-8")
        elif target.exists():
            target.unlink()
        args = ["render", str(big), "-o", str(target)] + (["--force"] if force else [])
        writer = subprocess.Popen([sys.executable, "-c", SLOW_WRITER, *args], cwd=ROOT, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        if moment == "reading":
            time.sleep(0.2)
        while moment != "reading" and writer.poll() is None and time.monotonic() < deadline:
            written = _writing(writer.pid, folder)
            if written is not None and written >= moment * len(new):
                break
            time.sleep(0.001)
        assert writer.poll() is None or moment == 1.0, f"the writer ended before it could be killed ({moment})"
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=60)
        found = target.read_bytes() if target.exists() else None
        assert found in ((OLD.encode() if force else None), new), (moment, None if found is None else len(found))
        assert os.listdir(folder) in ([], ["report.txt"]) and _left_over(folder) == [], moment
