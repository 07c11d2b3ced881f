"""Issue 14, in the language server: every request is answered (a result or a JSON-RPC error, whatever
its params), fix-all never removes text it does not own and leaves diagnostics of the fixed text, and
edits that split a UTF-16 surrogate pair keep the server's text equal to the editor's."""
from __future__ import annotations

import json
import random
import re
import subprocess
import sys
from types import SimpleNamespace

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lsprotocol import types

from flexml_ls.config import Config
from flexml_ls.engine import lint
from flexml_ls.server.documents import UTF16, OpenDocument
from flexml_ls.source import LineIndex

from .conftest import (apply_text_edits, edits_of, new_uri, open_document, replace_all, server_session,
                       wait_for_diagnostics)
from .test_edit_properties import received_view

pytestmark = pytest.mark.timeout(90)
ROOT = Path(__file__).resolve().parent.parent.parent
in_session = pytest.mark.asyncio(loop_scope="module")


def lsp_view(text: str, diagnostics) -> list[tuple]:
    """What the server must publish for `text`: UTF-16 positions, a lone surrogate one unit."""
    lines = LineIndex(text)

    def position(offset: int) -> types.Position:
        line, column = lines.position(offset)
        return types.Position(line, len(text[offset - column:offset].encode("utf-16-le", "surrogatepass")) // 2)
    return [(d.code, d.message, position(d.start), position(d.end)) for d in diagnostics]


# -- 8. every request answered -----------------------------------------------------------------------------

def frame(message: dict) -> bytes:
    body = json.dumps(message).encode("utf-8")
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def answers(output: bytes) -> dict:
    """The responses in the server's output, by request id (a list: each id must come once)."""
    found: dict = {}
    for body in re.split(rb"Content-Length: \d+\r\n(?:Content-Type: [^\r]*\r\n)?\r\n", output)[1:]:
        message = json.loads(body)
        if "id" in message and "method" not in message:
            found.setdefault(message["id"], []).append(message)
    return found


URI = "file:///nowhere/requests.flexml"
DOCUMENT_ID = {"uri": URI}
POSITIONS = [{"line": 10**12, "character": 0}, {"line": 0, "character": 10**12}, {"line": -1, "character": 0},
             {"line": "1", "character": 0}, {"line": None, "character": None}, {}, [], 2**31 - 1]
RANGES = [{"start": position, "end": position} for position in POSITIONS] + [None, "x"]
BAD_PARAMS = {
    "textDocument/hover": [{"textDocument": DOCUMENT_ID, "position": p} for p in POSITIONS],
    "textDocument/completion": [{"textDocument": DOCUMENT_ID, "position": p} for p in POSITIONS],
    "textDocument/codeAction": [{"textDocument": DOCUMENT_ID, "range": r, "context": {"diagnostics": []}}
                                for r in RANGES] + [{"textDocument": DOCUMENT_ID, "range": RANGES[0], "context": 3}],
    "textDocument/documentSymbol": [{"textDocument": None}, {"textDocument": {"uri": 7}}],
    "textDocument/foldingRange": [{"textDocument": []}],
    "textDocument/documentLink": [{"textDocument": "x"}],
    "textDocument/diagnostic": [{"textDocument": None}, {"textDocument": DOCUMENT_ID, "previousResultId": 5}],
    "textDocument/definition": [{"textDocument": DOCUMENT_ID, "position": p} for p in POSITIONS],
    "workspace/executeCommand": [{"command": command, "arguments": arguments}
                                 for command in ("flexml.callFlow", "no.such.command")
                                 for arguments in (None, [], [None], [7], "x", [URI], [{"uri": URI}], [URI, URI])],
}
# The same requests about a template and a JSON call flow (each takes its own path in the server).
OTHER_DOCUMENTS = {"file:///nowhere/requests.flexml.j2": '<Response>\n  {% if x %}<HangUp/>{% endif %}{{ y }}\n</Response>\n',
                   "file:///nowhere/requests.callflow.json": '{"extension": 1, "name": "n",\n "flow": {"a": {"module": "Start"}}}\n'}


def random_json(rng: random.Random, depth: int = 0):
    """A JSON value shaped a little like LSP params (their keys, odd values)."""
    kinds = ["null", "int", "big", "string", "bool", "list", "dict"] if depth < 3 else ["null", "int", "string"]
    kind = rng.choice(kinds)
    if kind == "int":
        return rng.randint(-3, 40)
    if kind == "big":
        return rng.choice([2**31, 2**53, 10**12, -(2**31)])
    if kind == "string":
        return rng.choice(["", "x", URI, "file:///", "\u0000", "😀"])
    if kind == "bool":
        return rng.random() < 0.5
    if kind == "list":
        return [random_json(rng, depth + 1) for _ in range(rng.randint(0, 2))]
    if kind == "dict":
        keys = ["textDocument", "position", "range", "context", "uri", "line", "character", "start", "end",
                "diagnostics", "only", "previousResultId"]
        return {key: random_json(rng, depth + 1) for key in rng.sample(keys, rng.randint(0, 4))}
    return None


def test_every_request_is_answered_whatever_its_params():
    requests = []
    for method, variants in BAD_PARAMS.items():
        for params in [None, [], {}, "text", 12, *variants]:
            requests.append({"jsonrpc": "2.0", "id": 100 + len(requests), "method": method, "params": params})
        requests.append({"jsonrpc": "2.0", "id": 100 + len(requests), "method": method})   # no params at all
        for uri in OTHER_DOCUMENTS:
            for params in variants:
                params = json.loads(json.dumps(params).replace(URI, uri))
                requests.append({"jsonrpc": "2.0", "id": 100 + len(requests), "method": method, "params": params})
    rng = random.Random(14)
    for _ in range(300):  # and random ones, of the right shape or not
        params = random_json(rng)
        if rng.random() < 0.5:
            params = {"textDocument": DOCUMENT_ID, "position": {"line": rng.randint(0, 3), "character": random_json(rng)},
                      "range": {"start": {"line": 0, "character": 0}, "end": random_json(rng)},
                      "context": {"diagnostics": random_json(rng)}}
        requests.append({"jsonrpc": "2.0", "id": 100 + len(requests), "method": rng.choice(list(BAD_PARAMS)),
                         "params": params})
    messages = [
        {"jsonrpc": "2.0", "id": 4, "method": "initialize", "params": None},
        {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"processId": None, "rootUri": None,
                                                                       "capabilities": {}}},
        {"jsonrpc": "2.0", "method": "initialized", "params": {}},
        {"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": URI, "languageId": "flexml", "version": 1, "text": "<Response>\n  <HangUp/>\n</Response>\n"}}},
        *[{"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": uri, "languageId": "flexml", "version": 1, "text": text}}} for uri, text in OTHER_DOCUMENTS.items()],
        {"jsonrpc": "2.0", "method": "textDocument/didChange", "params": None},      # a notification: no answer
        {"jsonrpc": "2.0", "id": 5, "method": "textDocument/didClose", "params": {"textDocument": {"uri": "x"}}},
        {"jsonrpc": "2.0", "id": 6, "method": "no/such/method", "params": None},
        *requests,
        {"jsonrpc": "2.0", "id": 2, "method": "textDocument/hover", "params": {
            "textDocument": DOCUMENT_ID, "position": {"line": 1, "character": 4}}},  # still serving
        {"jsonrpc": "2.0", "id": 3, "method": "shutdown"},
        {"jsonrpc": "2.0", "method": "exit"},
    ]
    result = subprocess.run([sys.executable, "-m", "flexml_ls", "server"], input=b"".join(map(frame, messages)),
                            capture_output=True, timeout=60)
    assert result.returncode == 0, result.stderr.decode()[-2000:]
    found = answers(result.stdout)
    assert sorted(found) == sorted([1, 2, 3, 4, 5, 6] + [request["id"] for request in requests])
    assert [found[each][0]["error"]["code"] for each in (4, 5, 6)] == [-32602, -32600, -32601]
    assert all(len(each) == 1 for each in found.values())
    for request in requests:
        answer = found[request["id"]][0]
        assert "result" in answer or answer["error"]["code"] == -32602, (request, answer)
    # The reproducer: null params, a position of 10^12.
    assert found[requests[0]["id"]][0]["error"] == {"code": -32602, "message": "Invalid params for textDocument/hover"}
    assert "Hangup" in found[2][0]["result"]["contents"]["value"]


