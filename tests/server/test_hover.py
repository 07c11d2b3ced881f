"""Hover: XSD documentation of elements and attributes, callback fields, and rule docs."""
from __future__ import annotations

import pytest
import pytest_lsp
from lsprotocol import types

from flexml_ls.catalog import load
from flexml_ls.rules import RULES

from .conftest import CONFIG, RecordingClient, capabilities, initialize, open_document, wait_for_diagnostics

pytestmark = [pytest.mark.asyncio(loop_scope="module"), pytest.mark.timeout(60)]

DOCUMENT = """<Response>
  <!-- flexml: disable-next-line=FX201 legacy voice -->
  <Say voice="robot">Hi</Say>
  <Gather action="/route" numDigits="1">
    <Say>Press 1</Say>
  </Gather>
  <Start><Stream url="wss://media.example/in"/></Start>
  <Say voice="robot">Again</Say>
</Response>
"""


@pytest_lsp.fixture(config=CONFIG, scope="module")
async def client(lsp_client: RecordingClient, tmp_path_factory):
    root = tmp_path_factory.mktemp("hover")
    lsp_client.uri = (root / "hover.flexml").as_uri()
    await initialize(lsp_client, root, capabilities())
    open_document(lsp_client, lsp_client.uri, DOCUMENT)
    await wait_for_diagnostics(lsp_client, lsp_client.uri, 1)
    yield
    await lsp_client.shutdown_session()


async def hover(client, line: int, needle: str, delta: int = 1) -> types.Hover | None:
    column = DOCUMENT.split("\n")[line].index(needle) + delta
    return await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=client.uri), position=types.Position(line, column)))


async def test_element_hover_shows_xsd_docs_and_flow(client):
    result = await hover(client, 3, "Gather")
    text = result.contents.value
    gather = load().complex_types["GatherType"]
    assert "`<Gather>`" in text
    assert gather.doc in text
    assert "**Flow:**" in text and "otherwise the next verb runs" in text
    assert "`<Say>`" in text and "`<Number>`" not in text
    assert result.range == types.Range(types.Position(3, 3), types.Position(3, 9))


async def test_end_tag_hover(client):
    result = await hover(client, 5, "Gather")
    assert "`<Gather>`" in result.contents.value


async def test_attribute_hover_type_default_values(client):
    text = (await hover(client, 3, "numDigits")).contents.value
    assert "`numDigits` (attribute of `<Gather>`)" in text
    assert "an integer of at least 1" in text
    text = (await hover(client, 4, "Say")).contents.value
    assert "`<Say>`" in text and "**Text:**" in text
    text = (await hover(client, 2, "voice")).contents.value
    assert "**Default:** `man`" in text and "**Values:** `man`, `woman`" in text


async def test_action_hover_lists_the_request_fields(client):
    text = (await hover(client, 3, "action")).contents.value
    catalog = load()
    assert "**Requests to this URL carry:** `Digits`" in text
    for field in catalog.request_fields:
        assert f"`{field}`" in text


async def test_stream_under_start_requires_url(client):
    text = (await hover(client, 6, "url")).contents.value
    assert "**Required**" in text


async def test_hover_on_a_diagnostic_shows_the_rule(client):
    result = await hover(client, 7, "robot")
    text = result.contents.value
    assert "**FX201**" in text
    assert RULES["FX201"].summary() in text
    assert "`voice` (attribute of `<Say>`)" in text        # and the attribute it is on


async def test_hover_on_a_code_in_a_suppression_comment(client):
    result = await hover(client, 1, "FX201", delta=2)
    assert result.contents.value.startswith("### FX201")
    assert result.range == types.Range(types.Position(1, 33), types.Position(1, 38))


async def test_no_hover_on_plain_text(client):
    assert await hover(client, 4, "Press") is None
