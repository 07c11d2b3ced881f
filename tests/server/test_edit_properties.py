"""Property: any sequence of incremental edits (insertions, deletions, garbage, emoji, U+2028, CRLF)
on real documents leaves the server answering, and its final diagnostics equal the engine's on the
final text. Every diagnostics notification it sent must match the text of the version it names
(so nothing stale was ever published).

One server serves every example: hypothesis drives a synchronous test, and the pytest-lsp client
runs on an event loop in a background thread.
"""
from __future__ import annotations

import asyncio
import os
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lsprotocol import types

from flexml_ls.config import Config
from flexml_ls.engine import lint
from flexml_ls.source import LineIndex

from .conftest import CONFIG, FIXTURES, capabilities, initialize, open_document, wait_for_diagnostics

pytestmark = pytest.mark.timeout(300)

DOCUMENTS = sorted(FIXTURES.glob("*.flexml"))
PIECES = ["<", ">", "</", "/>", '"', "'", "=", " ", "\n", "\r\n", "\t", "<Say>", "</Say>", "<Hangup/>",
          '<Say voice="robot">', "Play", "Gather", 'numDigits="x"', "<!--", "-->", "<![CDATA[", "]]>",
          "&amp;", "&bogus;", "😀", "\u2028", "\u2029", "\u0085", "é", "<?xml version='1.0'?>", "</Response>"]


class ThreadedServer:
    """A pytest-lsp client + server on an event loop in another thread, driven synchronously."""

    def __init__(self, root: Path):
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.client = self.run(CONFIG.start())
        self.run(initialize(self.client, root, capabilities(), {"debounce": 20}))
        self.root = root

    def run(self, coroutine, timeout: float = 60):
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)

    def call(self, function, *args):
        async def invoke():
            return function(*args)
        return self.run(invoke())

    def close(self):
        try:
            self.run(self.client.shutdown_session(), timeout=20)
            self.run(self.client.stop(), timeout=20)
        finally:
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(5)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    threaded = ThreadedServer(tmp_path_factory.mktemp("properties"))
    yield threaded
    threaded.close()


def utf16_position(text: str, offset: int) -> types.Position:
    line, column = LineIndex(text).position(offset)
    start = offset - column
    return types.Position(line, len(text[start:offset].encode("utf-16-le")) // 2)


def lsp_view(text: str, diagnostics) -> list[tuple]:
    return [(d.code, d.message, utf16_position(text, d.start), utf16_position(text, d.end)) for d in diagnostics]


def received_view(diagnostics) -> list[tuple]:
    return [(d.code, d.message, d.range.start, d.range.end) for d in diagnostics]


edits = st.tuples(st.sampled_from(["insert", "delete", "replace"]), st.floats(0, 1), st.integers(0, 40),
                  st.one_of(st.sampled_from(PIECES), st.text(max_size=6)))
bursts = st.lists(st.lists(edits, min_size=1, max_size=8), min_size=1, max_size=4)
counter = iter(range(10**9))


@settings(max_examples=int(os.environ.get("FLEXML_SERVER_EXAMPLES", "20")), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(document=st.sampled_from(DOCUMENTS), bursts=bursts)
def test_random_edits_leave_the_server_answering_and_right(server: ThreadedServer, document: Path, bursts):
    client = server.client
    text = document.read_text(encoding="utf-8")
    uri = (server.root / f"edit{next(counter)}.flexml").as_uri()
    server.call(open_document, client, uri, text)
    texts = {1: text}
    version = 1
    for burst in bursts:
        for kind, where, length, piece in burst:
            offset = int(where * len(text))
            end = offset if kind == "insert" else min(len(text), offset + length)
            new = "" if kind == "delete" else piece
            # Never split a \r\n pair: LSP positions cannot point between its two characters.
            if 0 < offset < len(text) and text[offset - 1] == "\r" and text[offset] == "\n":
                offset -= 1
            if 0 < end < len(text) and text[end - 1] == "\r" and text[end] == "\n":
                end += 1
            start_position, end_position = utf16_position(text, offset), utf16_position(text, end)
            text = text[:offset] + new + text[end:]
            version += 1
            texts[version] = text
            server.call(client.text_document_did_change, types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[types.TextDocumentContentChangePartial(
                    range=types.Range(start_position, end_position), text=new)]))
        # After each burst the server still answers requests.
        position = utf16_position(text, len(text) // 2)
        server.run(client.text_document_hover_async(types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri), position=position)))
        server.run(client.text_document_completion_async(types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri=uri), position=position)))

    final = server.run(wait_for_diagnostics(client, uri, version))
    assert received_view(final) == lsp_view(text, lint(text, Config()).diagnostics)
    for params in client.published:
        if params.uri == uri:
            published_text = texts[params.version]
            assert received_view(params.diagnostics) == lsp_view(published_text, lint(published_text, Config()).diagnostics)
    server.call(client.text_document_did_close, types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uri)))
