"""The language server on JSON call flows and call requests: diagnostics, completion of module names
and fields, hover from the schemas' descriptions, the safe fix; other JSON is left alone."""
from __future__ import annotations

import asyncio

import pytest
from lsprotocol import types

from .conftest import new_uri, open_document, position_of, server_session, wait_for_diagnostics

pytestmark = [pytest.mark.asyncio(loop_scope="module"), pytest.mark.timeout(60)]

client = server_session("callflow")
UUID = "9f1c2a3b-4d5e-4f60-8a7b-1c2d3e4f5a6b"
FLOW = """{
  "extension": 501,
  "name": "Front desk",
  "flow": {
    "begin": {"module": "start", "next": "hello"},
    "hello": {"module": "Play", "sound": "%s", "next": "gone"}
  }
}
""" % UUID


def json_uri(client, name: str) -> str:
    return (client.root / name).as_uri()


async def test_diagnostics_and_the_safe_fix(client):
    uri = json_uri(client, "desk.callflow.json")
    open_document(client, uri, FLOW, language_id="json")
    diagnostics = await wait_for_diagnostics(client, uri, 1)
    assert [(d.code, d.range.start.line, d.range.start.character, d.range.end.character) for d in diagnostics] == [
        ("FX602", 5, 24, 30), ("FX611", 5, 89, 95)]
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), range=diagnostics[0].range,
        context=types.CodeActionContext(diagnostics=[diagnostics[0]])))
    assert [a.title for a in actions] == ["Spell it `play` (FX602)", "Fix all safe flexml problems (1)"]
    fixes = actions[:1]
    edit = fixes[0].edit.document_changes[0].edits[0]
    assert (edit.new_text, edit.range.start.character, edit.range.end.character) == ('"play"', 24, 30)


async def test_a_request_is_checked_and_other_json_is_not(client):
    uri = json_uri(client, "call.json")
    open_document(client, uri, '{"calling_did": "15162065319", "called_did": "+1"}', language_id="json")
    assert [(d.code, d.range.start.character) for d in await wait_for_diagnostics(client, uri, 1)] == [("FX703", 45)]
    other = json_uri(client, "package.json")
    open_document(client, other, '{"name": "x", "version": 1,}', language_id="json")
    await asyncio.sleep(0.5)
    assert all(p.uri != other or not p.diagnostics for p in client.published)


async def complete(client, uri: str, text: str) -> list[types.CompletionItem]:
    text, line, column = position_of(text)
    client.count += 1
    open_document(client, uri, text, language_id="json")
    result = await client.text_document_completion_async(types.CompletionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line, column)))
    return result.items


async def test_completion_of_module_names_fields_and_keys(client):
    items = await complete(client, json_uri(client, "a.callflow.json"),
                           '{"flow": {"a": {"module": "pl|"}, "b": {"module": "busy"}}}')
    play = next(item for item in items if item.label == "play")
    assert play.text_edit.new_text == '"play"' and play.documentation.value == "Plays a sound to the caller."
    assert [item.label for item in items][:3] == ["start", "recording", "musiconhold"] and len(items) == 13
    items = await complete(client, json_uri(client, "b.callflow.json"),
                           '{"flow": {"a": {"module": "play", "|"}, "b": {"module": "busy"}}}')
    assert [item.label for item in items] == ["sound", "next"]
    assert items[0].detail == "a UUID (8-4-4-4-12 hexadecimal digits)"
    items = await complete(client, json_uri(client, "c.callflow.json"),
                           '{"flow": {"a": {"module": "play", "next": "|"}, "b": {"module": "busy"}}}')
    assert [(item.label, item.kind) for item in items] == [("b", types.CompletionItemKind.Reference)]


async def test_hover_shows_the_schema_description(client):
    uri = json_uri(client, "hover.callflow.json")
    text, line, column = position_of(FLOW.replace('"sound"', '"so|und"'))
    open_document(client, uri, text, language_id="json")
    await wait_for_diagnostics(client, uri, 1)
    hover = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line, column)))
    assert hover.contents.value.startswith("**sound** (`play` module) — a UUID")
    assert "The UUID of the sound to play." in hover.contents.value
    assert (hover.range.start.character, hover.range.end.character) == (32, 39)


async def test_outline_lists_the_modules(client):
    uri = json_uri(client, "outline.callflow.json")
    open_document(client, uri, FLOW, language_id="json")
    await wait_for_diagnostics(client, uri, 1)
    symbols = await client.text_document_document_symbol_async(types.DocumentSymbolParams(
        text_document=types.TextDocumentIdentifier(uri=uri)))
    assert [(s.name, s.detail, s.range.start.line) for s in symbols] == [("flow", "Front desk", 3)]
    assert [(m.name, m.detail, m.selection_range.start.character) for m in symbols[0].children] == [
        ("begin", "start", 4), ("hello", "Play", 4)]


async def test_definition_goes_from_a_reference_to_its_module(client):
    uri = json_uri(client, "definition.callflow.json")
    text, line, column = position_of(FLOW.replace('"next": "hello"', '"next": "hel|lo"'))
    open_document(client, uri, text, language_id="json")
    await wait_for_diagnostics(client, uri, 1)
    found = await client.text_document_definition_async(types.DefinitionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line, column)))
    assert [(f.uri, f.range.start.line, f.range.start.character, f.range.end.character) for f in found] == [
        (uri, 5, 4, 11)]
