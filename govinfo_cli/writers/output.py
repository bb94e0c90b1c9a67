"""Writing results: to stdout, a device or a pipe, or to a file without ever losing the user's data.

Where ``-o`` points decides how (:func:`destination`):

- ``-``, or a name of this process's own standard output (``/dev/stdout``): the output stream;
- a character device or a FIFO (``/dev/null``, a named pipe): written straight through, never
  replaced (a root cron job's ``-o /dev/null --force`` must not turn the device into a file);
- a symbolic link: the file it points to, replaced in that file's folder (the link stays);
- a folder, a block device or a socket: an error, before any work;
- a file: replaced whole or not at all.

A file is written into an unnamed file in its folder (``O_TMPFILE``), which is given its
name only once it is complete: a hard link to the final name when that name is free (the
link fails if it was taken meanwhile, so nothing is overwritten without ``--force``, even
racing another writer), or to a temporary name that is then renamed over the old file. A
``kill -9`` at any moment leaves the old file or the new one, whole, and no temporary file
(but in the instant between that link and the rename). On a filesystem without hard links
or unnamed files (FAT, some SMB shares) the data goes to a named temporary file instead,
and a new name is claimed with ``O_EXCL`` just before the rename. Whatever goes wrong,
Ctrl-C included, the temporary file is removed. A replaced file keeps its permissions, and
its owner where the user may set it.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
from collections.abc import Iterable
from pathlib import Path

from govinfo_cli.record import record

TYPE_CHECKING = False  # typing is not imported at run time: every start pays for it
if TYPE_CHECKING:
    from typing import BinaryIO, Literal

    Kind = Literal["stdout", "stream", "file", "folder", "unwritable"]

# errors that say "this filesystem cannot do that", as opposed to "you may not" or "it is not there"
_UNSUPPORTED = frozenset({errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EXDEV, errno.EINVAL, errno.EISDIR,
                          errno.ENOENT, errno.ENOSYS})
_CHUNK = 1 << 20


class OutputExists(Exception):
    def __init__(self, path: str) -> None:
        super().__init__(path)
        self.path = path


class OutputUnwritable(OSError):
    """``-o`` names something that is no file to write: a folder, a block device, a socket (an OSError
    too, for callers that say any failure to write in one way)."""

    def __init__(self, path: str, kind: str) -> None:
        code = errno.EISDIR if kind == "folder" else errno.ENODEV
        super().__init__(code, os.strerror(code), path)
        self.path = path
        self.kind = kind  # the destination's kind: "folder" or "unwritable"


@record(frozen=True)
class Destination:
    kind: Kind
    path: str  # for a file: the file itself, symbolic links followed
    exists: bool = False

    def terminal(self) -> bool:
        """Whether what is written here reaches a terminal (asked only for binary output)."""
        if self.kind == "stdout":
            isatty = getattr(sys.stdout, "isatty", None)
            return bool(isatty and isatty())
        return self.kind == "stream" and _tty(self.path)


def destination(output: str | None) -> Destination:
    """What ``-o output`` names, symbolic links followed (see the module's doc)."""
    if output in (None, "-"):
        return Destination("stdout", "-")
    try:
        info = os.stat(output)
    except FileNotFoundError:  # a new file (through a dangling link: the file the link names)
        return Destination("file", os.path.realpath(output))
    except OSError:  # let the write say why (permission, a loop of links)
        return Destination("file", output)
    if stat.S_ISDIR(info.st_mode):
        return Destination("folder", output)
    if _is_own_stdout(info):
        return Destination("stdout", "-")
    if stat.S_ISCHR(info.st_mode) or stat.S_ISFIFO(info.st_mode):
        return Destination("stream", output, exists=True)
    if stat.S_ISREG(info.st_mode):
        return Destination("file", os.path.realpath(output), exists=True)
    return Destination("unwritable", output, exists=True)  # a block device, a socket


def write_output(data: str | bytes | Iterable[str], output: str | None, force: bool = False) -> None:
    """Write ``data`` where ``output`` names (None or ``-``: stdout): text (a string, or pieces of one,
    which are never joined in memory) as UTF-8, bytes as they are.

    Raises :class:`OutputExists` for a file that is there without ``force``, :class:`OutputUnwritable`
    for a folder or a device that is not written to, OSError when the system refuses.
    """
    pieces = [data] if isinstance(data, (str, bytes)) else data
    target = destination(output)
    if target.kind == "stdout":
        _to_stdout(pieces)
    elif target.kind in ("folder", "unwritable"):
        raise OutputUnwritable(str(output), target.kind)
    elif target.kind == "stream":
        descriptor = os.open(target.path, os.O_WRONLY | getattr(os, "O_NOCTTY", 0))
        with os.fdopen(descriptor, "wb") as handle:
            _write(handle, pieces)
    elif target.exists and not force:
        raise OutputExists(str(output))
    else:
        _replace(Path(target.path), pieces, force, str(output))


def _to_stdout(pieces: Iterable[str | bytes]) -> None:
    sys.stdout.flush()
    for piece in pieces:
        if isinstance(piece, bytes):
            sys.stdout.flush()
            sys.stdout.buffer.write(piece)
        else:
            sys.stdout.write(piece)
    sys.stdout.flush()
    if hasattr(sys.stdout, "buffer"):
        sys.stdout.buffer.flush()


def _write(handle: BinaryIO, pieces: Iterable[str | bytes]) -> None:
    for piece in pieces:
        handle.write(piece.encode("utf-8") if isinstance(piece, str) else piece)
    handle.flush()


def _replace(target: Path, pieces: Iterable[str | bytes], force: bool, given: str) -> None:
    folder = target.parent
    descriptor, named = _temporary(folder, target.name)
    claimed: os.stat_result | None = None  # the empty file made with O_EXCL to claim a new name
    try:
        with os.fdopen(descriptor, "w+b", closefd=False) as handle:
            _write(handle, pieces)
            _keep_permissions(descriptor, target)
            os.fsync(descriptor)
            if named is None:
                named = _name(descriptor, target, folder, force, given)  # None: linked to the final name
            if named is not None:
                if not force:  # claim the new name: fails if it was taken meanwhile
                    try:
                        claim = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                    except FileExistsError:
                        raise OutputExists(given) from None
                    claimed = os.fstat(claim)
                    os.close(claim)
                os.replace(named, target)
                named = claimed = None
    finally:
        os.close(descriptor)
        if named is not None:
            _remove(named)
        if claimed is not None:  # ours, still empty: give the name back
            with contextlib.suppress(OSError):
                now = os.stat(target)
                if (now.st_dev, now.st_ino, now.st_size) == (claimed.st_dev, claimed.st_ino, 0):
                    os.unlink(target)
    _sync_folder(folder)


def _temporary(folder: Path, name: str) -> tuple[int, str | None]:
    """An open file in ``folder`` to write into: unnamed (``O_TMPFILE``) where the filesystem can,
    else a new file with a temporary name (returned beside it)."""
    tmpfile = getattr(os, "O_TMPFILE", 0)
    if tmpfile:
        try:
            return os.open(folder, tmpfile | os.O_RDWR, 0o666), None
        except OSError as error:
            if error.errno not in _UNSUPPORTED:
                raise
    import tempfile

    descriptor, named = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
    _chmod(descriptor, 0o666 & ~_umask())  # mkstemp makes 0600; a report is an ordinary file
    return descriptor, named


def _name(descriptor: int, target: Path, folder: Path, force: bool, given: str) -> str | None:
    """Give the unnamed file a name: the final one (None), or for ``force`` a temporary one to
    rename over the old file. Where the filesystem cannot link, a named copy (its name)."""
    source = f"proc/self/fd/{descriptor}"
    root = os.open("/", os.O_RDONLY)
    try:
        if not force:
            try:
                os.link(source, target, src_dir_fd=root, follow_symlinks=True)
                return None
            except FileExistsError:
                raise OutputExists(given) from None
        else:
            for _attempt in range(100):
                named = os.path.join(folder, f".{target.name}.{os.urandom(6).hex()}.tmp")
                try:
                    os.link(source, named, src_dir_fd=root, follow_symlinks=True)
                    return named
                except FileExistsError:
                    continue
    except OSError as error:
        if error.errno not in _UNSUPPORTED:
            raise
    finally:
        os.close(root)
    # no hard links here: copy the unnamed file into a named one
    import tempfile  # only here: it imports shutil and random, a tenth of writing a small file

    copy, named = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        os.lseek(descriptor, 0, os.SEEK_SET)
        while chunk := os.read(descriptor, _CHUNK):
            os.write(copy, chunk)
        _chmod(copy, stat.S_IMODE(os.fstat(descriptor).st_mode))
        os.fsync(copy)
    except BaseException:
        os.close(copy)
        _remove(named)
        raise
    os.close(copy)
    return named


def _keep_permissions(descriptor: int, target: Path) -> None:
    """The old file's mode, and its owner where we may set it (root may; others only their group)."""
    try:
        old = os.stat(target)
    except OSError:
        _chmod(descriptor, 0o666 & ~_umask())
        return
    if hasattr(os, "fchown"):
        with contextlib.suppress(OSError):  # before the mode: a chown clears set-id bits
            os.fchown(descriptor, old.st_uid, old.st_gid)
    _chmod(descriptor, stat.S_IMODE(old.st_mode))


def _chmod(descriptor: int, mode: int) -> None:
    if hasattr(os, "fchmod"):  # not on Windows before Python 3.13
        os.fchmod(descriptor, mode)


def _umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask


def _remove(path: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)


def _sync_folder(folder: Path) -> None:
    """Make the new name durable (a rename lives in the folder); some filesystems cannot: no matter."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    with contextlib.suppress(OSError):
        os.fsync(descriptor)
    os.close(descriptor)


def _is_own_stdout(info: os.stat_result) -> bool:
    """Whether ``info`` is the file this process's standard output already writes (``/dev/stdout``)."""
    try:
        own = os.fstat(1)
    except OSError:
        return False
    return (own.st_dev, own.st_ino) == (info.st_dev, info.st_ino)


def _tty(path: str) -> bool:
    if not stat.S_ISCHR(os.stat(path).st_mode):
        return False
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError:
        return False
    try:
        return os.isatty(descriptor)
    finally:
        os.close(descriptor)
