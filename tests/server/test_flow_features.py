"""The call flow in the editor: FX501 as you type when the project's routes are known (silent
otherwise), go to definition and document links to the template or view serving a URL, and hover on
a URL with its route, method and the fields CarrierX sends."""
from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types

from .conftest import open_document, position_of, server_session, wait_for_diagnostics

pytestmark = [pytest.mark.asyncio(loop_scope="module"), pytest.mark.timeout(60)]

client = server_session("flowfeatures")
APP = '''from flask import Flask, render_template

app = Flask(__name__)


@app.post("/ivr/welcome")
def welcome():
    return render_template("welcome.flexml.xml")


@app.post("/ivr/menu")
def menu():
    return render_template("menu.flexml.xml")
'''
WELCOME = '''<Response>
  <Gather action="/ivr/m|enu" numDigits="1"><Say>Press 1.</Say></Gather>
  <Redirect>/ivr/nowhere</Redirect>
</Response>
'''


def project(client) -> Path:
    root = client.root / "app"
    if not root.exists():
        (root / "templates").mkdir(parents=True)
        (root / "pyproject.toml").write_text("[tool.flexml.flow]\nstart = \"/ivr/welcome\"\n")
        (root / "app.py").write_text(APP)
        (root / "templates" / "menu.flexml.xml").write_text("<Response><Hangup/></Response>\n")
    return root


def opened(client, text: str, name: str = "welcome.flexml.xml") -> str:
    path = project(client) / "templates" / name
    path.write_text(text)
    uri = path.as_uri()
    open_document(client, uri, text)
    return uri


async def test_fx501_as_you_type(client):
    text, _, _ = position_of(WELCOME)
    uri = opened(client, text)
    diagnostics = await wait_for_diagnostics(client, uri, 1)
    assert [(d.code, d.range.start.line, d.range.start.character, d.range.end.character, d.message)
            for d in diagnostics] == [("FX501", 2, 12, 24, "`<Redirect>` sends the call to `/ivr/nowhere`, but no "
                                       "route, template or file serves it")]


async def test_silent_without_routes(client):
    plain = client.root / "plain"
    plain.mkdir()
    (plain / "pyproject.toml").write_text("[tool.flexml]\n")
    path = plain / "doc.flexml"
    text = "<Response><Redirect>/nowhere</Redirect></Response>\n"
    path.write_text(text)
    open_document(client, path.as_uri(), text)
    assert await wait_for_diagnostics(client, path.as_uri(), 1) == []


async def test_definition_hover_and_links(client):
    text, line, character = position_of(WELCOME)
    uri = opened(client, text, "welcome2.flexml.xml")
    position = types.Position(line, character)
    locations = await client.text_document_definition_async(types.DefinitionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=position))
    assert [(loc.uri, loc.range.start.line) for loc in locations] == [
        ((project(client) / "templates" / "menu.flexml.xml").resolve().as_uri(), 0)]
    hover = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=position))
    assert "Route `/ivr/menu`" in hover.contents.value and "served by `menu` in app.py:12" in hover.contents.value
    assert "CarrierX sends `Digits`, plus the standard fields `AccountSid`" in hover.contents.value
    links = await client.text_document_document_link_async(types.DocumentLinkParams(
        text_document=types.TextDocumentIdentifier(uri=uri)))
    menu = [link for link in links if link.range.start.line == 1]
    assert [(link.target, link.range.start.character, link.range.end.character) for link in menu] == [
        ((project(client) / "templates" / "menu.flexml.xml").resolve().as_uri(), 18, 27)]


async def test_fx501_follows_the_rule_selection(client):
    root = client.root / "ignoring"
    (root / "templates").mkdir(parents=True)
    (root / "pyproject.toml").write_text('[tool.flexml]\nignore = ["FX501"]\n')
    (root / "app.py").write_text(APP)
    path = root / "templates" / "welcome.flexml.xml"
    text = "<Response><Redirect>/ivr/nowhere</Redirect></Response>\n"
    path.write_text(text)
    open_document(client, path.as_uri(), text)
    assert await wait_for_diagnostics(client, path.as_uri(), 1) == []


async def test_show_call_flow_command(client):
    uri = opened(client, "<Response><Gather action=\"/ivr/menu\" numDigits=\"1\"/><Hangup/></Response>\n")
    answer = await client.workspace_execute_command_async(types.ExecuteCommandParams(
        command="flexml.callFlow", arguments=[uri]))
    assert answer["start"] == "/ivr/welcome" and answer["markdown"].startswith("```mermaid\nflowchart LR\n")
    assert '-- "Gather action: digits" -->' in answer["mermaid"]
    nowhere = await client.workspace_execute_command_async(types.ExecuteCommandParams(
        command="flexml.callFlow", arguments=[(client.root / "nothing" / "x.flexml").as_uri()]))
    assert nowhere is None
