"""Document symbols, folding ranges and document links."""
from __future__ import annotations

import pytest
import pytest_lsp
from lsprotocol import types

from .conftest import CONFIG, RecordingClient, capabilities, initialize, open_document, wait_for_diagnostics

pytestmark = [pytest.mark.asyncio(loop_scope="module"), pytest.mark.timeout(60)]

DOCUMENT = """<Response>
  <Gather action="https://app.example/route?step=1&amp;x=2" numDigits="1">
    <Say>Press 1</Say>
    <Play>https://cdn.example/menu.mp3</Play>
  </Gather>
  <!-- a comment
       over two lines -->
  <Dial action="/dial-done" timeout="20">
    <Number>15162065317</Number>
  </Dial>
  <Start><Stream url="wss://media.example/in"/></Start>
  <Redirect>https://app.example/next</Redirect>
</Response>
"""


@pytest_lsp.fixture(config=CONFIG, scope="module")
async def client(lsp_client: RecordingClient, tmp_path_factory):
    root = tmp_path_factory.mktemp("outline")
    lsp_client.uri = (root / "outline.flexml").as_uri()
    await initialize(lsp_client, root, capabilities(), {"flexml": {"baseUrl": "https://app.example/ivr/"}})
    open_document(lsp_client, lsp_client.uri, DOCUMENT)
    await wait_for_diagnostics(lsp_client, lsp_client.uri, 1)
    yield
    await lsp_client.shutdown_session()


def doc(client):
    return types.TextDocumentIdentifier(uri=client.uri)


async def test_symbols_nest_the_verbs(client):
    symbols = await client.text_document_document_symbol_async(types.DocumentSymbolParams(text_document=doc(client)))
    assert [s.name for s in symbols] == ["Response"]
    response = symbols[0]
    assert [s.name for s in response.children] == ["Gather", "Dial", "Start", "Redirect"]
    gather = response.children[0]
    assert [s.name for s in gather.children] == ["Say", "Play"]
    assert gather.kind == types.SymbolKind.Function
    assert gather.children[0].detail == "Press 1"
    assert gather.range.start == types.Position(1, 2) and gather.range.end == types.Position(4, 11)
    assert gather.selection_range == types.Range(types.Position(1, 3), types.Position(1, 9))
    assert response.children[1].children[0].detail == "15162065317"


async def test_folding_ranges(client):
    ranges = await client.text_document_folding_range_async(types.FoldingRangeParams(text_document=doc(client)))
    spans = {(r.start_line, r.end_line, r.kind) for r in ranges}
    assert (0, 11, None) in spans          # Response, up to the line before </Response>
    assert (1, 3, None) in spans           # Gather
    assert (7, 8, None) in spans           # Dial
    assert (5, 6, types.FoldingRangeKind.Comment) in spans


async def test_links_for_url_valued_attributes_and_text(client):
    links = await client.text_document_document_link_async(types.DocumentLinkParams(text_document=doc(client)))
    targets = {link.target: link for link in links}
    assert "https://app.example/route?step=1&x=2" in targets           # entity decoded
    assert "https://cdn.example/menu.mp3" in targets                   # Play text
    assert "https://app.example/next" in targets                       # Redirect text
    assert "https://app.example/dial-done" in targets                  # relative, resolved on baseUrl
    assert not any(t.startswith("wss:") for t in targets)              # not something an editor opens
    assert not any("15162065317" in t for t in targets)                # a phone number is no URL
    play = targets["https://cdn.example/menu.mp3"]
    assert play.range == types.Range(types.Position(3, 10), types.Position(3, 38))
    assert "Digits" in targets["https://app.example/route?step=1&x=2"].tooltip
