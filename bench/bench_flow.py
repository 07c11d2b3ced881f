"""Benchmarks of `flexml flow` (prints figures; not a test).

  .venv/bin/python bench/bench_flow.py [--routes 50] [--templates 1000] [--runs 5]

(a) a generated Flask app of N routes (a menu of menus: Gather per route, each digit to another
    route, a fall-through Redirect) crawled in process as CarrierX would drive it (target <= 2 s);
(b) the static flow of a generated Flask app rendering M Jinja templates (routes discovered with
    `ast`, templates rendered, URLs resolved by name; target <= 3 s).
Each figure is the best of --runs, measured in this process after a first warm-up run.
"""
from __future__ import annotations

import argparse
import importlib.util
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flexml_ls.flow.checks import check  # noqa: E402
from flexml_ls.flow.live import crawl_app  # noqa: E402
from flexml_ls.flow.static import StaticOptions, static_flow  # noqa: E402


def crawl_app_source(routes: int) -> str:
    lines = ["from flask import Flask, Response", "app = Flask(__name__)", ""]
    for i in range(routes):
        nxt = [(i * 3 + k) % routes for k in (1, 2, 3)]
        lines += [
            f"@app.post('/r{i}')",
            f"def r{i}():",
            "    return Response(",
            f"        '<Response><Gather action=\"/r{nxt[0]}\" numDigits=\"1\" validDigits=\"123\">'",
            f"        '<Say>Menu {i}.</Say></Gather><Redirect>/r{nxt[1]}</Redirect></Response>',",
            "        mimetype='application/xml')",
            "",
        ]
    return "\n".join(lines) + "\n"


def static_app(directory: Path, templates: int) -> None:
    (directory / "templates").mkdir()
    lines = ["from flask import Flask, render_template", "app = Flask(__name__)", ""]
    for i in range(templates):
        nxt = (i + 1) % templates
        lines += [f"@app.post('/t{i}')", f"def t{i}():", f"    return render_template('t{i}.flexml.xml', n={i})", ""]
        (directory / "templates" / f"t{i}.flexml.xml").write_text(
            "<Response>\n"
            f"  <Gather action=\"{{{{ url_for('t{nxt}') }}}}\" numDigits=\"1\"><Say>Menu {{{{ n }}}}.</Say></Gather>\n"
            "  {% if n %}<Say>Again.</Say>{% endif %}\n"
            f"  <Redirect>{{{{ url_for('t{i}') }}}}</Redirect>\n"
            "</Response>\n")
    (directory / "app.py").write_text("\n".join(lines) + "\n")


def best(function, runs: int) -> tuple[float, object]:
    function()  # warm-up (imports, the catalog)
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--routes", type=int, default=50)
    parser.add_argument("--templates", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        source = folder / "crawled_app.py"
        source.write_text(crawl_app_source(args.routes))
        spec = importlib.util.spec_from_file_location("crawled_app", source)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        seconds, flow = best(lambda: crawl_app(module.app, "/r0"), args.runs)
        requests = sum(node.data.get("requests", 0) for node in flow.nodes.values())
        print(f"(a) crawl of a {args.routes}-route Flask app in process: {seconds:.3f} s "
              f"({len(flow.nodes)} documents, {len(flow.edges)} transfers, {requests} requests; target <= 2 s)")
        app_dir = folder / "static_app"
        app_dir.mkdir()
        static_app(app_dir, args.templates)
        seconds, flow = best(lambda: static_flow([app_dir], StaticOptions(start="/t0")), max(1, args.runs // 2))
        check(flow)
        print(f"(b) static flow of {args.templates} templates: {seconds:.3f} s "
              f"({len(flow.nodes)} documents, {len(flow.edges)} transfers, {len(flow.findings)} findings; "
              "target <= 3 s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
