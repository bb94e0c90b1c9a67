"""Many files at once: folders expanded, files done in parallel, results in the order given.

``govinfo validate`` (and ``sum``, ``import``) runs over hundreds or thousands of files
from cron. The files are spread over worker processes (forked, so they start with the forms
already loaded) and the results come back in the order of the command line and
of a sorted walk of each folder. They are streamed: each file's result is
written as soon as it and every file before it are done, and nothing is kept
after that, so memory does not grow with the number of files.
"""

from __future__ import annotations

import functools
import itertools
import os
from collections.abc import Callable, Iterable, Iterator

from govinfo_cli.checks.findings import FileResult
from govinfo_cli.checks.validate import trouble, validate_file
from govinfo_cli.i18n import N_
from govinfo_cli.model.messages import Msg
from govinfo_cli.model.report import Report

REPORT_SUFFIX = ".toml"
CHUNK = 32  # files per task sent to a worker: large enough to amortise the round trip, small enough to stream
PARALLEL_MIN = 64  # fewer files are done sooner in one process than by starting workers (measured)

Item = str | FileResult  # a path to validate, or a result already known (stdin, an empty folder)
TYPE_CHECKING = False  # typing is not imported at run time: every start pays for it
if TYPE_CHECKING:
    from typing import Any, TypeVar

    S = TypeVar("S")
    T = TypeVar("T")


def default_jobs() -> int:
    """The number of cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def reports_below(folder: str, unreadable: list[OSError] | None = None,
                  suffix: str | None = REPORT_SUFFIX) -> Iterator[str]:
    """Every ``*.toml`` file (``.TOML`` too; every file, with ``suffix`` None) below ``folder``, in sorted
    order; hidden files and folders (``.name``) are skipped.

    Folders that cannot be read are added to ``unreadable``.
    """
    for root, dirs, files in os.walk(folder, onerror=None if unreadable is None else unreadable.append):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if (suffix is None or name.lower().endswith(suffix)) and not name.startswith("."):
                yield os.path.join(root, name)


def expand(arguments: Iterable[str], stdin_result: Any = None) -> Iterator[Item]:
    """The files to check, lazily: files as given, folders walked; ``-`` is ``stdin_result`` (standard
    input, read already: validate's :class:`FileResult`, or what another command's work made of it)."""
    for argument in arguments:
        if argument == "-" and stdin_result is not None:
            yield stdin_result
        elif argument != "-" and os.path.isdir(argument):
            found = False
            unreadable: list[OSError] = []
            for path in reports_below(argument, unreadable):
                found = True
                yield path
            for error in unreadable:
                yield trouble(error.filename or argument,
                              Msg(N_("cannot be read: {reason}"), {"reason": error.strerror or str(error)}))
            if not found and not unreadable:
                yield trouble(argument, Msg(N_("no report files (*.toml) in this folder")))
        else:
            yield argument


_previous: Report | None = None  # last year's report, for the workers (inherited through fork)
_strict = False  # --strict, for the workers likewise


def _check(item: Item) -> FileResult:
    return item if isinstance(item, FileResult) else validate_file(item, _previous, _strict)


def _worker_init() -> None:
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: no traceback per worker


def prepare_validation() -> None:
    """Compile every form's fast schema check, before forking, so that no worker does it again."""
    from govinfo_cli.checks.schema import surely_valid
    from govinfo_cli.model.forms import FORMS, load_form

    for name in FORMS:
        surely_valid({}, load_form(name).name)


def _prepare_fork(prepare: Callable[[], None]) -> None:
    """Load what every worker needs once, before forking, so that no worker loads it again."""
    import gc
    import sys

    prepare()
    sys.stdout.flush()
    sys.stderr.flush()
    gc.collect()
    gc.freeze()  # keep the inherited objects' pages shared with the parent


def validate_many(items: Iterable[Item], previous: Report | None = None, jobs: int = 1, strict: bool = False,
                  in_worker: Callable[[FileResult], Any] | None = None) -> Iterator[Any]:
    """Results for ``items`` in their order, computed by up to ``jobs`` processes.

    ``in_worker`` (say, writing a result out) is applied to each result by the worker that made it,
    so that what comes back is small; in this process the results come as they are.
    """
    global _previous, _strict
    _previous, _strict = previous, strict
    return map_reports(_check, items, jobs, in_worker=in_worker)


def _then(second: Callable[[Any], Any], first: Callable[[Any], Any], item: Any) -> Any:
    return second(first(item))


def map_reports(work: Callable[[S], T], items: Iterable[S], jobs: int = 1,
                prepare: Callable[[], None] = prepare_validation, parallel_min: int = PARALLEL_MIN,
                chunk_max: int = CHUNK, in_worker: Callable[[T], Any] | None = None) -> Iterator[Any]:
    """``work`` (a module-level function, so that workers can be sent it) on each item, in their order,
    by up to ``jobs`` processes; each result is yielded as soon as it and those before it are done.

    ``prepare`` runs once before the fork (what it loads, the workers inherit). Fewer items than
    ``parallel_min`` are done in this process; ``chunk_max`` items at most go to a worker at once
    (``import`` sends few: a source takes far longer than a report file). ``in_worker`` is applied
    to each result in the worker (not in this process).
    """
    jobs = min(jobs, 2 * default_jobs())  # more workers than cores only add overhead
    stream = iter(items)
    head = list(itertools.islice(stream, jobs * chunk_max))
    if jobs <= 1 or len(head) < parallel_min:  # a few files: workers would cost more than they save
        yield from map(work, itertools.chain(head, stream))
        return
    # A short list in small chunks, so that every worker gets a share; a long one in full chunks.
    chunk = chunk_max if len(head) == jobs * chunk_max else max(1, -(-len(head) // (jobs * 4)))
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():  # Windows: no fork, so one process
        yield from map(work, itertools.chain(head, stream))
        return
    _prepare_fork(prepare)
    if in_worker is not None:
        work = functools.partial(_then, in_worker, work)
    context = multiprocessing.get_context("fork")
    with context.Pool(jobs, initializer=_worker_init) as pool:
        yield from pool.imap(work, itertools.chain(head, stream), chunksize=chunk)
