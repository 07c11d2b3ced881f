"""Benchmarks of the command line and the engine (prints figures; not a test).

  .venv/bin/python bench/bench_lint.py [--documents 10000] [--runs 21] [--mistakes 0.2]

(a) cold `flexml lint one.flexml` wall time, against `python -c "import lxml.etree"` (target <= 150 ms);
(b) `flexml lint DIRECTORY` over N generated documents, against a process that only reads them the
    same way and parses them with lxml (target <= 3x).
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))


def wall(command: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def _flexml_command() -> list[str]:
    # Byte-compile the package as `pip install` does: an editable checkout under
    # PYTHONDONTWRITEBYTECODE=1 (set on these machines) would otherwise recompile it on every run.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "flexml_ls")], check=True)
    flexml = shutil.which("flexml", path=str(Path(sys.executable).parent)) or shutil.which("flexml")
    return [flexml] if flexml else [sys.executable, "-m", "flexml_ls"]


def cold_start(runs: int) -> None:
    command = _flexml_command()
    one = ROOT / "examples" / "ivr-menu.flexml"
    wall(command + ["lint", str(one)], 2)  # warm the OS caches and .pyc files
    lint_ms = wall(command + ["lint", str(one)], runs)
    lxml_ms = wall([sys.executable, "-c", "import lxml.etree"], runs)
    python_ms = wall([sys.executable, "-c", "pass"], runs)
    print(f"(a) cold start, median of {runs}:")
    print(f"    python -c pass                 {python_ms:7.1f} ms")
    print(f"    python -c 'import lxml.etree'  {lxml_ms:7.1f} ms")
    print(f"    flexml lint one.flexml         {lint_ms:7.1f} ms   (target <= 150 ms; "
          f"{lint_ms - lxml_ms:+.1f} ms over importing lxml)")


def measured(kind: str, directory: str) -> None:
    """One measured process of (b): prints how long its work took, from after its imports (the
    interpreter's start-up is the same for both and drifts by more than the work on one document).
    `lint`: `flexml lint -q DIRECTORY`, whole (finding the files, their config, reading, linting, the
    report, which goes to /dev/null). `parse`: every *.flexml file in `directory` (listed as cheaply
    as Python can: one listdir, no Path objects) read as `flexml lint` reads them (cli.read_file, a
    batch of 64 at a time, see cli.linted) and parsed by lxml."""
    sys.path.insert(0, str(ROOT))
    from lxml import etree

    from flexml_ls import cli

    if kind == "lint":
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - for the rest of this process
        start = time.perf_counter()
        status = cli.main(["lint", "-q", directory])
        elapsed = time.perf_counter() - start
        sys.stdout = sys.__stdout__
        print(f"{elapsed} {status}")
        return
    start = time.perf_counter()
    paths = sorted(os.path.join(directory, name) for name in os.listdir(directory) if name.endswith(".flexml"))
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    read_file = cli.read_file
    for first in range(0, len(paths), 64):
        for data in [read_file(path) for path in paths[first:first + 64]]:
            try:
                etree.fromstring(data, parser)
            except etree.XMLSyntaxError:
                pass
    print(f"{time.perf_counter() - start} 0")


def batch(count: int, mistakes: float = 0.2, runs: int = 7) -> None:
    from corpus import realistic_corpus

    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "flexml_ls")], check=True)
    directory = Path(tempfile.mkdtemp(prefix="flexml-bench-"))
    try:
        every, one = directory / "every", directory / "one"
        every.mkdir()
        one.mkdir()
        texts = list(realistic_corpus(count, seed=7, mistake_share=mistakes))
        for index, text in enumerate(texts):
            (every / f"doc{index:05d}.flexml").write_text(text, encoding="utf-8")
        (one / "doc00000.flexml").write_text(texts[0], encoding="utf-8")
        sizes = [path.stat().st_size for path in every.iterdir()]

        # Each measured in a process of its own, as a user runs it: nothing learnt from an earlier run
        # (memoised value checks, did-you-mean rankings) helps the next. What a process spends before
        # and around its work on the documents (loading the catalog, compiling the XSD) is the same
        # run over one document, subtracted. Interleaved, best of `runs`: this machine's speed drifts.
        def run(kind: str, folder: Path) -> tuple[float, int]:
            done = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--measure", kind, str(folder)],
                                  capture_output=True, text=True, check=True)
            seconds, status = done.stdout.split()
            return float(seconds), int(status)

        best: dict[tuple[str, str], float] = {}
        status = 0
        for _ in range(runs):
            for kind in ("parse", "lint"):
                for name, folder in (("every", every), ("one", one)):
                    seconds, code = run(kind, folder)
                    best[kind, name] = min(best.get((kind, name), float("inf")), seconds)
                    status = code if kind == "lint" and name == "every" else status
        others = count - 1
        parse_s = best["parse", "every"] - best["parse", "one"]
        lint_s = best["lint", "every"] - best["lint", "one"]
        print(f"(b) {count:,} generated documents (median {statistics.median(sizes):,.0f} bytes, "
              f"{sum(sizes) / 1e6:.1f} MB, {mistakes:.0%} given one mistake), best of {runs}, each run in a "
              f"process of its own, less the same run over one document:")
        print(f"    read + lxml parse only             {parse_s:6.3f} s  ({parse_s / others * 1e6:5.1f} us/doc)")
        print(f"    flexml lint DIRECTORY              {lint_s:6.3f} s  ({lint_s / others * 1e6:5.1f} us/doc)  "
              f"{lint_s / parse_s:5.2f}x  (target <= 3x); exit {status}")
        print(f"    (over one document: parse {best['parse', 'one'] * 1000:.1f} ms, "
              f"lint {best['lint', 'one'] * 1000:.1f} ms, catalog and XSD included)")
        in_process(every, count)
    finally:
        shutil.rmtree(directory)


def in_process(directory: Path, count: int) -> None:
    """Where the time goes, in one process with everything warm (so a little flattering): pathlib's
    reading, the engine alone, clean and mistaken documents apart."""
    from lxml import etree

    from flexml_ls.cli import read_file
    from flexml_ls.config import Config
    from flexml_ls.engine import lint_bytes, lint_many

    paths = sorted(str(path) for path in directory.iterdir())
    config = Config()
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    contents = [read_file(path) for path in paths]
    clean = [data for data in contents if not lint_bytes(data, config).diagnostics]
    mistaken = [data for data in contents if lint_bytes(data, config).diagnostics]

    def parse_read_bytes():
        for path in map(Path, paths):
            try:
                etree.fromstring(path.read_bytes(), parser)
            except etree.XMLSyntaxError:
                pass

    def parse_in_memory():
        for data in contents:
            try:
                etree.fromstring(data, parser)
            except etree.XMLSyntaxError:
                pass

    def lint_in_memory(some):
        def lint_them():
            for first in range(0, len(some), 64):
                lint_many([(data, config) for data in some[first:first + 64]])
        return lint_them

    def lint_read_bytes():
        for path in map(Path, paths):
            lint_bytes(path.read_bytes(), config)

    timings: dict[str, float] = {}
    for _ in range(5):
        for name, function in (("pathlib", parse_read_bytes), ("pathlib lint", lint_read_bytes),
                               ("parse", parse_in_memory),
                               ("lint", lint_in_memory(contents)), ("clean", lint_in_memory(clean)),
                               ("mistaken", lint_in_memory(mistaken))):
            timings[name] = min(timings.get(name, float("inf")), _timed(function))
    print("    in one process, warm, files already read (where the time goes):")
    print(f"      read with pathlib + parse          {timings['pathlib'] / count * 1e6:5.1f} us/doc")
    print(f"      read with pathlib + lint_bytes     {timings['pathlib lint'] / count * 1e6:5.1f} us/doc  "
          f"{timings['pathlib lint'] / timings['pathlib']:5.2f}x  (the figure sessions 1-3 reported)")
    print(f"      parse only                         {timings['parse'] / count * 1e6:5.1f} us/doc")
    print(f"      engine (lint_many)                 {timings['lint'] / count * 1e6:5.1f} us/doc")
    print(f"        {len(clean):,} without diagnostics        {timings['clean'] / len(clean) * 1e6:5.1f} us/doc")
    print(f"        {len(mistaken):,} with diagnostics         {timings['mistaken'] / len(mistaken) * 1e6:5.1f} us/doc")


def _timed(function) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--mistakes", type=float, default=0.2, help="share of documents given a mistake")
    parser.add_argument("--measure", nargs=2, metavar=("KIND", "DIRECTORY"), help=argparse.SUPPRESS)  # (b)'s runs
    args = parser.parse_args()
    if args.measure:
        measured(*args.measure)
        return
    cold_start(args.runs)
    batch(args.documents, args.mistakes)


if __name__ == "__main__":
    main()
