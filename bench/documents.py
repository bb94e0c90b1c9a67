#!/usr/bin/env python3
"""How long govinfo takes to write one report as Word and PDF, and the PDF engines compared.

    .venv/bin/python bench/documents.py              # 7 runs each (about a minute)
    .venv/bin/python bench/documents.py --runs 3 --example examples/2017-wenzhou-safety-bureau.toml

Prints, for one report:

* the median wall time of ``govinfo render`` to .docx and to .pdf (a whole start each, as
  an editor runs it), and the time inside the process (the library call, imports done);
* the PDF engines side by side, on the same HTML page: WeasyPrint (what govinfo uses) and
  headless Chromium (``--print-to-pdf``) where it is installed: time, size, whether two runs
  give the same bytes, and the fonts (embedded TrueType subsets, or Type 3 glyph drawings);
* LibreOffice's time to open the .docx and print it to PDF, where it is installed.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT / "bench"))

from bench import machine, wall  # noqa: E402

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-pdf-header-footer"]


def median_wall(command: list[str], runs: int) -> float:
    wall(command)  # file caches warm
    return statistics.median(wall(command) for _ in range(runs))


def fonts(pdf: Path) -> str:
    """The distinct fonts of a PDF: TrueType (or other) subsets embedded, and Type 3 glyph drawings."""
    import pypdf

    kinds: dict[object, str] = {}
    for page in pypdf.PdfReader(str(pdf)).pages:
        resources = page["/Resources"].get_object()
        for reference in (resources.get("/Font") or {}).values():
            font = reference.get_object()
            key = getattr(reference, "idnum", None) or str(font.get("/BaseFont"))
            kinds[key] = str(font["/Subtype"])
    type3 = sum(kind == "/Type3" for kind in kinds.values())
    return f"{len(kinds) - type3} embedded fonts, {type3} Type 3"


def chromium_pdf(page: Path, target: Path) -> None:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([shutil.which("chromium") or "chromium", *CHROMIUM_FLAGS, f"--user-data-dir={profile}",
                        f"--print-to-pdf={target}", page.as_uri()], capture_output=True, check=True,
                       stdin=subprocess.DEVNULL, timeout=300)


def weasyprint_pdf(page: Path, target: Path) -> None:
    code = ("import sys; from govinfo_cli.writers.pdf import html_to_pdf; "
            "open(sys.argv[2], 'wb').write(html_to_pdf(open(sys.argv[1], encoding='utf-8').read()))")
    subprocess.run([sys.executable, "-c", code, str(page), str(target)], check=True, timeout=300)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="runs per figure (7)")
    parser.add_argument("--example", type=Path, default=ROOT / "examples" / "2021-pingtan.toml",
                        help="the report (examples/2021-pingtan.toml)")
    options = parser.parse_args()
    govinfo = str(BIN / "govinfo")
    example = options.example.resolve()

    from govinfo_cli.model.report import load_report
    from govinfo_cli.writers.docx import render_docx
    from govinfo_cli.writers.pdf import render_pdf

    print("# govinfo: Word and PDF")
    print()
    print(f"Machine: {machine()}")
    print(f"Example: {example.relative_to(ROOT) if example.is_relative_to(ROOT) else example}")
    print()
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        report = load_report(str(example))
        render_docx(report), render_pdf(report)  # imports done, fonts cached
        rows = []
        for fmt, function in (("docx", render_docx), ("pdf", render_pdf)):
            target = out / f"report.{fmt}"
            command = [govinfo, "render", str(example), "-o", str(target), "--force"]
            seconds = median_wall(command, options.runs)
            start = time.perf_counter()
            for _ in range(options.runs):
                function(report)
            inside = (time.perf_counter() - start) / options.runs
            rows.append((f"govinfo render -o report.{fmt}", seconds, inside, target.stat().st_size))
        print(f"| command | median wall time of {options.runs} | in the process | size |")
        print("|---|---:|---:|---:|")
        for name, seconds, inside, size in rows:
            print(f"| `{name}` | {seconds * 1000:.0f} ms | {inside * 1000:.0f} ms | {size / 1024:.0f} KiB |")
        print()

        page = out / "report.html"
        subprocess.run([govinfo, "render", str(example), "-o", str(page)], check=True)
        engines = {"WeasyPrint (govinfo)": weasyprint_pdf}
        if shutil.which("chromium"):
            engines["Chromium --print-to-pdf"] = chromium_pdf
        print("PDF engines on the same page (median of the runs; each run a fresh process):")
        print()
        print("| engine | time | size | same bytes twice | fonts |")
        print("|---|---:|---:|---|---|")
        for name, engine in engines.items():
            first, second = out / "first.pdf", out / "second.pdf"
            engine(page, first)
            times = []
            for _ in range(options.runs):
                start = time.perf_counter()
                engine(page, second)
                times.append(time.perf_counter() - start)
            same = "yes" if first.read_bytes() == second.read_bytes() else "no"
            print(f"| {name} | {statistics.median(times) * 1000:.0f} ms | {first.stat().st_size / 1024:.0f} KiB "
                  f"| {same} | {fonts(first)} |")
        print()

        soffice = shutil.which("soffice")
        if soffice:
            profile = (out / "profile").as_uri()
            command = [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir",
                       str(out / "lo"), str(out / "report.docx")]
            seconds = median_wall(command, options.runs)
            print(f"LibreOffice opens the .docx and prints it to PDF: {seconds * 1000:.0f} ms "
                  f"(median of {options.runs}, {fonts(out / 'lo' / 'report.pdf')})")


if __name__ == "__main__":
    main()
