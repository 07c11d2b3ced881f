"""Time per `assert_valid_flexml` call on a typical document, after the first call (target <= 1 ms).

    .venv/bin/python bench/bench_testing.py [--repeat N]

The first call in a process pays for loading the catalog and compiling the XSD; every later call
reuses them. Figures: first call, then median / p95 per call over N calls for str, bytes and a Flask
test-client response (if Flask is installed), and a document with warnings (the scanner's path).
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TYPICAL = """<?xml version="1.0" encoding="UTF-8"?>
<Response>
  <Gather action="/ivr/menu" numDigits="1" timeout="6">
    <Say>Thank you for calling Acme Plumbing.</Say>
    <Say>For our opening hours press 1. To speak to someone press 2. To leave a message press 3.</Say>
  </Gather>
  <Say>Sorry, we did not get that.</Say>
  <Redirect>/ivr/welcome</Redirect>
</Response>
"""
WITH_WARNING = TYPICAL.replace("<Redirect>", "<Hangup/>\n  <Redirect>")  # FX401: unreachable Redirect


def per_call(function, argument, repeat: int) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function(argument)
        times.append(time.perf_counter() - start)
    times.sort()
    return statistics.median(times) * 1000, times[int(len(times) * 0.95) - 1] * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=2000)
    args = parser.parse_args()

    start = time.perf_counter()
    from flexml_ls.testing import assert_valid_flexml
    imported = time.perf_counter() - start

    check = assert_valid_flexml      # as tests call it: project settings found from the current directory
    start = time.perf_counter()
    check(TYPICAL)
    first = time.perf_counter() - start

    print(f"import flexml_ls.testing: {imported * 1000:.1f} ms; first assert_valid_flexml: {first * 1000:.1f} ms")
    print(f"typical document: {len(TYPICAL.encode())} bytes, {TYPICAL.count(chr(10))} lines; "
          f"{args.repeat} calls each, per call:")
    cases = [("str", TYPICAL), ("bytes", TYPICAL.encode()), ("str with a warning", WITH_WARNING)]
    try:
        import flask
        app = flask.Flask("bench")
        app.add_url_rule("/ivr", "ivr", lambda: flask.Response(TYPICAL, mimetype="application/xml"))
        cases.append(("Flask test response", app.test_client().get("/ivr")))
    except ImportError:
        pass
    worst = 0.0
    for label, document in cases:
        median, p95 = per_call(check, document, args.repeat)
        worst = max(worst, median)
        print(f"  {label:<22} median {median:.3f} ms   p95 {p95:.3f} ms")
    verdict = "meets" if worst <= 1.0 else "MISSES"
    print(f"target: <= 1 ms per call after the first: {verdict} (worst median {worst:.3f} ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
