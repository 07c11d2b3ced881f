"""The language server on Django and Jinja2 templates: diagnostics at exact UTF-16 positions,
completion, hover, quick fixes and symbols from the literal text, nothing inside `{{ }}`/`{% %}`."""
from __future__ import annotations

import pytest
from lsprotocol import types

from .conftest import open_document, position_of, server_session, wait_for_diagnostics

pytestmark = [pytest.mark.asyncio(loop_scope="module"), pytest.mark.timeout(60)]

client = server_session("templates")

TEMPLATE = """<Response>
  {% if error %}<Hangup/>{% endif %}
  <Say voice="{{ voice }}">Héllo 👋 {{ name }}</Say>
  {% if transfer %}<Pase length="2"/>{% else %}<Say>👋</Say><Say loop="x">Bye</Say>{% endif %}
</Response>
"""


def uri_of(client, name: str) -> str:
    return (client.root / name).as_uri()


async def test_template_diagnostics_at_exact_positions(client):
    uri = uri_of(client, "menu.flexml.j2")
    open_document(client, uri, TEMPLATE, language_id="jinja")
    diagnostics = await wait_for_diagnostics(client, uri, 1)
    found = sorted((d.code, d.range.start.line, d.range.start.character, d.range.end.character) for d in diagnostics)
    line = TEMPLATE.split("\n")[3]
    value = line.index('"x"') + 1 + 1      # (+1: 👋 before it is two UTF-16 code units)
    assert found == [("FX102", 3, 20, 24), ("FX201", 3, value, value + 1)]


async def test_quick_fix_in_a_template_edits_literal_text(client):
    uri = uri_of(client, "fix.flexml")
    open_document(client, uri, TEMPLATE)
    diagnostics = await wait_for_diagnostics(client, uri, 1)
    [unknown] = [d for d in diagnostics if d.code == "FX102"]
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), range=unknown.range,
        context=types.CodeActionContext(diagnostics=[unknown])))
    titles = [action.title for action in actions]
    assert "Rename to `Pause` (FX102)" in titles


async def complete(client, marked: str, name: str) -> list[str]:
    text, line, column = position_of(marked)
    uri = uri_of(client, name)
    open_document(client, uri, text)
    result = await client.text_document_completion_async(types.CompletionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line, column)))
    items = result.items if isinstance(result, types.CompletionList) else (result or [])
    return [item.label for item in items]


async def test_completion_in_literal_text_of_a_branch(client):
    labels = await complete(client, '<Response>\n  {% if a %}<Gather>{% endif %}<|\n</Response>\n', "c1.flexml")
    assert "Say" in labels


async def test_attribute_completion_beside_template_syntax(client):
    labels = await complete(client, '<Response>\n  <Say voice="{{ v }}" |>Hi</Say>\n</Response>\n', "c2.flexml")
    assert "loop" in labels and "voice" not in labels


async def test_nothing_is_offered_inside_template_syntax(client):
    assert await complete(client, '<Response>\n  <Say voice="{{ v| }}">Hi</Say>\n</Response>\n', "c3.flexml") == []
    assert await complete(client, '<Response>\n  {% if <| %}{% endif %}\n</Response>\n', "c4.flexml") == []


async def test_hover_on_literal_text_and_not_in_template_syntax(client):
    uri = uri_of(client, "hover.flexml")
    text = '<Response>\n  {% if a %}<Say voice="{{ v }}">Hi</Say>{% endif %}\n</Response>\n'
    open_document(client, uri, text)
    line = text.split("\n")[1]
    found = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(1, line.index("Say") + 1)))
    assert found is not None and "`<Say>`" in found.contents.value
    found = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(1, line.index("if") + 1)))
    assert found is None


async def test_symbols_of_every_branch(client):
    uri = uri_of(client, "symbols.flexml")
    open_document(client, uri, TEMPLATE)
    symbols = await client.text_document_document_symbol_async(types.DocumentSymbolParams(
        text_document=types.TextDocumentIdentifier(uri=uri)))
    names = []

    def walk(items):
        for item in items:
            names.append(item.name)
            walk(item.children or [])
    walk(symbols)
    assert any(name.startswith("Hangup") for name in names) and sum(name.startswith("Say") for name in names) == 3


async def test_a_template_extending_a_response_is_flexml_whatever_its_name(client):
    (client.root / "layouts").mkdir(exist_ok=True)
    (client.root / "layouts" / "base.xml").write_text("<Response>\n  {% block verbs %}{% endblock %}\n</Response>\n")
    uri = uri_of(client, "layouts/child.xml")
    text = '{% extends "base.xml" %}\n{% block verbs %}<Say loop="x">Hi</Say>{% endblock %}\n'
    open_document(client, uri, text, language_id="xml")
    diagnostics = await wait_for_diagnostics(client, uri, 1)
    assert [(d.code, d.range.start.line, d.range.start.character) for d in diagnostics] == [("FX201", 1, 28)]
