"""Columns in the client's unit: UTF-16 by default, UTF-8 when offered; emoji and U+2028 in text.

pygls's own document model splits lines at U+2028 (str.splitlines); the server must not.
"""
from __future__ import annotations

import pytest
import pytest_lsp
from lsprotocol import types

from .conftest import CONFIG, RecordingClient, capabilities, edit, initialize, open_document, wait_for_diagnostics

pytestmark = [pytest.mark.asyncio(loop_scope="module"), pytest.mark.timeout(60)]

LINE = '  <Say>😀 a\u2028b\u2029c\u0085d</Say><Say voice="robot">y</Say>'
DOCUMENT = f"<Response>\n{LINE}\n</Response>\n"
CP = LINE.index("robot")


def units(text: str, encoding: str) -> int:
    return len(text.encode("utf-16-le")) // 2 if encoding == "utf-16" else len(text.encode("utf-8"))


async def start(client: RecordingClient, root, encodings):
    client.root = root
    result = await initialize(client, root, capabilities(encodings=encodings))
    client.encoding = result.capabilities.position_encoding


@pytest_lsp.fixture(config=CONFIG, scope="module")
async def utf16(lsp_client: RecordingClient, tmp_path_factory):
    await start(lsp_client, tmp_path_factory.mktemp("utf16"), None)
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=CONFIG, scope="module")
async def utf8(lsp_client: RecordingClient, tmp_path_factory):
    await start(lsp_client, tmp_path_factory.mktemp("utf8"), ["utf-8", "utf-16"])
    yield
    await lsp_client.shutdown_session()


async def check(client: RecordingClient, encoding: str):
    assert client.encoding == encoding
    uri = (client.root / "enc.flexml").as_uri()
    open_document(client, uri, DOCUMENT)
    found = await wait_for_diagnostics(client, uri, 1)
    assert [d.code for d in found] == ["FX201"]
    start = units(LINE[:CP], encoding)
    assert start != CP                                   # the test means something
    assert found[0].range == types.Range(types.Position(1, start), types.Position(1, start + 5))

    # An edit after U+2028 on the same line, in the client's unit: fixes the value.
    edit(client, uri, 2, (1, start), (1, start + 5), "woman")
    assert await wait_for_diagnostics(client, uri, 2) == []
    # An edit on the line after: lands there, not one line off.
    edit(client, uri, 3, (2, 0), (2, 0), "<Bogus/>")
    found = await wait_for_diagnostics(client, uri, 3)
    assert [(d.range.start.line, d.range.start.character) for d in found] == [(2, 1)]

    # Hover and completion positions use the same unit.
    hover = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(1, start - 4)))
    assert "`voice`" in hover.contents.value
    assert hover.range.start == types.Position(1, start - len('voice="'))


async def test_utf16_columns(utf16: RecordingClient):
    await check(utf16, "utf-16")


async def test_utf8_columns(utf8: RecordingClient):
    await check(utf8, "utf-8")
