"""Hover: XSD documentation of elements and attributes, callback fields, and rule docs."""
from __future__ import annotations

import pytest
import pytest_lsp
from lsprotocol import types

from flexml_ls.catalog import load
from flexml_ls.config import Config
from flexml_ls.engine import lint
from flexml_ls.rules import RULES
from flexml_ls.server.convert import rule_href
from flexml_ls.server.hover import SEPARATOR, shows_diagnostics_in_hover

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
  <Say voice="Woman">Bye</Say>
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
    diagnostic, attribute = text.split(SEPARATOR)[:2]
    # A client that does not show the diagnostic itself (pytest-lsp, Neovim) gets its message first,
    # then the rule's one line and a link to its page: a few lines, not the rule's whole page.
    message = next(d.message for d in lint(DOCUMENT, Config()).diagnostics if d.line == 8 and d.code == "FX201")
    assert diagnostic.split("  \n") == [
        f"**FX201** {message}",
        f"`invalid-value`: {RULES['FX201'].summary()}",
        f"[FX201 documentation]({rule_href('FX201', None)})",
    ]
    assert "## What it checks" not in text
    assert attribute.startswith("### `voice` (attribute of `<Say>`)")    # and the attribute it is on


async def test_hover_on_a_fixable_diagnostic_names_the_fix(client):
    text = (await hover(client, 8, "Woman")).contents.value
    lines = text.split(SEPARATOR)[0].split("  \n")
    assert lines[0].startswith("**FX202** ")
    assert lines[2] == "Fix: Change to `woman` (safe: also in *Fix all*)"
    assert len(lines) == 4


@pytest_lsp.fixture(config=CONFIG, scope="module")
async def vscode(lsp_client: RecordingClient, tmp_path_factory):
    """A client that calls itself VS Code, which shows a diagnostic's message above the hover."""
    root = tmp_path_factory.mktemp("hover-vscode")
    lsp_client.uri = (root / "hover.flexml").as_uri()
    await lsp_client.initialize_session(types.InitializeParams(
        capabilities=capabilities(), root_uri=root.as_uri(),
        client_info=types.ClientInfo(name="Visual Studio Code", version="1.91.0")))
    open_document(lsp_client, lsp_client.uri, DOCUMENT)
    await wait_for_diagnostics(lsp_client, lsp_client.uri, 1)
    yield
    await lsp_client.shutdown_session()


async def test_vscode_gets_the_rule_without_the_message_it_already_shows(vscode):
    text = (await hover(vscode, 7, "robot")).contents.value
    diagnostic = text.split(SEPARATOR)[0]
    assert diagnostic.split("  \n") == [
        f"**FX201** `invalid-value`: {RULES['FX201'].summary()}",
        f"[FX201 documentation]({rule_href('FX201', None)})",
    ]
    assert "robot" not in diagnostic


async def test_which_clients_show_diagnostics_in_hover():
    for name in ("Visual Studio Code", "Visual Studio Code - Insiders", "VSCodium", "code-server", "Code - OSS"):
        assert shows_diagnostics_in_hover(name), name
    for name in ("Neovim", "pytest-lsp", "helix", "", "Sublime Text LSP"):
        assert not shows_diagnostics_in_hover(name), name


async def test_hover_on_a_code_in_a_suppression_comment(client):
    result = await hover(client, 1, "FX201", delta=2)
    assert result.contents.value.startswith("### FX201")
    assert result.range == types.Range(types.Position(1, 33), types.Position(1, 38))


async def test_no_hover_on_plain_text(client):
    assert await hover(client, 4, "Press") is None
