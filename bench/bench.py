#!/usr/bin/env python3
"""govinfo's start-up and batch speed, against check-jsonschema on the same files, on this machine.

    .venv/bin/python bench/bench.py                  # the full run (10,000 reports; a few minutes on 2 cores)
    .venv/bin/python bench/bench.py --files 1000 --runs 5   # a quick look
    .venv/bin/python bench/bench.py --sum-only              # only govinfo sum (10,000 reports)

Prints, from one run:

* the median wall time (over --runs starts, taken in turn so that a busy moment
  hits all alike) of ``python -c pass``, ``govinfo --version``, ``govinfo validate``
  and ``govinfo render`` on one example, and check-jsonschema validating the same
  example against the same schema;
* for --files generated reports of one year, ``govinfo sum`` (--jobs = cores, and 1): wall
  time and peak memory, against the floor: a plain Python loop that only parses the same files;
* for a generated corpus of --files varied reports (bench/corpus.py: valid and
  broken, all three forms), files per second for ``govinfo validate FOLDER``
  (--jobs = the number of cores, and --jobs 1) and for check-jsonschema on the
  same files (one run per form, with that form's schema), and govinfo's peak
  memory on the whole corpus and on a tenth of it.

The programs are those installed beside this Python (bin/govinfo,
bin/check-jsonschema). govinfo's modules are byte-compiled first, as pip does on
install (an editable install under PYTHONDONTWRITEBYTECODE would otherwise
compile them on every start).
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT / "bench"))

import corpus  # noqa: E402


def machine() -> str:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.partition(":")[2].strip()
                break
    except OSError:
        model = platform.processor()
    import typer

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (f"{cores} cores ({model or 'unknown CPU'}), {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}, typer {typer.__version__}")


def wall(command: list[str], **kwargs: object) -> float:
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kwargs)  # type: ignore[call-overload]
    return time.perf_counter() - start


def medians(commands: dict[str, list[str]], runs: int) -> dict[str, float]:
    times: dict[str, list[float]] = {name: [] for name in commands}
    for command in commands.values():  # one start each first: file caches warm
        wall(command)
    for _ in range(runs):
        for name, command in commands.items():
            times[name].append(wall(command))
    return {name: statistics.median(values) for name, values in times.items()}


# --------------------------------------------------------------------------- memory of a process tree


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry.name}/stat").read_text()
        except OSError:
            continue
        parent = int(stat.rpartition(")")[2].split()[1])
        tree.setdefault(parent, []).append(int(entry.name))
    return tree


def _memory_kb(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of one process in kB; PSS shares the pages a forked worker has in common with its parent."""
    rss = pss = 0
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Rss:"):
                rss = int(line.split()[1])
            elif line.startswith("Pss:"):
                pss = int(line.split()[1])
    except OSError:
        pass
    return rss, pss


class TreeMemory(threading.Thread):
    """Samples the summed RSS and PSS of a process and all its descendants, every 20 ms."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_rss = self.peak_pss = 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            tree = _children()
            pids, todo = [], [self.pid]
            while todo:
                pid = todo.pop()
                pids.append(pid)
                todo += tree.get(pid, [])
            rss = pss = 0
            for pid in pids:
                one_rss, one_pss = _memory_kb(pid)
                rss += one_rss
                pss += one_pss
            self.peak_rss = max(self.peak_rss, rss)
            self.peak_pss = max(self.peak_pss, pss)
            self.done.wait(0.02)


def run_measured(command: list[str]) -> tuple[float, int, int, int]:
    """(wall seconds, peak summed RSS kB, peak summed PSS kB, exit code) of one run, output discarded."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    sampler = TreeMemory(process.pid)
    sampler.start()
    code = process.wait()
    elapsed = time.perf_counter() - start
    sampler.done.set()
    sampler.join()
    return elapsed, sampler.peak_rss, sampler.peak_pss, code


# --------------------------------------------------------------------------- main


