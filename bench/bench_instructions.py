"""Instructions per document, counted by valgrind (prints figures; not a test).

  .venv/bin/python bench/bench_instructions.py [--documents 1000] [--mistakes 0.2]

Wall-clock figures on this machine drift by tens of percent from minute to minute, which hides the
few percent a single change to the engine makes. The number of instructions a run executes does not
drift: this script counts them with `valgrind --tool=callgrind` (Debian package `valgrind`) for the
same generated documents as bench_lint.py (b), once per kind of work, and subtracts a run over no
documents (start-up, imports, compiling the XSD). Use it to compare two versions of the engine; use
bench_lint.py for the figure itself: an instruction is not a fixed time (the C parser does more per
microsecond than the interpreter), reading the files is left out here, and the cost of alternating
clean and mistaken documents (caches, branch prediction) shows only in time.
"""
from __future__ import annotations

import argparse
import pickle
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KINDS = ("parse", "validate", "clean", "mistaken", "mixed")


def work(kind: str, count: int, corpus_file: str) -> None:
    """The measured run: `count` documents of one kind (run under valgrind)."""
    sys.path.insert(0, str(ROOT))
    from lxml import etree

    from flexml_ls.catalog import validator
    from flexml_ls.config import Config
    from flexml_ls.engine import lint_bytes

    with open(corpus_file, "rb") as handle:
        documents = pickle.load(handle)
    config = Config()
    for each in (documents["clean"][0], documents["mistaken"][0]):
        lint_bytes(each, config)  # the catalog, the rule sets and the XSD, as any long run has them
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    schema = validator().schema
    chosen = documents["mixed" if kind in ("parse", "validate") else kind][:count]
    if kind == "parse":
        for data in chosen:
            etree.fromstring(data, parser)
    elif kind == "validate":
        for data in chosen:
            schema.validate(etree.fromstring(data, parser))
    else:
        for data in chosen:
            lint_bytes(data, config)


def instructions(kind: str, count: int, corpus_file: str) -> int:
    done = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, __file__,
         "--work", kind, str(count), corpus_file], capture_output=True, text=True, check=True)
    return int(re.search(r"Collected : (\d+)", done.stderr).group(1))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--mistakes", type=float, default=0.2, help="share of documents given a mistake")
    parser.add_argument("--work", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.work:
        work(args.work[0], int(args.work[1]), args.work[2])
        return
    if shutil.which("valgrind") is None:
        sys.exit("bench_instructions: valgrind is not installed (Debian: apt-get install valgrind)")
    sys.path.insert(0, str(ROOT / "tests"))
    from corpus import realistic_corpus

    from flexml_ls.config import Config
    from flexml_ls.engine import lint_bytes

    mixed = [text.encode() for text in realistic_corpus(args.documents, seed=7, mistake_share=args.mistakes)]
    clean = [data for data in mixed if not lint_bytes(data, Config()).diagnostics]
    documents = {"mixed": mixed, "clean": clean, "mistaken": [data for data in mixed if data not in set(clean)]}
    with tempfile.TemporaryDirectory(prefix="flexml-bench-") as directory:
        corpus_file = str(Path(directory) / "corpus.pickle")
        with open(corpus_file, "wb") as handle:
            pickle.dump(documents, handle)
        start_up = instructions("mixed", 0, corpus_file)
        per_document = {}
        for kind in KINDS:
            count = len(documents["mixed" if kind in ("parse", "validate") else kind])
            per_document[kind] = (instructions(kind, count, corpus_file) - start_up) / max(count, 1)
    parse = per_document["parse"]
    print(f"Instructions per document (valgrind), {args.documents:,} generated documents, "
          f"{len(documents['mistaken']):,} with a diagnostic; files not read:")
    for kind, label in (("parse", "lxml parse only"), ("validate", "parse + XSD validation"),
                        ("clean", "flexml lint, no diagnostic"), ("mistaken", "flexml lint, with diagnostics"),
                        ("mixed", "flexml lint, all documents")):
        print(f"    {label:31s} {per_document[kind] / 1000:8.1f} k  {per_document[kind] / parse:5.2f}x parse")


if __name__ == "__main__":
    main()
