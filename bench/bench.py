#!/usr/bin/env python3
"""govinfo's start-up and batch speed, against check-jsonschema on the same files, on this machine.

    .venv/bin/python bench/bench.py                   # everything (some minutes on 2 cores)
    .venv/bin/python bench/bench.py --files 600 --rounds 3 --skip-large   # a quick look
    .venv/bin/python bench/bench.py --only startup    # one part: startup, batch, large, memory, sum, fill

Every figure is taken in rounds that alternate the commands compared (A, B, A, B …), so that a
busy moment of a shared machine hits both; each round also records the CPU time the machine's
other processes used meanwhile (in % of one core), so that a busy run shows. Prints:

* start-up: ``python -c pass``, ``govinfo --version``, ``govinfo validate`` of one valid report
  and of one schema-invalid report, each against check-jsonschema on the same file, ``govinfo
  render``; medians, and the ratio's spread over the rounds;
* batch: three corpora of --files generated 2021-form reports (bench/corpus.py): clean (no
  finding), a realistic mix (a third clean, a third one wrong cell, a third two) and
  findings-heavy (some 40 findings a report), with their findings per file; ``govinfo validate
  --jobs CORES`` against check-jsonschema on each;
* large: 10,000 findings-heavy reports the same way;
* memory: govinfo's peak memory (all its processes, PSS) on a tenth of a varied corpus of
  --large reports and on the whole;
* sum: ``govinfo sum`` over --large reports of one year, against a loop that only parses them;
* fill: ``govinfo fill --check`` and ``govinfo fill -o`` of one report.

The programs are those installed beside this Python (bin/govinfo, bin/check-jsonschema).
govinfo's modules are byte-compiled first, as pip does on install (an editable install under
PYTHONDONTWRITEBYTECODE would otherwise compile them on every start). Word and PDF output:
bench/documents.py.
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
from dataclasses import dataclass
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


def _busy_seconds() -> float:
    """CPU time the whole machine has spent busy (all cores, every process), from /proc/stat."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle, iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


@dataclass
class Sample:
    wall: float  # seconds
    others: float  # CPU seconds the machine's other processes used meanwhile


def measure(command: list[str]) -> Sample:
    """One run of ``command`` (output discarded), and how busy the rest of the machine was meanwhile."""
    busy = _busy_seconds()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    own = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return Sample(elapsed, max(0.0, _busy_seconds() - busy - own))


def alternate(commands: dict[str, list[str]], rounds: int) -> dict[str, list[Sample]]:
    """``rounds`` runs of each command, in turn (A, B, A, B …), after one warm-up run each."""
    for command in commands.values():
        wall(command)
    samples: dict[str, list[Sample]] = {name: [] for name in commands}
    for _ in range(rounds):
        for name, command in commands.items():
            samples[name].append(measure(command))
    return samples


def median_wall(samples: list[Sample]) -> float:
    return statistics.median(s.wall for s in samples)


def others_percent(samples: dict[str, list[Sample]]) -> float:
    """The other processes' CPU use during the rounds, in % of one core."""
    spent = sum(s.others for runs in samples.values() for s in runs)
    elapsed = sum(s.wall for runs in samples.values() for s in runs)
    return 100 * spent / elapsed if elapsed else 0.0


def ratio_line(samples: dict[str, list[Sample]], ours: str, theirs: str, target: str, faster: bool) -> str:
    """``ours`` against ``theirs``: the ratio of medians, and its spread over the rounds."""
    pairs = list(zip(samples[ours], samples[theirs], strict=True))
    if faster:  # throughput: how many times faster
        each = [t.wall / o.wall for o, t in pairs]
        value = median_wall(samples[theirs]) / median_wall(samples[ours])
        text = f"{value:.1f}× (rounds {min(each):.1f}–{max(each):.1f}×)"
    else:  # time: what fraction of theirs
        each = [o.wall / t.wall for o, t in pairs]
        value = median_wall(samples[ours]) / median_wall(samples[theirs])
        text = f"{value:.2f} (rounds {min(each):.2f}–{max(each):.2f})"
    return f"{text}; target {target}"


def table(samples: dict[str, list[Sample]], files: int | None = None) -> None:
    print("| command | median | " + ("files/s | " if files else "") + "other processes' CPU |")
    print("|---|---:|" + ("---:|" if files else "") + "---:|")
    for name, runs in samples.items():
        seconds = median_wall(runs)
        rate = f" {files / seconds:,.0f} |" if files else ""
        shown = f"{seconds * 1000:.0f} ms" if seconds < 2 else f"{seconds:.2f} s"
        busy = 100 * sum(s.others for s in runs) / sum(s.wall for s in runs)
        print(f"| `{name}` | {shown} |{rate} {busy:.0f} % |")
    print()


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


