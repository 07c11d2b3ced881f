"""A long fuzzing run over mutated fixtures (see tests/fuzzing.py for what is checked).

    .venv/bin/python bench/fuzz.py 20000 [--seed N] [--operations 4] [--show 5]

Prints: inputs tried (and how many of each kind: FlexML documents, Django and Jinja2 templates, JSON
call flows and call requests), exceptions, range violations, fix violations, nondeterministic results, the
slowest input and its time; then the first few failing inputs of each kind (as Python literals).
Exit status 1 if anything failed.
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from fuzzing import KINDS, PIECES, SOURCES, check, mutate  # noqa: E402


def operations(rng: random.Random, most: int) -> list[tuple]:
    return [(rng.choice(KINDS), rng.random(), rng.randrange(0, 40), rng.randrange(0, 4 * len(PIECES)))
            for _ in range(rng.randrange(1, most + 1))]


def _kind(filename: str | None) -> str:
    """What an input is: a FlexML document, a Django or Jinja2 template, a call flow or call request."""
    name = (filename or "").rsplit("/", 1)[-1]
    if name.endswith(".flexml.j2"):
        return "jinja2 template"
    if name.endswith(".json"):
        return "JSON call flow" if name.endswith(".callflow.json") else "JSON call request"
    return "django template" if "/templates/django/" in (filename or "") else "FlexML document"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("count", type=int, help="how many inputs to try")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--show", type=int, default=3, help="failing inputs to print per kind")
    parser.add_argument("--operations", type=int, default=4, help="at most this many mutations an input")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    totals = {"exceptions": 0, "range violations": 0, "fix violations": 0, "nondeterministic": 0}
    examples: dict[str, list] = {key: [] for key in totals}
    slowest, slowest_input, slowest_name = 0.0, b"", None
    kinds: dict[str, int] = {}
    started = time.perf_counter()
    for _ in range(args.count):
        filename, source = rng.choice(SOURCES)
        data = mutate(source, operations(rng, args.operations))
        found = check(data, filename)
        kinds[_kind(filename)] = kinds.get(_kind(filename), 0) + 1
        for key, problems in (("exceptions", found.exceptions), ("range violations", found.range_violations),
                              ("fix violations", found.fix_violations), ("nondeterministic", found.nondeterministic)):
            if problems:
                totals[key] += 1
                if len(examples[key]) < args.show:
                    examples[key].append((filename, data, problems[:3]))
        if found.seconds > slowest:
            slowest, slowest_input, slowest_name = found.seconds, data, filename
    elapsed = time.perf_counter() - started
    print(f"inputs tried: {args.count} (seed {args.seed}, {elapsed:.0f} s, {1000 * elapsed / args.count:.2f} ms each)")
    print("by kind: " + ", ".join(f"{kind} {count}" for kind, count in sorted(kinds.items())))
    for key, count in totals.items():
        print(f"{key}: {count}")
    again = min(check(slowest_input, slowest_name).seconds for _ in range(3))  # (a first call may pay for imports)
    print(f"slowest input: {slowest * 1000:.1f} ms, re-checked {again * 1000:.1f} ms "
          f"({_kind(slowest_name)}, {len(slowest_input)} bytes: {slowest_input[:80]!r}...)")
    for key, found in examples.items():
        for filename, data, problems in found:
            print(f"\n{key}: {problems}\n  as {filename}\n  input: {data!r}")
    return 1 if any(totals.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
