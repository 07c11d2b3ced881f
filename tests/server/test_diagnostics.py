"""Diagnostics over LSP: the engine's findings, pushed as the document changes, and pulled."""
from __future__ import annotations

import asyncio

import pytest
from lsprotocol import types

from flexml_ls.config import Config
from flexml_ls.engine import lint

from .conftest import (RecordingClient, edit, open_document, replace_all, server_session,
                       wait_for_diagnostics)

pytestmark = [pytest.mark.asyncio(loop_scope="module"), pytest.mark.timeout(60)]

BROKEN = """<Response>
  <Say voice="robot">Hello</Say>
  <Hangup/>
  <Play>https://example.com/a.mp3</Play>
</Response>
"""


client = server_session("workspace", options={"flexml": {"debounce": 150}})


def codes(diagnostics):
    return sorted(d.code for d in diagnostics)


async def test_diagnostics_appear_and_clear(client: RecordingClient):
    uri = (client.root / "call.flexml").as_uri()
    open_document(client, uri, BROKEN)
    found = await wait_for_diagnostics(client, uri, 1)
    assert codes(found) == ["FX201", "FX401"]
    bad_value = next(d for d in found if d.code == "FX201")
    # The range is the attribute value, exactly.
    assert bad_value.range == types.Range(types.Position(1, 14), types.Position(1, 19))
    assert bad_value.severity == types.DiagnosticSeverity.Error
    assert bad_value.source == "flexml"
    assert bad_value.code_description is not None and bad_value.code_description.href.startswith("file:")
    unreachable = next(d for d in found if d.code == "FX401")
    assert unreachable.severity == types.DiagnosticSeverity.Warning
    assert list(unreachable.tags) == [types.DiagnosticTag.Unnecessary]
    assert unreachable.range == types.Range(types.Position(3, 3), types.Position(3, 7))

    edit(client, uri, 2, (1, 14), (1, 19), "woman")           # fix the value
    assert codes(await wait_for_diagnostics(client, uri, 2)) == ["FX401"]
    edit(client, uri, 3, (2, 0), (3, 0), "")                  # drop <Hangup/>
    assert await wait_for_diagnostics(client, uri, 3) == []

    unknown = "<Response><Say>hi</Say><Bogus/></Response>"
    replace_all(client, uri, 4, unknown)
    found = await wait_for_diagnostics(client, uri, 4)
    assert found and codes(found) == sorted(d.code for d in lint(unknown, Config()).diagnostics)
    assert found[0].range == types.Range(types.Position(0, 24), types.Position(0, 29))  # the tag name


async def test_same_diagnostics_as_the_engine(client: RecordingClient):
    uri = (client.root / "same.flexml").as_uri()
    text = BROKEN.replace("<Hangup/>", '<Gather numDigits="0" finishOnkey="#"><Number>1</Number></Gather>')
    open_document(client, uri, text)
    found = await wait_for_diagnostics(client, uri, 1)
    expected = lint(text, Config()).diagnostics
    assert [(d.code, d.message, d.range.start.line, d.range.start.character) for d in found] == \
        [(d.code, d.message, d.line - 1, d.column - 1) for d in expected]


async def test_a_burst_of_edits_publishes_only_the_last_version(client: RecordingClient):
    uri = (client.root / "burst.flexml").as_uri()
    open_document(client, uri, "<Response>\n</Response>\n")
    await wait_for_diagnostics(client, uri, 1)
    before = len(client.published)
    text = "<Response>\n"
    for version, char in enumerate("<Say>hi</Sy>", start=2):
        edit(client, uri, version, (1, len(text) - len("<Response>\n")), (1, len(text) - len("<Response>\n")), char)
        text += char
    last = 1 + len("<Say>hi</Sy>")
    found = await wait_for_diagnostics(client, uri, last)
    assert codes(found) == ["FX001"]
    versions = [p.version for p in client.published[before:] if p.uri == uri]
    assert versions == [last], versions  # the keystrokes were coalesced; nothing stale was published


async def test_other_xml_gets_nothing_but_a_response_root_attaches(client: RecordingClient):
    other = (client.root / "pom.xml").as_uri()
    open_document(client, other, "<project><Say voice='robot'/></project>", language_id="xml")
    flexml = (client.root / "answer.xml").as_uri()
    open_document(client, flexml, "<?xml version='1.0'?>\n<Response><Say voice='robot'/></Response>",
                  language_id="xml")
    assert codes(await wait_for_diagnostics(client, flexml, 1)) == ["FX201"]
    assert not any(p.uri == other for p in client.published)
    # Completion and hover stay silent outside FlexML too.
    completion = await client.text_document_completion_async(types.CompletionParams(
        text_document=types.TextDocumentIdentifier(uri=other), position=types.Position(0, 9)))
    assert completion is None or not (completion.items if hasattr(completion, "items") else completion)


async def test_closing_clears(client: RecordingClient):
    uri = (client.root / "closing.flexml").as_uri()
    open_document(client, uri, BROKEN)
    assert await wait_for_diagnostics(client, uri, 1)
    client.text_document_did_close(types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uri)))
    for _ in range(500):
        if client.published[-1].uri == uri and not client.published[-1].diagnostics:
            break
        await asyncio.sleep(0.02)
    assert client.published[-1].uri == uri and not client.published[-1].diagnostics