FLOOR = """
import sys
from decimal import Decimal
from pathlib import Path

import tomli

for path in sorted(Path(sys.argv[1]).rglob("*.toml")):
    tomli.loads(path.read_bytes().decode("utf-8"), parse_float=Decimal)
"""


def bench_sum(files: int, cores: int) -> None:
    """govinfo sum over ``files`` consistent reports of one form and year, against a loop that only parses them."""
    govinfo = BIN / "govinfo"
    folder = Path(tempfile.mkdtemp(prefix="govinfo-bench-sum-"))
    try:
        start = time.perf_counter()
        corpus.generate(folder / "reports", files, seed=2025, form="2021", year=2023, broken=0)
        generated = time.perf_counter() - start
        print(f"## Sum: {files} generated reports of one year (form 2021, all consistent; {generated:.0f} s to write)")
        print()
        commands = {f"govinfo sum --jobs {jobs}": [str(govinfo), "sum", "--jobs", str(jobs), "-o",
                                                   str(folder / f"sum-{jobs}.toml"), str(folder / "reports")]
                    for jobs in (cores, 1)}
        commands["floor: a Python loop that only parses the files (tomli, one process)"] = [
            sys.executable, "-c", FLOOR, str(folder / "reports")]
        rows = []
        for name, command in commands.items():
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            seconds, rss, pss, code = run_measured(command)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            if code != 0:
                sys.exit(f"bench: {name} exited {code}")
            cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime  # the workers' too
            rows.append((name, seconds, cpu, pss, rss))
        print("| command | wall time | files/s | CPU time (all processes) | peak PSS | peak RSS |")
        print("|---|---:|---:|---:|---:|---:|")
        for name, seconds, cpu, pss, rss in rows:
            print(f"| {name} | {seconds:.1f} s | {files / seconds:,.0f} | {cpu:.1f} s | {pss / 1024:.0f} MB "
                  f"| {rss / 1024:.0f} MB |")
        print()
        floor = rows[-1]
        print(f"govinfo sum --jobs {cores} takes {rows[0][1] / floor[1]:.1f}× the floor's wall time "
              f"(--jobs 1: {rows[1][1] / floor[1]:.1f}×; CPU time {rows[1][2] / floor[2]:.1f}×), validating "
              f"every report as it adds it up. On a shared machine wall times vary; CPU times less.")
        print()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=10_000, help="reports in the generated corpus (10000)")
    parser.add_argument("--runs", type=int, default=15, help="starts per single-file figure (15)")
    parser.add_argument("--example", type=Path, default=ROOT / "examples" / "2021-pingtan.toml",
                        help="the one report for the single-file figures (examples/2021-pingtan.toml)")
    parser.add_argument("--keep", type=Path, help="write the corpus here and keep it (default: a temporary folder)")
    parser.add_argument("--sum-only", action="store_true", help="only the figures of govinfo sum")
    options = parser.parse_args()

    govinfo, cjs = BIN / "govinfo", BIN / "check-jsonschema"
    for program in (govinfo, cjs):
        if not program.exists():
            sys.exit(f"bench: {program} is missing; install with: pip install -e '.[test]'")
    import govinfo_cli
    from govinfo_cli.model.report import load_report

    subprocess.run([sys.executable, "-m", "compileall", "-q", str(Path(govinfo_cli.__file__).parent)],
                   check=True, stdout=subprocess.DEVNULL)
    example = options.example.resolve()
    form = load_report(str(example)).form_name
    schema = ROOT / "schemas" / f"form-{form}.schema.json"
    cores = len(os.sched_getaffinity(0))
    began = time.perf_counter()

    print("# govinfo benchmark")
    print()
    print(f"Machine: {machine()}")
    if options.sum_only:
        print()
        bench_sum(options.files, cores)
        return
    print(f"Example: {example.relative_to(ROOT) if example.is_relative_to(ROOT) else example} (form {form})")
    print()

    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "govinfo --version": [str(govinfo), "--version"],
        "govinfo validate FILE": [str(govinfo), "validate", str(example)],
        "govinfo render FILE": [str(govinfo), "render", str(example)],
        "check-jsonschema FILE": [str(cjs), "--schemafile", str(schema), str(example)],
    }
    if subprocess.run([str(govinfo), "render", "--help"], capture_output=True).returncode != 0:
        del commands["govinfo render FILE"]
    times = medians(commands, options.runs)
    print(f"## One report: median wall time of {options.runs} starts")
    print()
    print("| command | median |")
    print("|---|---:|")
    for name, seconds in times.items():
        print(f"| `{name}` | {seconds * 1000:.0f} ms |")
    ratio = times["govinfo validate FILE"] / times["check-jsonschema FILE"]
    print()
    print(f"govinfo validate / check-jsonschema = {ratio:.2f} (target ≤ 0.40)")
    print()

    folder = options.keep or Path(tempfile.mkdtemp(prefix="govinfo-bench-"))
    try:
        start = time.perf_counter()
        entries = corpus.generate(folder, options.files, exclude=("not_utf8",))
        generated = time.perf_counter() - start
        tenth = folder / "tenth"
        for entry in entries[: max(1, len(entries) // 10)]:
            target = tenth / entry.path.relative_to(folder)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(entry.path, target)
        by_form: dict[str, list[str]] = {}
        for entry in entries:
            by_form.setdefault(entry.form, []).append(str(entry.path))
        print(f"## Batch: {len(entries)} generated reports ({generated:.0f} s to write)")
        print()
        all_files = [str(e.path) for e in entries]
        rows = []
        parallel, rss, pss, code = run_measured([str(govinfo), "validate", "--format", "json", "--jobs", str(cores),
                                                 *[str(folder / f"form-{f}") for f in sorted(by_form)]])
        rows.append((f"govinfo validate --jobs {cores} (= cores)", parallel))
        sequential, rss_1, pss_1, _ = run_measured([str(govinfo), "validate", "--format", "json", "--jobs", "1",
                                                    *[str(folder / f"form-{f}") for f in sorted(by_form)]])
        rows.append(("govinfo validate --jobs 1", sequential))
        checker = 0.0
        for name, files in sorted(by_form.items()):
            schema = ROOT / "schemas" / f"form-{name}.schema.json"
            seconds, _, _, _ = run_measured([str(cjs), "--schemafile", str(schema), *files])
            checker += seconds
        rows.append(("check-jsonschema (one run per form)", checker))
        print("| command | wall time | files/s |")
        print("|---|---:|---:|")
        for name, seconds in rows:
            print(f"| {name} | {seconds:.1f} s | {len(all_files) / seconds:,.0f} |")
        print()
        print(f"govinfo (--jobs {cores}) / check-jsonschema throughput = {checker / parallel:.1f}× (target ≥ 4×); "
              f"--jobs {cores} / --jobs 1 = {sequential / parallel:.1f}×; govinfo exit code {code}")
        print()
        _, small_rss, small_pss, _ = run_measured([str(govinfo), "validate", "--format", "json", "--jobs", str(cores),
                                                   str(tenth)])
        print("govinfo peak memory, all its processes together (PSS; RSS counts shared pages once per process):")
        print()
        print("| files | --jobs | peak PSS | peak RSS |")
        print("|---:|---:|---:|---:|")
        print(f"| {len(entries) // 10} | {cores} | {small_pss / 1024:.0f} MB | {small_rss / 1024:.0f} MB |")
        print(f"| {len(entries)} | {cores} | {pss / 1024:.0f} MB | {rss / 1024:.0f} MB |")
        print(f"| {len(entries)} | 1 | {pss_1 / 1024:.0f} MB | {rss_1 / 1024:.0f} MB |")
        print()
        print("(target: under 150 MB whatever the number of files)")
        print()
    finally:
        if options.keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    bench_sum(options.files, cores)
    print(f"Bench run took {time.perf_counter() - began:.0f} s")


if __name__ == "__main__":
    main()
