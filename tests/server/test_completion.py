"""Completion at each kind of position, on documents that are being typed (so often broken)."""
from __future__ import annotations

import pytest
from lsprotocol import types

from .conftest import (RecordingClient, apply_text_edits, capabilities, new_uri, open_document, position_of,
                       server_session)

pytestmark = [pytest.mark.asyncio(loop_scope="module"), pytest.mark.timeout(60)]


client = server_session("completion")


async def complete(client: RecordingClient, marked: str) -> tuple[str, list[types.CompletionItem]]:
    """Open `marked` (cursor at `|`) as a new document and complete at the cursor."""
    text, line, column = position_of(marked)
    uri = new_uri(client)
    open_document(client, uri, text)
    # Columns are UTF-16 for this client: count the astral characters before the cursor twice.
    prefix = text.split("\n")[line][:column]
    character = column + sum(1 for c in prefix if ord(c) > 0xFFFF)
    result = await client.text_document_completion_async(types.CompletionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line, character)))
    items = result.items if isinstance(result, types.CompletionList) else (result or [])
    return text, list(items)


def labels(items) -> list[str]:
    return [item.label for item in items]


def accept(text: str, item: types.CompletionItem) -> str:
    return apply_text_edits(text, [item.text_edit])


async def test_elements_allowed_in_response(client):
    text, items = await complete(client, "<Response>\n  <|\n</Response>\n")
    names = labels(items)
    for verb in ("Say", "Play", "Gather", "Dial", "Hangup", "Redirect", "Record", "Start", "Stop", "Connect"):
        assert verb in names
    for not_here in ("Response", "Number", "Stream", "Parameter", "File"):
        assert not_here not in names
    say = next(item for item in items if item.label == "Say")
    assert say.insert_text_format == types.InsertTextFormat.Snippet
    assert accept(text, say) == "<Response>\n  <Say>$0</Say>\n</Response>\n"
    hangup = next(item for item in items if item.label == "Hangup")
    assert accept(text, hangup) == "<Response>\n  <Hangup/>$0\n</Response>\n"   # empty content: self-closing
    assert "Speaks its text" in say.documentation.value


async def test_elements_allowed_in_dial_gather_and_start(client):
    _, items = await complete(client, "<Response>\n  <Dial>\n    <|\n  </Dial>\n</Response>\n")
    assert labels(items) == ["Number"]
    _, items = await complete(client, "<Response>\n  <Gather>\n    <|\n  </Gather>\n</Response>\n")
    assert sorted(labels(items)) == ["Pause", "Play", "Say", "Wait"]
    _, items = await complete(client, "<Response>\n  <Start>\n    <|\n</Response>\n")      # Start never closed
    assert labels(items) == ["Stream"]


async def test_element_snippet_inserts_required_attributes(client):
    text, items = await complete(client, "<Response>\n  <Start>\n    <Stream url=\"wss://a.example\">\n      <Par|\n"
                                         "    </Stream>\n  </Start>\n</Response>\n")
    assert labels(items) == ["Parameter"]
    inserted = accept(text, items[0])
    assert '<Parameter name="$1" value="$2"/>' in inserted
    assert "<Par\n" not in inserted and "<Par" not in inserted.replace("<Parameter", "")


async def test_partial_name_in_a_broken_document(client):
    text, items = await complete(client, "<Response>\n  <Say>Hello 😀\u2028 there</Say>\n  <Ga|\n  <Hangup/>\n")
    assert "Gather" in labels(items)
    gather = next(item for item in items if item.label == "Gather")
    assert gather.text_edit.range.start == types.Position(2, 3)      # replaces the typed `Ga`
    assert gather.text_edit.range.end == types.Position(2, 5)
    assert accept(text, gather).split("\n")[2] == "  <Gather>$0</Gather>"


async def test_root_element_in_an_empty_document(client):
    _, items = await complete(client, "<|")
    assert labels(items) == ["Response"]
    _, items = await complete(client, "<Response></Response>\n<|")
    assert labels(items) == []