# -- 1 and 2 in the editor: fix-all ----------------------------------------------------------------------

client = server_session("requests")


async def fix_all(client, text: str, suffix: str = ".flexml"):
    uri = new_uri(client, "fix").replace(".flexml", suffix)
    open_document(client, uri, text)
    await wait_for_diagnostics(client, uri, 1)
    end = types.Position(text.count("\n") + 1, 0)
    found = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), range=types.Range(types.Position(0, 0), end),
        context=types.CodeActionContext(diagnostics=[], only=["source.fixAll"])))
    return uri, found or []


@in_session
@pytest.mark.parametrize("suffix, text", [
    (".flexml", '<Response>\n  <!-- flexml: disable-next-line=FX201 templated --/>\n  <Say loop="2">Hi</Say>\n</Response>\n'),
    (".flexml.j2", '<Response>\n  <!-- flexml: disable-next-line=FX201 templated --/>\n  <Say loop="{{ n }}">Hi</Say>\n'
                   '</Response>\n'),
    (".flexml.j2", '<Response>\n  {# flexml: disable-next-line=FX201 templated #\n  <Say loop="2">Hi</Say>\n</Response>\n'),
])
async def test_fix_all_offers_nothing_for_a_broken_suppression_comment(client, suffix, text):
    _, found = await fix_all(client, text, suffix)
    assert found == []