_POOL = """
import sys
from decimal import Decimal
from multiprocessing import get_context
from pathlib import Path

{imports}


def parse(path):
{body}


if __name__ == "__main__":
    paths = sorted(str(p) for p in Path(sys.argv[1]).rglob("*.toml"))
    with get_context("fork").Pool(int(sys.argv[2])) as pool:
        for _ in pool.imap(parse, paths, chunksize=32):
            pass
"""
PARSE_FLOOR = _POOL.format(imports="import tomli",
                           body='    tomli.loads(Path(path).read_bytes().decode("utf-8"), parse_float=Decimal)')
# govinfo reads a plain report without tomli (model/plain_toml.py): its own reading of the files, for comparison
READ_FLOOR = _POOL.format(imports="from govinfo_cli.model.report import ReportError, load_report",
                          body="    try:\n        load_report(path)\n    except ReportError:\n        pass")

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


SCHEMA_ERROR = 'requests.new.natural_person = "七十"'  # a value of the wrong type: the schema's to report


def schema_invalid(example: Path, folder: Path) -> Path:
    """``example`` with one cell of the wrong type (a schema error: the slow path of both checkers)."""
    lines = example.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith("natural_person ="))
    lines[at] = 'natural_person = "七十"\n'
    target = folder / "schema-invalid.toml"
    target.write_text("".join(lines), encoding="utf-8")
    return target


def bench_startup(example: Path, rounds: int, folder: Path) -> None:
    govinfo, cjs = str(BIN / "govinfo"), str(BIN / "check-jsonschema")
    from govinfo_cli.model.report import load_report

    schema = str(ROOT / "schemas" / f"form-{load_report(str(example)).form_name}.schema.json")
    invalid = str(schema_invalid(example, folder))
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "govinfo --version": [govinfo, "--version"],
        "govinfo validate VALID": [govinfo, "validate", str(example)],
        "check-jsonschema VALID": [cjs, "--schemafile", schema, str(example)],
        "govinfo validate SCHEMA-INVALID": [govinfo, "validate", invalid],
        "check-jsonschema SCHEMA-INVALID": [cjs, "--schemafile", schema, invalid],
        "govinfo render VALID": [govinfo, "render", str(example)],
    }
    samples = alternate(commands, rounds)
    print(f"## One report: median wall time of {rounds} alternating rounds "
          f"(VALID = {example.relative_to(ROOT) if example.is_relative_to(ROOT) else example}; "
          f"SCHEMA-INVALID = the same with {SCHEMA_ERROR})")
    print()
    table(samples)
    print("- validate VALID / check-jsonschema: "
          + ratio_line(samples, "govinfo validate VALID", "check-jsonschema VALID", "≤ 0.25", faster=False))
    print("- validate SCHEMA-INVALID / check-jsonschema: "
          + ratio_line(samples, "govinfo validate SCHEMA-INVALID", "check-jsonschema SCHEMA-INVALID", "≤ 0.40",
                       faster=False))
    print()


def findings_per_file(folder: Path) -> float:
    result = subprocess.run([str(BIN / "govinfo"), "validate", "--format", "json", str(folder)],
                            capture_output=True, text=True, check=False)
    import json

    files = json.loads(result.stdout)["files"]
    return sum(len(f["findings"]) for f in files) / len(files)


TARGETS = {"clean": "≥ 7×", "mix": "≥ 6×", "heavy": "≥ 4×"}
TITLES = {"clean": "clean (no finding)", "mix": "realistic mix (⅓ clean, ⅓ one wrong cell, ⅓ two)",
          "heavy": "findings-heavy (many wrong cells)"}


def bench_batch(kind: str, files: int, rounds: int, cores: int, folder: Path) -> None:
    corpus_folder = folder / f"{kind}-{files}"
    if not corpus_folder.exists():
        corpus.generate(corpus_folder, files, seed=2026, form="2021", kind=kind)
    paths = sorted(str(p) for p in corpus_folder.rglob("*.toml"))
    schema = str(ROOT / "schemas" / "form-2021.schema.json")
    commands = {f"govinfo validate --jobs {cores} FOLDER": [str(BIN / "govinfo"), "validate", "--jobs", str(cores),
                                                            str(corpus_folder)],
                "check-jsonschema FILES": [str(BIN / "check-jsonschema"), "--schemafile", schema, *paths],
                f"floor: tomli parses the files, {cores} processes": [sys.executable, "-c", PARSE_FLOOR,
                                                                       str(corpus_folder), str(cores)],
                f"govinfo's own reader reads the files, {cores} processes": [
                    str(BIN / "python"), "-c", READ_FLOOR, str(corpus_folder), str(cores)]}
    samples = alternate(commands, rounds)
    print(f"### {files} reports, {TITLES[kind]}: {findings_per_file(corpus_folder):.1f} findings per file")
    print()
    table(samples, files)
    print("- govinfo's throughput / check-jsonschema's: "
          + ratio_line(samples, commands_name(commands, 0), commands_name(commands, 1), TARGETS[kind], faster=True))
    floor = median_wall(samples[commands_name(commands, 2)])
    govinfo = median_wall(samples[commands_name(commands, 0)])
    print(f"- govinfo's time / the parse-only floor's: {govinfo / floor:.1f}×; / its own reader's: "
          f"{govinfo / median_wall(samples[commands_name(commands, 3)]):.1f}×")
    print()


