"""It never dies: a rule that raises costs only its own diagnostics; a handler that raises is
logged and answered with an empty result; odd requests get sensible answers."""
from __future__ import annotations

import asyncio
import sys

import pytest
from lsprotocol import types
from pytest_lsp import ClientServerConfig

from .conftest import RecordingClient, edit, make_client, open_document, server_session, wait_for_diagnostics

pytestmark = [pytest.mark.asyncio(loop_scope="module"), pytest.mark.timeout(60)]

# The real server, with two faults planted: rule FX401 raises, and so does element hover.
FAULTY = """
import sys
from flexml_ls.rules import RULES
from flexml_ls.server import knowledge
def boom(*args, **kwargs):
    raise RuntimeError("planted failure")
RULES["FX401"].finish = boom
knowledge.element_markdown = boom
from flexml_ls.cli import main
sys.exit(main(["server"]))
"""
DOCUMENT = '<Response>\n  <Say voice="robot">Hi</Say>\n  <Hangup/>\n  <Say>never</Say>\n</Response>\n'


client = server_session("resilience", config=ClientServerConfig(server_command=[sys.executable, "-c", FAULTY],
                                                                client_factory=make_client))


async def test_a_failing_rule_costs_only_its_own_diagnostics(client: RecordingClient):
    uri = (client.root / "faulty.flexml").as_uri()
    open_document(client, uri, DOCUMENT)
    found = await wait_for_diagnostics(client, uri, 1)
    assert [d.code for d in found] == ["FX201"]          # FX401 would be here too, had it not raised
    for _ in range(100):
        # Logged to the client as an error (window/logMessage), with the traceback.
        errors = [m.message for m in client.log_messages if m.type == types.MessageType.Error]
        if any("FX401" in e for e in errors):
            break
        await asyncio.sleep(0.02)
    assert any("rule FX401" in e and "planted failure" in e for e in errors), errors


async def test_a_failing_handler_answers_empty_and_the_server_goes_on(client: RecordingClient):
    uri = (client.root / "faulty.flexml").as_uri()
    hover = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(1, 4)))
    assert hover is None                                  # element hover raised: logged, answered
    hover = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(1, 8)))
    assert "`voice`" in hover.contents.value               # attribute hover still works


async def test_odd_requests_get_sensible_answers(client: RecordingClient):
    uri = (client.root / "faulty.flexml").as_uri()
    unknown = types.TextDocumentIdentifier(uri=(client.root / "nowhere.flexml").as_uri())
    # Changes to documents never opened, positions past the end, a range running backwards.
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=unknown.uri, version=7),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text="<Response/>")]))
    edit(client, uri, 2, (99, 5), (120, 0), "<Bogus/>")
    edit(client, uri, 3, (1, 40), (1, 2), "")
    found = await wait_for_diagnostics(client, uri, 3)
    assert isinstance(found, list)
    assert await client.text_document_hover_async(types.HoverParams(
        text_document=unknown, position=types.Position(0, 0))) is None
    completion = await client.text_document_completion_async(types.CompletionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(500, 500)))
    assert completion is not None
    symbols = await client.text_document_document_symbol_async(types.DocumentSymbolParams(text_document=unknown))
    assert symbols == [] or symbols is None
