"""Benchmarks of the command line and the engine (prints figures; not a test).

  .venv/bin/python bench/bench_lint.py [--documents 10000] [--runs 21] [--mistakes 0.2]

(a) cold `flexml lint one.flexml` wall time, against `python -c "import lxml.etree"` (target <= 150 ms);
(b) linting N generated documents in one process, against only parsing them with lxml (target <= 3x).
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


def cold_start(runs: int) -> None:
    # Byte-compile the package as `pip install` does: an editable checkout under
    # PYTHONDONTWRITEBYTECODE=1 (set on these machines) would otherwise recompile it on every run.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "flexml_ls")], check=True)
    flexml = shutil.which("flexml", path=str(Path(sys.executable).parent)) or shutil.which("flexml")
    command = [flexml] if flexml else [sys.executable, "-m", "flexml_ls"]
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


def batch(count: int, mistakes: float = 0.2) -> None:
    import contextlib
    import io

    from corpus import realistic_corpus
    from lxml import etree

    from flexml_ls import cli
    from flexml_ls.config import Config
    from flexml_ls.engine import lint_bytes

    directory = Path(tempfile.mkdtemp(prefix="flexml-bench-"))
    try:
        paths = []
        for index, text in enumerate(realistic_corpus(count, seed=7, mistake_share=mistakes)):
            path = directory / f"doc{index:05d}.flexml"
            path.write_text(text, encoding="utf-8")
            paths.append(str(path))
        sizes = [os.path.getsize(p) for p in paths]
        config = Config()
        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
        lint_bytes(cli.read_file(paths[0]), config)  # load the catalog once, as any long run does
        read_file = cli.read_file

        def parse_only():
            # The baseline: the files read as `flexml lint` reads them (a batch at a time, see
            # cli.linted), each parsed by lxml.
            for first in range(0, len(paths), 64):
                for data in [read_file(path) for path in paths[first:first + 64]]:
                    try:
                        etree.fromstring(data, parser)
                    except etree.XMLSyntaxError:
                        pass

        def parse_path_read_bytes():
            # The same, reading with pathlib (more system calls: a slower, more forgiving baseline).
            for path in map(Path, paths):
                try:
                    etree.fromstring(path.read_bytes(), parser)
                except etree.XMLSyntaxError:
                    pass

        def command():
            # `flexml lint DIRECTORY`, whole: finding the files, their config, reading, linting, the report.
            with contextlib.redirect_stdout(io.StringIO()) as out, contextlib.redirect_stderr(io.StringIO()):
                status = cli.main(["lint", str(directory)])
            return status, out.getvalue().count("\n")

        def engine_only():
            for path in paths:
                lint_bytes(read_file(path), config)

        clean = [p for p in paths if not lint_bytes(read_file(p), config).diagnostics]
        mistaken = sorted(set(paths) - set(clean))

        def lint_some(some):
            def lint_them():
                for path in some:
                    lint_bytes(read_file(path), config)
            return lint_them

        status, lines = command()
        # Interleaved, best of 5: this machine's speed drifts by tens of percent from minute to minute.
        timings: dict[str, float] = {}
        for _ in range(5):
            for name, function in (("parse", parse_only), ("pathlib", parse_path_read_bytes), ("command", command),
                                   ("engine", engine_only), ("clean", lint_some(clean)),
                                   ("mistaken", lint_some(mistaken))):
                timings[name] = min(timings.get(name, float("inf")), _timed(function))
        parse_s = timings["parse"]

        def row(label: str, seconds: float, note: str = "") -> None:
            print(f"    {label:<34} {seconds:6.2f} s  ({seconds / count * 1e6:5.1f} us/doc)  "
                  f"{seconds / parse_s:5.2f}x{note}")

        print(f"(b) {count:,} generated documents (median {statistics.median(sizes):,.0f} bytes, "
              f"{sum(sizes) / 1e6:.1f} MB, {mistakes:.0%} given one mistake), one process, best of 5:")
        row("read + lxml parse only", parse_s, "  (the baseline)")
        row("  the same, reading with pathlib", timings["pathlib"])
        row("flexml lint DIRECTORY", timings["command"],
            f"  (target <= 3x); exit {status}, {lines:,} lines of output")
        row("  of which read + engine", timings["engine"])
        print(f"      {len(clean):,} without diagnostics        {timings['clean'] / len(clean) * 1e6:6.1f} us/doc")
        print(f"      {len(mistaken):,} with diagnostics         {timings['mistaken'] / len(mistaken) * 1e6:6.1f} us/doc")
    finally:
        shutil.rmtree(directory)


def _timed(function) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--mistakes", type=float, default=0.2, help="share of documents given a mistake")
    args = parser.parse_args()
    cold_start(args.runs)
    batch(args.documents, args.mistakes)


if __name__ == "__main__":
    main()