def commands_name(commands: dict[str, list[str]], index: int) -> str:
    return list(commands)[index]


def bench_memory(files: int, cores: int, folder: Path) -> None:
    varied = folder / f"varied-{files}"
    entries = corpus.generate(varied, files, exclude=("not_utf8",))
    tenth = folder / f"varied-{files // 10}"
    for entry in entries[: max(1, files // 10)]:
        target = tenth / entry.path.relative_to(varied)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(entry.path, target)
    print("### Memory: govinfo's peak, all its processes together, on a varied corpus (bench/corpus.py)")
    print()
    print("| files | --jobs | peak PSS | peak RSS |")
    print("|---:|---:|---:|---:|")
    for count, where in ((max(1, files // 10), tenth), (files, varied)):
        for jobs in (cores, 1):
            _, rss, pss, _ = run_measured([str(BIN / "govinfo"), "validate", "--format", "json", "--jobs",
                                           str(jobs), str(where)])
            print(f"| {count} | {jobs} | {pss / 1024:.0f} MB | {rss / 1024:.0f} MB |")
    print()
    print("(target: PSS under 150 MB whatever the number of files)")
    print()


def bench_fill(rounds: int, folder: Path) -> None:
    example = ROOT / "examples" / "2022-pingtan.toml"
    stripped = folder / "fill-me.toml"
    # the report without its 总计 column: fill works them out again
    stripped.write_text("".join(line for line in example.read_text(encoding="utf-8").splitlines(keepends=True)
                                if not line.startswith("total =")), encoding="utf-8")
    commands = {"govinfo fill --check FILE": [str(BIN / "govinfo"), "fill", "--check", str(stripped)],
                "govinfo fill -o OUT --force FILE": [str(BIN / "govinfo"), "fill", "-o", str(folder / "filled.toml"),
                                                     "--force", str(stripped)],
                "govinfo validate FILE": [str(BIN / "govinfo"), "validate", str(stripped)]}
    samples = alternate(commands, rounds)
    print(f"## fill: one report without its 总计 column (examples/2022-pingtan.toml), {rounds} rounds")
    print()
    table(samples)


PARTS = ("startup", "batch", "large", "memory", "sum", "fill")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1200, help="reports in each batch corpus (1200)")
    parser.add_argument("--large", type=int, default=10_000, help="reports in the large corpus (10000)")
    parser.add_argument("--rounds", type=int, default=5, help="alternating rounds per figure (5)")
    parser.add_argument("--startup-rounds", type=int, default=15, help="rounds for the one-report figures (15)")
    parser.add_argument("--example", type=Path, default=ROOT / "examples" / "2021-pingtan.toml",
                        help="the one report for the start-up figures (examples/2021-pingtan.toml)")
    parser.add_argument("--only", choices=PARTS, action="append", help="only this part (repeatable)")
    parser.add_argument("--skip-large", action="store_true", help="leave out the 10,000-report figures")
    parser.add_argument("--keep", type=Path, help="write the corpora here and keep them (default: a temporary folder)")
    parser.add_argument("--sum-only", action="store_true", help="only the figures of govinfo sum (= --only sum)")
    options = parser.parse_args()
    parts = set(options.only or (["sum"] if options.sum_only else PARTS))
    if options.skip_large:
        parts.discard("large")

    for program in (BIN / "govinfo", BIN / "check-jsonschema"):
        if not program.exists():
            sys.exit(f"bench: {program} is missing; install with: pip install -e '.[test]'")
    import govinfo_cli

    subprocess.run([sys.executable, "-m", "compileall", "-q", str(Path(govinfo_cli.__file__).parent)],
                   check=True, stdout=subprocess.DEVNULL)
    cores = len(os.sched_getaffinity(0))
    began = time.perf_counter()
    folder = options.keep or Path(tempfile.mkdtemp(prefix="govinfo-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    print("# govinfo benchmark")
    print()
    print(f"Machine: {machine()}")
    print()
    try:
        if "startup" in parts:
            bench_startup(options.example.resolve(), options.startup_rounds, folder)
        if "batch" in parts:
            print(f"## Batch: `govinfo validate --jobs {cores} FOLDER` against `check-jsonschema FILES`, "
                  f"{options.rounds} alternating rounds")
            print()
            for kind in ("clean", "mix", "heavy"):
                bench_batch(kind, options.files, options.rounds, cores, folder)
        if "large" in parts:
            print(f"## Large: {options.large} reports")
            print()
            bench_batch("heavy", options.large, max(1, options.rounds // 2), cores, folder)
        if "memory" in parts:
            bench_memory(options.large, cores, folder)
        if "sum" in parts:
            bench_sum(options.large, cores)
        if "fill" in parts:
            bench_fill(options.startup_rounds, folder)
    finally:
        if options.keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    print(f"Bench run took {time.perf_counter() - began:.0f} s")


if __name__ == "__main__":
    main()