@in_session
@pytest.mark.parametrize("text", [
    "<RESPONSE>\n  <Hangup/>\n</Response>\n",
    "<Response>\n  <HangUp/>\n</Response>\n",
    '<Response>\n  <Record fileFormat="mp3" PLAYBEEP="true"/>\n'
    '  <!-- flexml: disable-next-line=FX201 legacy -->\n  <Say loop="x">Hi</Say>\n</Response>\n',
])
async def test_after_fix_all_the_diagnostics_are_those_of_the_fixed_text(client, text):
    uri, found = await fix_all(client, text)
    assert [action.kind for action in found] == ["source.fixAll.flexml"]
    fixed = apply_text_edits(text, edits_of(found[0], uri))
    replace_all(client, uri, 2, fixed)
    published = await wait_for_diagnostics(client, uri, 2)
    assert received_view(published) == lsp_view(fixed, lint(fixed, Config()).diagnostics) == []


CALL_FLOW = (ROOT / "fixtures/callflows/FX602/capitalised-play.callflow.json").read_text()


@in_session
@pytest.mark.parametrize("suffix, text, fixed", [
    (".flexml.j2", "<RESPONSE>\n  {% if x %}<HangUp/>{% endif %}\n  <Say>{{ y }}</Say>\n</Response>\n",
     "<Response>\n  {% if x %}<Hangup/>{% endif %}\n  <Say>{{ y }}</Say>\n</Response>\n"),
    (".callflow.json", CALL_FLOW, CALL_FLOW.replace('"Play"', '"play"')),
])
async def test_fix_all_on_templates_and_call_flows(client, suffix, text, fixed):
    uri, found = await fix_all(client, text, suffix)
    assert [action.kind for action in found] == ["source.fixAll.flexml"]
    assert apply_text_edits(text, edits_of(found[0], uri)) == fixed
    replace_all(client, uri, 2, fixed)
    assert await wait_for_diagnostics(client, uri, 2) == []


# -- 10. edits inside a surrogate pair ---------------------------------------------------------------------

def units_of(text: str) -> list[str]:
    data = text.encode("utf-16-le", "surrogatepass")
    return [data[i:i + 2].decode("utf-16-le", "surrogatepass") for i in range(0, len(data), 2)]


