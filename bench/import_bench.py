#!/usr/bin/env python3
"""govinfo import's speed on this machine: one source of each kind, and a folder of many.

    .venv/bin/python bench/import_bench.py                      # 15 runs each, a folder of 200
    .venv/bin/python bench/import_bench.py --baseline main      # and other commands' start-up against a commit

Prints the median wall and CPU time (over --runs, taken in turn so that a busy moment
hits all alike; on a shared machine the others' load stretches the wall time) of
``govinfo import`` for one HTML page (平潭 2021, 350 KB with its site around it), one
Word file (a report with merged cells) and one PDF (洪泽 2024, five pages with ruled
tables), each written to a file; then the wall time and sources per
second for a folder of --files sources (the test sources of every kind, in turn)
with ``--jobs`` the number of cores and ``--jobs 1``. With --baseline REF, the start-up
of ``govinfo --version`` and ``govinfo validate FILE``, and the import of the page and the
Word file, in this tree and in that commit of the repository (extracted with git archive, run
by this Python).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "tests" / "fixtures" / "sources"
ONE = {"HTML": SOURCES / "2021_fmt2021_pingtan.html", "DOCX": SOURCES / "imitation-2024-merged.docx",
       "PDF": SOURCES / "2024_fmt2021_hongzequ.pdf"}
TARGETS = {"HTML": 0.3, "DOCX": 0.3, "PDF": 2.0}  # seconds, from the issue
FOLDER = ["2021_fmt2021_pingtan.html", "2022_fmt2021_pingtan.html", "2019_fmt2019_shanghai-szfbgt.txt",
          "2017-wenzhou-safety-bureau.txt", "imitation-2022-gbk.html", "imitation-2019-tabs.txt",
          "imitation-2024-merged.docx", "imitation-2017-fujian.txt", "2024_fmt2021_hongzequ.pdf"]


def timed(command: list[str], env: dict[str, str] | None = None, cwd: Path = ROOT) -> tuple[float, float]:
    """Wall time and CPU time (user + system, the command and its children) of one run.

    On a shared machine the wall time grows with the others' load; the CPU time much less.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=cwd)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


Command = tuple[list[str], dict[str, str] | None, Path]  # the arguments, the environment, the folder to run in


def medians(commands: dict[str, Command], runs: int) -> dict[str, tuple[float, float]]:
    """Each command's median wall and CPU time, runs taken in turn."""
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for command, env, cwd in commands.values():  # one run each first: file caches warm
        timed(command, env, cwd)
    for _ in range(runs):
        for name, (command, env, cwd) in commands.items():
            times[name].append(timed(command, env, cwd))
    return {name: (statistics.median(w for w, _ in values), statistics.median(c for _, c in values))
            for name, values in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="runs per single-source figure (15)")
    parser.add_argument("--files", type=int, default=200, help="sources in the folder (200)")
    parser.add_argument("--baseline", metavar="REF",
                        help="a commit (main) to compare the other commands' start-up with")
    arguments = parser.parse_args()
    govinfo = str(Path(sys.executable).parent / "govinfo")
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "govinfo_cli")], check=True)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    print(f"{cores} cores, Python {sys.version.split()[0]}, load average {os.getloadavg()[0]:.1f} at the start")
    with tempfile.TemporaryDirectory() as work:
        out = Path(work)
        single: dict[str, Command] = {
            kind: ([govinfo, "import", str(path), "-o", str(out / f"{kind}.toml"), "--force", "--quiet"], None, ROOT)
            for kind, path in ONE.items()}
        scale: dict[str, Command] = {"python -c pass": ([sys.executable, "-c", "pass"], None, ROOT),
                                     "govinfo --version": ([govinfo, "--version"], None, ROOT)}
        print(f"\none source, median of {arguments.runs} (two starts for scale: a busy machine slows all alike):")
        print(f"  {'':<49} {'wall':>7} {'CPU':>7}")
        for name, (seconds, cpu) in medians({**scale, **single}, arguments.runs).items():
            if name in scale:
                print(f"  {name:<49} {seconds:6.3f}s {cpu:6.3f}s")
                continue
            verdict = "ok" if min(seconds, cpu) <= TARGETS[name] else "over"
            print(f"  govinfo import {ONE[name].name:<34} {seconds:6.3f}s {cpu:6.3f}s   "
                  f"(target {TARGETS[name]} s: {verdict})")

        folder = out / "folder"
        folder.mkdir()
        for index in range(arguments.files):
            name = FOLDER[index % len(FOLDER)]
            shutil.copyfile(SOURCES / name, folder / f"{index:04d}-{name}")
        kinds = sorted({Path(n).suffix for n in FOLDER})
        print(f"\na folder of {arguments.files} sources ({', '.join(kinds)} in turn; one PDF in {len(FOLDER)}):")
        for jobs in sorted({cores, 1}, reverse=True):
            target = out / f"jobs{jobs}"
            seconds, cpu = timed([govinfo, "import", str(folder), "-o", str(target), "--jobs", str(jobs), "--quiet"])
            written = len(list(target.glob("*.toml")))
            print(f"  govinfo import FOLDER --jobs {jobs}   wall {seconds:6.1f} s "
                  f"({written / seconds:5.1f} sources/s), CPU {cpu:6.1f} s; {written} written")

    if arguments.baseline:
        baseline = Path(tempfile.mkdtemp(prefix="govinfo-baseline-"))
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", arguments.baseline], capture_output=True,
                                 check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(baseline)], input=archive, check=True)
        example = "examples/2021-pingtan.toml"
        commands: dict[str, Command] = {}
        for label, tree in (("this tree", ROOT), (arguments.baseline, baseline)):
            env = {**os.environ, "PYTHONPATH": str(tree)}
            subprocess.run([sys.executable, "-m", "compileall", "-q", str(tree / "govinfo_cli")], check=True)
            # run in the tree: python -m puts the current folder before PYTHONPATH
            commands[f"{label}: govinfo --version"] = ([sys.executable, "-m", "govinfo_cli", "--version"], env, tree)
            commands[f"{label}: govinfo validate FILE"] = (
                [sys.executable, "-m", "govinfo_cli", "validate", str(tree / example)], env, tree)
            for kind in ("HTML", "DOCX"):
                written = baseline / f"{label.replace(' ', '-')}-{kind}.toml"
                commands[f"{label}: govinfo import {kind}"] = (
                    [sys.executable, "-m", "govinfo_cli", "import", str(ONE[kind]), "-o", str(written), "--force",
                     "--quiet"], env, tree)
        print(f"\nthe other commands' start-up and import, median of {arguments.runs}:")
        for name, (seconds, cpu) in medians(commands, arguments.runs).items():
            print(f"  {name:<38} wall {seconds * 1000:5.0f} ms, CPU {cpu * 1000:5.0f} ms")
        shutil.rmtree(baseline)


if __name__ == "__main__":
    main()
