"""Benchmark of the language server (prints figures; not a test).

  .venv/bin/python bench/bench_server.py [--lines 2000] [--requests 200] [--changes 40] [--debounce 100]

On a generated FlexML document of about 2,000 lines, over stdio against a real `flexml server`:
(a) completion and hover: client-side round trip per request, p50/p95 (targets: p95 <= 20 ms);
    completions are asked right after an edit (no cached state), at element, attribute and value
    positions spread through the document, hovers on element and attribute names;
(b) diagnostics: from a change to its publishDiagnostics, minus the debounce (target <= 50 ms after
    the debounce), measured twice: inside the server (change received -> diagnostics written, from
    its DEBUG log) and at the client (change sent -> notification received and parsed).
"""
from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient

ROOT = Path(__file__).resolve().parent.parent


def generate(lines: int) -> str:
    """A well-formed document of about `lines` lines: the verbs of fixtures/valid, repeated, each
    fixture's verbs whole (cutting inside one left an element open, so the document was broken and
    took the scanner's path: a slower case than the one meant)."""
    bodies = []
    for path in sorted((ROOT / "fixtures" / "valid").glob("*.flexml")):
        match = re.search(r"<Response>\n(.*?)\n?</Response>", path.read_text(encoding="utf-8"), re.S)
        if match:
            bodies.append(match.group(1).split("\n"))
    out = ["<Response>"]
    while True:
        for body in bodies:
            if len(out) + len(body) > lines - 1:
                return "\n".join(out + ["</Response>", ""])
            out.extend(body)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def summary(name: str, values: list[float]) -> str:
    return (f"{name:<34} p50 {statistics.median(values):6.2f} ms   p95 {percentile(values, 0.95):6.2f} ms   "
            f"max {max(values):6.2f} ms   (n={len(values)})")


class Bench:
    def __init__(self, debounce_ms: int):
        self.client = LanguageClient("flexml-bench", "1")
        self.published: list[tuple[float, types.PublishDiagnosticsParams]] = []
        self.debounce_ms = debounce_ms

        @self.client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def record(params):
            self.published.append((time.perf_counter(), params))

        # The server's DEBUG lines (asked for below: its timings) also reach the client as log
        # messages; an unhandled notification makes pygls's client log a warning for each.
        @self.client.feature(types.WINDOW_LOG_MESSAGE)
        def ignore(params):
            pass

    async def start(self, root: Path, log_file: Path):
        env = dict(os.environ, FLEXML_LOG="DEBUG", FLEXML_LOG_FILE=str(log_file))
        await self.client.start_io(sys.executable, "-m", "flexml_ls", "server", env=env)
        caps = types.ClientCapabilities(text_document=types.TextDocumentClientCapabilities(
            completion=types.CompletionClientCapabilities(completion_item=types.ClientCompletionItemOptions(
                snippet_support=True, documentation_format=[types.MarkupKind.Markdown])),
            hover=types.HoverClientCapabilities(content_format=[types.MarkupKind.Markdown])))
        await self.client.initialize_async(types.InitializeParams(
            capabilities=caps, root_uri=root.as_uri(), initialization_options={"debounce": self.debounce_ms}))
        self.client.initialized(types.InitializedParams())

    async def wait_for(self, uri: str, version: int, timeout: float = 30) -> float:
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            for stamp, params in self.published:
                if params.uri == uri and params.version == version:
                    return stamp
            await asyncio.sleep(0.0005)
        raise TimeoutError(f"no diagnostics for version {version}")

    def change(self, uri: str, version: int, line: int, start: int, end: int, text: str, end_line=None):
        end_line = line if end_line is None else end_line
        self.client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangePartial(
                range=types.Range(types.Position(line, start), types.Position(end_line, end)), text=text)]))

    async def stop(self):
        await self.client.shutdown_async(None)
        self.client.exit(None)
        await self.client.stop()