def unit_position(units: list[str], index: int) -> tuple[int, int]:
    """(line, UTF-16 column) of a unit index, lines broken at \\n, \\r\\n and \\r (as LSP breaks them)."""
    line, start, i = 0, 0, 0
    while i < index:
        if units[i] == "\r" and i + 1 < len(units) and units[i + 1] == "\n":
            if i + 2 > index:
                break
            i += 2
        elif units[i] in "\r\n":
            i += 1
        else:
            i += 1
            continue
        line, start = line + 1, i
    return line, index - start


def change(start: tuple[int, int], end: tuple[int, int], text: str):
    return SimpleNamespace(range=SimpleNamespace(start=SimpleNamespace(line=start[0], character=start[1]),
                                                 end=SimpleNamespace(line=end[0], character=end[1])), text=text)


def same_text(document: OpenDocument, units: list[str]) -> bool:
    return document.text.encode("utf-16-le", "surrogatepass") == "".join(units).encode("utf-16-le", "surrogatepass")


PIECES = ["", "x", "😀", "\ud83d", "\ude00", "\n", "\r\n", "é", "<Say>", "𝄞a"]


@settings(max_examples=300, deadline=None)
@given(start_text=st.sampled_from(["<Say>😀😀</Say>\n", "a😀\r\n😀b\n𝄞", "😀", "plain\n"]),
       edits=st.lists(st.tuples(st.floats(0, 1), st.integers(0, 3), st.sampled_from(PIECES)), min_size=1, max_size=12))
def test_edits_splitting_surrogate_pairs_keep_the_text_equal_to_the_clients(start_text, edits):
    document = OpenDocument("file:///x.flexml", start_text, 1)
    units = units_of(start_text)
    for where, length, piece in edits:
        start = int(where * len(units))
        end = min(len(units), start + length)
        # LSP positions cannot fall between \r and \n.
        if 0 < start < len(units) and units[start - 1] == "\r" and units[start] == "\n":
            start -= 1
        if 0 < end < len(units) and units[end - 1] == "\r" and units[end] == "\n":
            end += 1
        document.apply([change(unit_position(units, start), unit_position(units, end), piece)], UTF16)
        units[start:end] = units_of(piece)
        assert same_text(document, units), (start, end, piece)
        assert document.lines.text == document.text
    # No pair is left apart: halves that met again are one character.
    assert not re.search("[\ud800-\udbff][\udc00-\udfff]", document.text)


@in_session
@pytest.mark.parametrize("suffix, text", [
    (".flexml", '<Response>\n  <Say>Hi 😀</Say>\n  <HangUp/>\n</Response>\n'),
    (".flexml.j2", '<Response>\n  <Say>Hi 😀</Say>\n  <HangUp/>{{ x }}\n</Response>\n'),
    (".callflow.json", '{"extension": 1,\n "name": "Hi 😀",\n "flow": {"a": {"module": "Start", "next": "a"}}}\n'),
])
async def test_an_edit_inside_an_emoji_and_its_undo_keep_the_servers_text(client, suffix, text):
    uri = new_uri(client, "pair").replace(".flexml", suffix)
    filename = "x" + suffix
    open_document(client, uri, text)
    await wait_for_diagnostics(client, uri, 1)
    line = text.split("\n")[1]
    column = len(line[:line.index("😀")].encode("utf-16-le")) // 2 + 1     # between the emoji's two halves
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
        content_changes=[types.TextDocumentContentChangePartial(
            range=types.Range(types.Position(1, column), types.Position(1, column)), text="X")]))
    split = text.replace("😀", "\ud83dX\ude00")
    published = await wait_for_diagnostics(client, uri, 2)
    assert received_view(published) == lsp_view(split, lint(split, Config(), filename=filename).diagnostics)
    last = ("FX103", 2, 3) if suffix != ".callflow.json" else ("FX602", 2, 26)   # still found where it is
    assert [(d.code, d.range.start.line, d.range.start.character) for d in published][-1] == last
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=3),
        content_changes=[types.TextDocumentContentChangePartial(
            range=types.Range(types.Position(1, column), types.Position(1, column + 1)), text="")]))
    published = await wait_for_diagnostics(client, uri, 3)
    assert received_view(published) == lsp_view(text, lint(text, Config(), filename=filename).diagnostics)
    assert [(d.code, d.range.start.line, d.range.start.character) for d in published][-1] == last
