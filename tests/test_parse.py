"""Positions, encodings and safety of text -> parse."""
from __future__ import annotations

import time

import pytest

from flexml_ls import lint_text
from flexml_ls.engine import lint_bytes
from flexml_ls.parse import parse
from flexml_ls.source import LineIndex, decode


def codes_at(diagnostics):
    return [(d.code, d.line, d.column) for d in diagnostics]


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_line_ends_keep_positions(newline):
    text = newline.join(["<Response>", "  <Say>hi</Say>", '  <Say loop="x">hi</Say>', "</Response>", ""])
    assert codes_at(lint_text(text)) == [("FX201", 3, 14)]


def test_columns_count_code_points_past_non_bmp_and_line_separators():
    text = '<Response>\n  <Say>😀\u2028😀</Say><Say loop="x">a</Say>\n</Response>\n'
    [diagnostic] = lint_text(text)
    assert (diagnostic.line, diagnostic.column, diagnostic.end_column) == (2, 28, 29)
    assert text.splitlines()[0] == "<Response>"  # \u2028 is not a line end for us, even though splitlines thinks so
    assert LineIndex(text).line_count == 4


def test_syntax_error_position_after_emoji():
    [diagnostic] = [d for d in lint_text("<Response><Say>😀😀 <x</Say></Response>") if d.code == "FX001"]
    assert (diagnostic.code, diagnostic.line, diagnostic.column) == ("FX001", 1, 21)


def test_utf8_bom_and_declared_latin1_and_utf16():
    body = '<?xml version="1.0" encoding="ISO-8859-1"?>\n<Response><Say loop="x">Café</Say></Response>\n'
    latin1 = lint_bytes(body.encode("latin-1"))
    assert latin1.decoded.encoding == "iso8859-1"
    assert "Café" in latin1.text and codes_at(latin1.diagnostics) == [("FX201", 2, 22)]
    bom = lint_bytes(b"\xef\xbb\xbf" + b'<Response><Say loop="x">a</Say></Response>')
    assert codes_at(bom.diagnostics) == [("FX201", 1, 22)]
    assert bom.decoded.encode(bom.text).startswith(b"\xef\xbb\xbf")
    utf16 = lint_bytes('<?xml version="1.0" encoding="UTF-16"?><Response><Hangup/></Response>'.encode("utf-16"))
    assert utf16.diagnostics == []


def test_undecodable_bytes_are_a_syntax_error_not_a_crash():
    result = lint_bytes(b'<Response>\n<Say>caf\xe9</Say></Response>')
    assert codes_at(result.diagnostics) == [("FX001", 2, 9)]
    assert "not valid UTF-8" in result.diagnostics[0].message
    unknown = lint_bytes(b'<?xml version="1.0" encoding="klingon"?><Response/>')
    assert unknown.diagnostics[0].code == "FX001" and "klingon" in unknown.diagnostics[0].message


def test_decode_round_trips_bytes_exactly():
    for data in [b"\xef\xbb\xbf<Response/>\r\n", "<Response>é</Response>".encode("utf-16"),
                 '<?xml version="1.0" encoding="latin-1"?><Response>\xe9</Response>'.encode("latin-1")]:
        decoded = decode(data)
        assert decoded.encode(decoded.text) == data


def test_external_entities_are_never_loaded(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    text = (f'<?xml version="1.0"?>\n<!DOCTYPE Response [<!ENTITY s SYSTEM "{secret.as_uri()}">]>\n'
            '<Response><Say>&s;</Say></Response>\n')
    result = lint_bytes(text.encode())
    assert "TOP-SECRET" not in repr([d.message for d in result.diagnostics])
    assert "TOP-SECRET" not in result.document.root.elements[0].text


def test_entity_expansion_bomb_does_not_hang():
    lol = '<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9)) + "]>"
    text = lol + "<Response><Say>&j;</Say></Response>"
    start = time.perf_counter()
    lint_text(text)
    assert time.perf_counter() - start < 2


def test_tolerant_tree_of_a_half_typed_document():
    text = '<Response>\n  <Gather numDigits="1">\n    <Say voice="wo\n  <Hangup/>\n'
    document = parse(text)
    gather = document.root.elements[0]
    assert gather.name == "Gather" and gather.end_tag_start == -1
    say = gather.elements[0]
    assert say.attributes[0].name == "voice" and say.attributes[0].value == "wo"
    assert [e.name for e in document.root.iter()] == ["Response", "Gather", "Say", "Hangup"]
    assert [d.line for d in lint_text(text) if d.code == "FX001"] == [4]


def test_offsets_of_names_values_and_text():
    text = '<Response><Dial timeout="5">\n 15162065317 </Dial></Response>'
    dial = parse(text).root.elements[0]
    assert text[dial.name_start:dial.name_end] == "Dial"
    attribute = dial.attributes[0]
    assert text[attribute.name_start:attribute.name_end] == "timeout"
    assert text[attribute.value_start:attribute.value_end] == "5"
    start, end = dial.text_range()
    assert text[start:end] == "15162065317"


@pytest.mark.parametrize("line_end", ["\n", "\r\n", "\r"])
def test_syntax_error_lines_count_every_kind_of_line_end(line_end):
    text = line_end.join(["<Response>", "  <Say>Hi</Say>", "  <Pause", "</Response>", ""])
    assert [(d.code, d.line) for d in lint_text(text)] == [("FX001", 4)]
    valid = line_end.join(["<Response>", '  <Say loop="x">Hi</Say>', "</Response>", ""])
    assert [(d.code, d.line, d.column) for d in lint_text(valid)] == [("FX201", 2, 14)]