async def main(args) -> None:
    text = generate(args.lines)
    lines = text.split("\n")
    rng = random.Random(7)
    root = ROOT / "bench"
    uri = (root / "generated-2000.flexml").as_uri()
    bench = Bench(args.debounce)
    log_file = Path(tempfile.mkdtemp(prefix="flexml-bench-")) / "server.log"
    await bench.start(root, log_file)
    started = time.perf_counter()
    bench.client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id="flexml", version=1, text=text)))
    opened = await bench.wait_for(uri, 1) - started
    document = types.TextDocumentIdentifier(uri=uri)
    print(f"document: {len(lines)} lines, {len(text):,} characters; first diagnostics after open: "
          f"{opened * 1000:.1f} ms")
    version = 1

    # Positions: element names and attribute names (hover); after `<`, inside start tags, in values.
    names, attributes, values = [], [], []
    for number, line in enumerate(lines):
        for match in re.finditer(r"<([A-Za-z]+)", line):
            names.append((number, match.start(1) + 1))
        for match in re.finditer(r' ([A-Za-z]+)="([^"]*)"', line):
            attributes.append((number, match.start(1) + 1))
            values.append((number, match.start(2)))

    async def timed(coroutine) -> float:
        start = time.perf_counter()
        await coroutine
        return (time.perf_counter() - start) * 1000

    completion_times: dict[str, list[float]] = {"after `<` (after an edit)": [], "attribute names": [],
                                                "attribute values": []}
    for index in range(args.requests):
        kind = index % 3
        if kind == 0:  # type `<` on an empty spot of a random line of the Response, then complete
            line = rng.randrange(1, len(lines) - 2)
            column = len(lines[line])
            version += 1
            bench.change(uri, version, line, column, column, "\n  <")
            ms = await timed(bench.client.text_document_completion_async(types.CompletionParams(
                text_document=document, position=types.Position(line + 1, 3))))
            version += 1
            bench.change(uri, version, line, column, 3, "", end_line=line + 1)   # undo: join the lines again
            completion_times["after `<` (after an edit)"].append(ms)
        elif kind == 1:
            line, column = rng.choice(attributes)
            ms = await timed(bench.client.text_document_completion_async(types.CompletionParams(
                text_document=document, position=types.Position(line, column - 1))))
            completion_times["attribute names"].append(ms)
        else:
            line, column = rng.choice(values)
            ms = await timed(bench.client.text_document_completion_async(types.CompletionParams(
                text_document=document, position=types.Position(line, column))))
            completion_times["attribute values"].append(ms)
    await bench.wait_for(uri, version)

    hover_times = []
    for index in range(args.requests):
        line, column = rng.choice(names if index % 2 else attributes)
        hover_times.append(await timed(bench.client.text_document_hover_async(types.HoverParams(
            text_document=document, position=types.Position(line, column)))))

    # Diagnostics: change a value back and forth; time from sending to receiving its diagnostics.
    latencies = []
    first_change = version + 1
    target = next(number for number, line in enumerate(lines) if 'voice="' in line)
    column = lines[target].index('voice="') + len('voice="')
    original = lines[target][column:lines[target].index('"', column)]
    for index in range(args.changes):
        version += 1
        new = "robot" if index % 2 == 0 else original
        old_length = len(original) if index % 2 == 0 else len("robot")
        sent = time.perf_counter()
        bench.change(uri, version, target, column, column + old_length, new)
        received = await bench.wait_for(uri, version)
        latencies.append((received - sent) * 1000 - args.debounce)
        await asyncio.sleep(0.05)
    await bench.stop()
    log_text = log_file.read_text(encoding="utf-8")
    lint_only = [float(m.group(1)) for m in re.finditer(r"linted \d+ characters in ([\d.]+) ms", log_text)]
    lint_only = lint_only[-args.changes:]
    server_side = []
    for match in re.finditer(r"published version (\d+) ([\d.]+) ms after its change arrived",
                             log_text):
        if int(match.group(1)) >= first_change:
            server_side.append(float(match.group(2)) - args.debounce)

    all_completions = [ms for values_ in completion_times.values() for ms in values_]
    print(f"(a) round trip over stdio, {args.requests} requests each:")
    print("    " + summary("completion (all)", all_completions))
    for name, values_ in completion_times.items():
        print("    " + summary(f"  completion, {name}", values_))
    print("    " + summary("hover (element/attribute names)", hover_times))
    print(f"(b) diagnostics after a change, minus the {args.debounce} ms debounce:")
    print("    " + summary("server: change in -> diagnostics out", server_side))
    print("    " + summary("client: change sent -> received", latencies))
    print("    " + summary("  of which the engine's lint alone", lint_only))
    ok = percentile(all_completions, 0.95) <= 20 and percentile(hover_times, 0.95) <= 20 \
        and percentile(server_side, 0.95) <= 50
    print("targets (completion/hover p95 <= 20 ms, diagnostics p95 <= 50 ms after the debounce):",
          "met" if ok else "NOT met")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lines", type=int, default=2000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--changes", type=int, default=40)
    parser.add_argument("--debounce", type=int, default=100, help="the server's debounce, milliseconds")
    asyncio.run(main(parser.parse_args()))