async def test_attributes_not_yet_present(client):
    text, items = await complete(client, '<Response>\n  <Gather numDigits="1" |>\n  </Gather>\n</Response>\n')
    names = labels(items)
    for attribute in ("action", "method", "timeout", "finishOnKey"):
        assert attribute in names
    assert "numDigits" not in names          # already there
    assert "voice" not in names and "url" not in names   # other elements' attributes
    method = next(item for item in items if item.label == "method")
    assert "default POST" in method.detail
    assert accept(text, method).split("\n")[1] == '  <Gather numDigits="1" method="${1|POST,GET|}">'
    timeout = next(item for item in items if item.label == "timeout")
    assert "integer" in timeout.detail and "default 5" in timeout.detail


async def test_attributes_depend_on_the_parent(client):
    # Stream under Stop and Stream under Start are different types; both have `name`, only the
    # one under Start requires `url`.
    _, items = await complete(client, "<Response>\n  <Start>\n    <Stream |\n  </Start>\n</Response>\n")
    url = next(item for item in items if item.label == "url")
    assert url.detail.startswith("required")
    assert url.sort_text < min(item.sort_text for item in items if item.label != "url")


async def test_partial_attribute_name(client):
    text, items = await complete(client, '<Response>\n  <Say vo|>Hi</Say>\n</Response>\n')
    voice = next(item for item in items if item.label == "voice")
    assert accept(text, voice).split("\n")[1] == '  <Say voice="${1|man,woman|}">Hi</Say>'


async def test_attribute_values_default_first(client):
    text, items = await complete(client, '<Response>\n  <Say voice="|">Hi</Say>\n</Response>\n')
    assert labels(items) == ["man", "woman"]
    assert items[0].preselect
    assert accept(text, items[1]).split("\n")[1] == '  <Say voice="woman">Hi</Say>'

    _, items = await complete(client, '<Response>\n  <Play streaming="|"/>\n</Response>\n')
    assert sorted(labels(items)) == ["false", "true"]
    _, items = await complete(client, '<Response>\n  <Reject reason="b|"/>\n</Response>\n')
    assert "busy" in labels(items) and "rejected" in labels(items) and "man" not in labels(items)
    _, items = await complete(client, '<Response>\n  <Gather method="|"></Gather>\n</Response>\n')
    assert labels(items) == ["POST", "GET"]


async def test_value_of_an_unterminated_attribute(client):
    text, items = await complete(client, '<Response>\n  <Dial record="|\n</Response>\n')
    assert "record-from-answer" in labels(items) and "do-not-record" in labels(items)
    item = next(item for item in items if item.label == "record-from-answer")
    assert accept(text, item).split("\n")[1] == '  <Dial record="record-from-answer'


async def test_end_tag(client):
    text, items = await complete(client, "<Response>\n  <Gather>\n    <Say>Hi</Say>\n  </|\n</Response>\n")
    assert labels(items) == ["Gather"]
    assert accept(text, items[0]).split("\n")[3] == "  </Gather>"
    _, items = await complete(client, "<Response>\n  <Say>Hi</|")
    assert labels(items) == ["Say"]


async def test_nothing_in_text_or_comments(client):
    _, items = await complete(client, "<Response>\n  <Say>Hel|lo</Say>\n</Response>\n")
    assert items == []
    _, items = await complete(client, "<Response>\n  <!-- <| -->\n</Response>\n")
    assert items == []


plain = server_session("plain", name="plain", caps=capabilities(snippets=False))  # no snippet support


async def test_plain_text_for_clients_without_snippets(plain):
    text, items = await complete(plain, "<Response>\n  <Start><Stream url=\"wss://a.example\"><|</Stream></Start>\n</Response>\n")
    parameter = next(item for item in items if item.label == "Parameter")
    assert parameter.insert_text_format == types.InsertTextFormat.PlainText
    assert '<Parameter name="" value=""/>' in accept(text, parameter)
    text, items = await complete(plain, '<Response>\n  <Say |>Hi</Say>\n</Response>\n')
    voice = next(item for item in items if item.label == "voice")
    assert accept(text, voice).split("\n")[1] == '  <Say voice="">Hi</Say>'
