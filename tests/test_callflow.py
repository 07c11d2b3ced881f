"""JSON call flows (FX6xx) and call requests (FX7xx): parsing with positions, recognition, the
seeds' own examples, every output and adapter (CLI, --fix, config, flow pictures, testing helper).
Each rule's triggering and passing fixtures are golden tests (fixtures/callflows, fixtures/requests)."""
from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flexml_ls import config as config_module
from flexml_ls.callflow import editing
from flexml_ls.callflow.document import JsonDocument, kind_of
from flexml_ls.callflow.jsontree import JsonSyntaxError, parse
from flexml_ls.cli import main
from flexml_ls.engine import lint_bytes, lint_text
from flexml_ls.testing import FlexmlAssertionError, assert_valid_call_request

SEEDS = Path("/work/shared/seeds")
UUID = "9f1c2a3b-4d5e-4f60-8a7b-1c2d3e4f5a6b"
FLOW = """{
  "extension": 501,
  "name": "Front desk",
  "flow": {
    "begin": {"module": "start", "next": "hello"},
    "hello": {"module": "Play", "sound": "%s", "next": "bye"},
    "bye": {"module": "busy"}
  }
}
""" % UUID


def found(text: str, filename: str = "x.callflow.json") -> list[tuple]:
    return [(d.code, d.line, d.column) for d in lint_text(text, filename)]


# --- the parser ------------------------------------------------------------------------------------

def test_offsets_of_keys_and_values():
    text = '{"a": [1, 2.5, {"b": null}], "c": "\\u00e9", "d": {}}'
    root = parse(text)
    a, c, d = root.members
    assert (text[a.key_start:a.key_end], text[a.value.start:a.value.end]) == ('"a"', '[1, 2.5, {"b": null}]')
    assert text[c.value.start:c.value.end] == '"\\u00e9"' and c.value.value == "é"
    assert a.value.items[2].get("b").kind == "null" and d.value.kind == "object" and d.value.end == len(text) - 1
    assert root.value == json.loads(text)


def test_a_repeated_key_reads_as_json_reads_it():
    root = parse('{"k": 1, "k": 2}')
    assert root.get("k").value == 2 and root.value == {"k": 2} and len(root.members) == 2


@pytest.mark.parametrize("text, offset, message", [
    ("", 0, "Expecting value"),
    ('{"a": 1,}', 8, "Expecting property name enclosed in double quotes"),
    ('{"a" 1}', 5, "Expecting ':' delimiter"),
    ('{"a": "tab\tin a string"}', 10, "Invalid control character"),
    ('{"a": "open', 6, "Unterminated string"),
    ("[NaN]", 1, "NaN and Infinity are not JSON"),
    ('{"a": -Infinity}', 6, "NaN and Infinity are not JSON"),
    ("[" * 100_000, 0, "nested too deeply"),
])
def test_syntax_errors_have_json_positions(text, offset, message):
    with pytest.raises(JsonSyntaxError) as caught:
        parse(text)
    assert (caught.value.offset, caught.value.message) == (offset, message)


def test_malformed_json_is_fx001_at_its_position():
    diagnostics = lint_text('{\n  "extension": 501,\n  "flow": {},\n}\n', "x.callflow.json")
    assert [(d.code, d.line, d.column, d.message) for d in diagnostics] == [
        ("FX001", 4, 1, "Not valid JSON: Expecting property name enclosed in double quotes")]


def test_undecodable_bytes_are_fx001():
    result = lint_bytes(b'{"name": "caf\xe9"}', filename="x.callflow.json")
    assert ("FX001", 1, 14) in [(d.code, d.line, d.column) for d in result.diagnostics]


# --- recognition -----------------------------------------------------------------------------------

@pytest.mark.parametrize("data, kind", [
    ({"flow": {}}, "callflow"),
    ({"result": {"flow": {}}, "status_code": 200}, "callflow"),
    ({"result": [{"flow": {}}], "status_code": 200}, "callflow"),
    ({"result": {}, "status_code": 404}, None),
    ({"calling_did": "1"}, "carrierx"),
    ({"called_did": "1"}, "carrierx"),
    ({"CallerId": "1", "Url": "u"}, "exotel"),
    ({"CallerId": "1"}, None),
    ({"name": "package"}, None),
    ([1, 2], None),
])
def test_kind_of(data, kind):
    assert kind_of(data) == kind


def test_a_callflow_json_name_makes_a_call_flow_whatever_it_holds():
    assert JsonDocument('{"name": "x"}', "a.callflow.json").kind == "callflow"
    assert found('{"name": "x"}') == [("FX604", 1, 1), ("FX604", 1, 1)]  # no extension, no flow


def test_other_json_is_not_judged():
    assert lint_text('{"name": "flexml-ls", "version": "1"}', "package.json") == []


def test_flexml_rules_never_run_on_json_nor_json_rules_on_flexml():
    every_code = {code for code, _, _ in found(FLOW.replace('"start"', '"Start"').replace('"bye"}', '"by"}'))}
    assert every_code and all(code.startswith("FX6") for code in every_code)
    # The same JSON in a FlexML file is not XML; FlexML in a JSON file is not JSON.
    assert [d.code for d in lint_text(FLOW, "x.flexml")] == ["FX001"]
    assert [(d.code, d.message) for d in lint_text("<Response><Hangup/></Response>", "x.callflow.json")] == [
        ("FX001", "Not valid JSON: Expecting value")]
    assert lint_text("<Response><Hangup/></Response>", "x.flexml") == []


def test_nameless_text_is_json_when_it_starts_as_json_does():
    # No XML document or template starts with `{"`, `{}` or `[`: such text without a name (stdin) is
    # JSON, recognised by its content; anything else without a name is FlexML.
    assert [(d.code, d.line, d.column) for d in lint_text(FLOW)] == [("FX602", 6, 25)]
    assert [(d.code, d.message) for d in lint_text('\n {"calling_did": "1",}')] == [
        ("FX001", "Not valid JSON: Expecting property name enclosed in double quotes")]
    assert lint_text('{"name": "package"}') == [] and lint_text("[1, 2]") == []
    assert [d.code for d in lint_text("{% if x %}<Response/>{% endif %}")] == []
    assert [d.code for d in lint_text("hello")] == ["FX001"]  # (XML's)


# --- the seeds' own examples lint clean ------------------------------------------------------------

def _seed(prefix: str) -> str:
    paths = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not paths:
        pytest.skip(f"seed {prefix} not present")
    return paths[0].read_text(encoding="utf-8")


def _json_blocks(text: str):
    decoder = json.JSONDecoder()
    end = 0
    for match in re.finditer(r"^\{", text, re.M):
        if match.start() < end:
            continue
        try:
            value, end = decoder.raw_decode(text, match.start())
        except ValueError:
            continue
        yield text[match.start():end], value


def test_the_yay_seed_flows_lint_clean():
    flows = [block for block, value in _json_blocks(_seed("003")) if kind_of(value) == "callflow"]
    assert len(flows) >= 4  # list, get, create body and response, update body and response
    for block in flows:
        assert lint_text(block, "seed.callflow.json") == [], block[:200]


def test_the_carrierx_seed_request_bodies_lint_clean():
    text = _seed("001")
    calls = text[text.index("Call Object"):]
    bodies = re.findall(r"--data-binary '(\{.*?\})'", calls)
    assert len(bodies) >= 2
    for body in bodies:
        assert assert_valid_call_request(body, api="carrierx", fail_on="info") == []
        if kind_of(json.loads(body)) == "carrierx":
            assert lint_text(body, "create-call.json") == []


def test_the_exotel_seed_request_bodies_lint_clean():
    text = _seed("004")
    curl = "&".join(re.findall(r"-d '([^']*)'", text))
    python = dict(re.findall(r"^'(\w+)': '([^']*)',?$", text, re.M))
    assert {"From", "CallerId", "Url"} <= set(python) and curl.count("=") == 3
    assert assert_valid_call_request(curl, api="exotel", fail_on="info") == []
    assert assert_valid_call_request(python, api="exotel", fail_on="info") == []
    assert lint_text(json.dumps(python), "connect.json") == []


# --- the command line ------------------------------------------------------------------------------

def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_lint_formats(tmp_path, capsys):
    path = _write(tmp_path, "desk.callflow.json", FLOW)
    assert main(["lint", str(path)]) == 0  # a warning only
    assert f"{path}:6:25: FX602 warning: Module `Play` is documented as `play`" in capsys.readouterr().out
    main(["lint", "--format", "json", str(path)])
    assert [(d["code"], d["line"], d["column"], d["end_column"]) for d in json.loads(capsys.readouterr().out)] \
        == [("FX602", 6, 25, 31)]
    main(["lint", "--format", "sarif", str(path)])
    sarif = json.loads(capsys.readouterr().out)
    assert sarif["runs"][0]["results"][0]["ruleId"] == "FX602"
    main(["lint", "--format", "github", str(path)])
    assert capsys.readouterr().out.startswith(f"::warning file={path},line=6,endLine=6,col=25,endColumn=31,title=FX602::")


def test_fix_respells_only_the_module_name(tmp_path, capsys):
    path = _write(tmp_path, "desk.callflow.json", FLOW.replace('"busy"', '"BUSY"'))
    assert main(["lint", "--fix", str(path)]) == 0
    assert path.read_text(encoding="utf-8") == FLOW.replace('"Play"', '"play"')
    assert "fixed 2" in capsys.readouterr().err


def test_select_ignore_and_severity_from_config(tmp_path, capsys):
    text = FLOW.replace('"next": "bye"', '"next": "nowhere"')
    path = _write(tmp_path, "desk.callflow.json", text)
    assert main(["lint", "--format", "json", str(path)]) == 1
    assert [d["code"] for d in json.loads(capsys.readouterr().out)] == ["FX602", "FX611", "FX612"]
    main(["lint", "--format", "json", "--ignore", "FX61", str(path)])
    assert [d["code"] for d in json.loads(capsys.readouterr().out)] == ["FX602"]
    main(["lint", "--format", "json", "--select", "FX611", str(path)])
    assert [d["code"] for d in json.loads(capsys.readouterr().out)] == ["FX611"]
    _write(tmp_path, "pyproject.toml", '[tool.flexml]\nignore = ["FX612"]\n[tool.flexml.severity]\nFX611 = "warning"\n')
    config_module.clear_cache()
    assert main(["lint", "--format", "json", str(path)]) == 0
    assert [(d["code"], d["severity"]) for d in json.loads(capsys.readouterr().out)] == [
        ("FX602", "warning"), ("FX611", "warning")]


def test_a_directory_gives_its_call_flows_and_named_json_is_recognised(tmp_path, capsys):
    _write(tmp_path, "desk.callflow.json", FLOW)
    _write(tmp_path, "package.json", '{"name": "x"}')
    request = _write(tmp_path, "call.json", '{"calling_did": "15162065319", "called_did": "+15162065318"}')
    main(["lint", str(tmp_path)])
    out = capsys.readouterr().out
    assert "desk.callflow.json:6:25: FX602" in out and "package.json" not in out and "call.json" not in out
    assert main(["lint", str(request)]) == 1
    assert f"{request}:1:46: FX703 error: `called_did` must be E.164 digits" in capsys.readouterr().out


def test_stdin_with_a_json_name(monkeypatch, capsys):
    import io
    monkeypatch.setattr(sys, "stdin", type("In", (), {"buffer": io.BytesIO(FLOW.encode())})())
    main(["lint", "--stdin-filename", "desk.callflow.json", "-"])
    assert "desk.callflow.json:6:25: FX602" in capsys.readouterr().out


def test_stdin_without_a_name_is_json_by_its_content(monkeypatch, capsys):
    import io
    monkeypatch.setattr(sys, "stdin", type("In", (), {"buffer": io.BytesIO(FLOW.encode())})())
    assert main(["lint", "-"]) == 0
    assert capsys.readouterr().out == "-:6:25: FX602 warning: Module `Play` is documented as `play`\n"
    stdout = io.BytesIO()
    monkeypatch.setattr(sys, "stdin", type("In", (), {"buffer": io.BytesIO(FLOW.encode())})())
    monkeypatch.setattr(sys, "stdout", type("Out", (), {"buffer": stdout, "write": lambda self, s: None,
                                                        "flush": lambda self: None})())
    assert main(["lint", "--fix", "-"]) == 0
    assert stdout.getvalue().decode() == FLOW.replace('"Play"', '"play"')


def test_linting_flexml_does_not_import_jsonschema(tmp_path):
    path = _write(tmp_path, "a.flexml", "<Response><Hangup/></Response>")
    code = ("import sys; from flexml_ls.cli import main; main(['lint', '-q', %r]); "
            "print('jsonschema' in sys.modules)" % str(path))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


# --- flexml flow -----------------------------------------------------------------------------------

def test_flow_draws_the_modules(tmp_path, capsys):
    text = FLOW.replace('"next": "bye"', '"next": "menu"').replace(
        '"bye": {"module": "busy"}',
        '"menu": {"module": "pressextension", "next": {"1": "bye", "invalid": "hello", "timeout": "gone"}},\n'
        '    "bye": {"module": "busy"}')
    path = _write(tmp_path, "desk.callflow.json", text)
    assert main(["flow", str(path), "--format", "mermaid"]) == 1  # `gone` names no module
    out = capsys.readouterr().out
    assert out.startswith("flowchart LR\n")
    assert '(["start begin"]):::start' in out and '{{"gone"}}:::missing' in out
    assert '-- "pressextension next.1: digits 1" -->' in out
    main(["flow", str(path), "--format", "dot"])
    assert capsys.readouterr().out.startswith("digraph flow {")
    main(["flow", str(path), "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert data["dialect"] == "callflow" and data["start"] == "begin"
    assert [f["code"] for f in data["findings"]] == ["FX602", "FX611"]


def test_flow_of_a_list_response_draws_the_flow_chosen_with_start(tmp_path, capsys):
    second = FLOW.replace('"Front desk"', '"Sales"').replace('"extension": 501', '"extension": 502')
    path = _write(tmp_path, "flows.json", '{"result": [%s, %s], "status_code": 200}' % (FLOW, second.replace('"bye"}', '"gone"}')))
    assert main(["flow", str(path), "--format", "json"]) == 0
    drawn = capsys.readouterr()
    assert json.loads(drawn.out)["findings"][0]["line"] == 6  # the first flow's FX602 only
    assert "holds 2 call flows (Front desk / 501, Sales / 502); the first is drawn: choose one with --start" in drawn.err
    for choice in ("Sales", "502"):
        assert main(["flow", str(path), "--format", "json", "--start", choice]) == 1  # Sales: `gone` names no module
        data = json.loads(capsys.readouterr().out)
        assert [(f["code"], f["line"]) for f in data["findings"]] == [("FX602", 15), ("FX611", 15), ("FX612", 16)]
    assert main(["flow", str(path), "--start", "Support"]) == 2
    assert "no call flow has the uuid, name or extension 'Support' (it holds Front desk / 501, Sales / 502)" in \
        capsys.readouterr().err


def test_flow_of_json_that_is_no_call_flow(tmp_path, capsys):
    path = _write(tmp_path, "package.json", '{"name": "x"}')
    assert main(["flow", str(path)]) == 2
    assert "not a call flow" in capsys.readouterr().err
    path = _write(tmp_path, "broken.callflow.json", '{"flow": ')
    assert main(["flow", str(path)]) == 2
    assert "broken.callflow.json:1:10: not valid JSON: Expecting value" in capsys.readouterr().err


# --- assert_valid_call_request ---------------------------------------------------------------------

def test_assert_valid_call_request_passes_and_returns_the_diagnostics():
    assert assert_valid_call_request({"calling_did": "15162065319", "called_did": "15162065318"}, api="carrierx") == []
    warned = assert_valid_call_request({"call_sid": "x", "delay": 5}, api="carrierx")
    assert [(d.code, d.line, d.column) for d in warned] == [("FX704", 2, 3)]


def test_assert_valid_call_request_fails_with_carets():
    with pytest.raises(FlexmlAssertionError) as caught:
        assert_valid_call_request("From=09876543210&CallerId=0XXXXXX4890&Url=http://example.com/x&TimeLimit=20000",
                                  api="exotel")
    message = str(caught.value)
    assert message.startswith("form data (shown as JSON) is not a valid Exotel Calls/connect request: 2 problems")
    assert '4 |   "Url": "http://example.com/x",\n  |          ^^^^^^^^^^^^^^^^^^^^^^\n' in message
    assert "  = line 5, column 16; `flexml rule FX703` explains it" in message
    assert [d.code for d in caught.value.diagnostics] == ["FX703", "FX703"]


def test_assert_valid_call_request_allow_and_fail_on():
    body = '{"calling_did": "15162065319", "called_did": "15162065318", "call_sid": "x"}'
    with pytest.raises(AssertionError):
        assert_valid_call_request(body, api="carrierx", fail_on="warning")
    assert [d.code for d in assert_valid_call_request(body, api="carrierx", fail_on="warning", allow="FX704")] \
        == ["FX704"]
    assert assert_valid_call_request([("From", "1"), ("CallerId", "2"),
                                      ("Url", "https://my.exotel.com/a/exoml/start_voice/1")], api="exotel") == []


def test_assert_valid_call_request_refuses_what_it_cannot_read():
    with pytest.raises(ValueError):
        assert_valid_call_request({}, api="twilio")
    with pytest.raises(TypeError):
        assert_valid_call_request(42, api="exotel")


# --- cost ------------------------------------------------------------------------------------------

def test_a_long_flow_lints_in_linear_time():
    def chain(count: int) -> str:
        modules = {"m0": {"module": "start", "next": "m1"}}
        for i in range(1, count):
            modules[f"m{i}"] = {"module": "play", "sound": UUID, "next": f"m{i + 1}" if i + 1 < count else "m1"}
        return json.dumps({"extension": 1, "name": "long", "flow": modules})

    def seconds(count: int) -> float:
        text = chain(count)
        started = time.perf_counter()
        diagnostics = lint_text(text, "x.callflow.json")
        assert [d.code for d in diagnostics] == ["FX617"]  # one loop, m1 ... m(count-1)
        return time.perf_counter() - started

    seconds(100)  # warm up (schemas loaded, validators compiled)
    small, large = min(seconds(250) for _ in range(2)), min(seconds(1000) for _ in range(2))
    assert large < small * 4 * 2.5, (small, large)


def test_per_file_ignores(tmp_path, capsys):
    (tmp_path / "legacy").mkdir()
    _write(tmp_path, "pyproject.toml", '[tool.flexml.per-file-ignores]\n"legacy/*.callflow.json" = ["FX602"]\n'
                                       '"*.flexml" = ["FX10"]\n')
    config_module.clear_cache()
    old = _write(tmp_path / "legacy", "desk.callflow.json", FLOW)
    new = _write(tmp_path, "desk.callflow.json", FLOW)
    flexml = _write(tmp_path, "a.flexml", "<Response><Hangupp/></Response>")
    assert main(["lint", "--format", "json", str(old), str(new), str(flexml)]) == 0
    assert [(d["path"], d["code"]) for d in json.loads(capsys.readouterr().out)] == [(str(new), "FX602")]


def test_per_file_ignores_must_name_rules(tmp_path):
    _write(tmp_path, "pyproject.toml", '[tool.flexml.per-file-ignores]\n"*.json" = ["FX999"]\n')
    config_module.clear_cache()
    with pytest.raises(config_module.ConfigError, match="per-file-ignores.*names no rule: FX999"):
        config_module.for_path(tmp_path / "x.json")


# --- bad input: a diagnostic, never a traceback ----------------------------------------------------

_PIECES = st.sampled_from(['{', '}', '[', ']', ':', ',', '"', '"module"', '"start"', '"next"', '"flow"', '"a"',
                           '"pressextension"', '"1"', '"invalid"', '5', 'null', 'true', ' ', '\n', '"\\u00e9"',
                           '"Trunk"', '"extensions"', '"type"', '"forward"', '"patterns"', '"(x"', '"calling_did"'])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_PIECES, max_size=60), st.integers(min_value=0, max_value=400))
def test_any_text_gives_diagnostics_completion_and_hover_without_failing(pieces, where):
    text = "".join(pieces)
    for name in ("x.callflow.json", "call.json"):
        for d in lint_text(text, name):
            assert 0 <= d.start <= d.end <= len(text) and d.line >= 1 and d.column >= 1
        offset = min(where, len(text))
        for suggestion in editing.complete(text, offset, name):
            assert 0 <= suggestion.start <= suggestion.end <= len(text)
        editing.hover(text, min(where, max(len(text) - 1, 0)), name)


@settings(max_examples=200, deadline=None)
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=5),
                    lambda children: st.lists(children, max_size=4) | st.dictionaries(
                        st.sampled_from(["module", "next", "flow", "a", "b", "start", "1", "extensions"]),
                        children, max_size=4), max_leaves=25))
def test_any_json_value_as_a_call_flow(value):
    text = json.dumps({"extension": 1, "name": "x", "flow": value})
    for d in lint_text(text, "x.callflow.json"):
        assert d.code != "FX001" and 0 <= d.start <= d.end <= len(text)


def test_schema_command_prints_each_formats_schema(capsys):
    for fmt, name in (("callflow", "callflow.schema.json"), ("carrierx", "carrierx-call.schema.json"),
                      ("exotel", "exotel-connect.schema.json")):
        assert main(["schema", fmt]) == 0
        path = Path(capsys.readouterr().out.strip())
        assert path.name == name and json.loads(path.read_text(encoding="utf-8"))["$schema"].endswith("2020-12/schema")


def test_definition_of_references():
    text = FLOW.replace('"next": "bye"', '"next": "bye", "x": 1')
    at = text.index('"next": "hello"') + 10
    start, end = editing.definition(text, at, "x.callflow.json")
    assert text[start:end] == '"hello"' and text[:start].count("\n") == 5
    assert editing.definition(text, text.index('"start"') + 2, "x.callflow.json") is None
    assert editing.definition(text, text.index('"begin"') + 2, "x.callflow.json") is None


# --- completion and hover: what the schemas say, wherever the cursor is ----------------------------

def _at(text: str):
    """The text without its `|`, and the offset the `|` marked."""
    offset = text.index("|")
    return text[:offset] + text[offset + 1:], offset


def _labels(text: str, filename: str) -> list[str]:
    return [s.label for s in editing.complete(*_at(text), filename)]


def _hover(text: str, filename: str) -> str | None:
    found = editing.hover(*_at(text), filename)
    return None if found is None else found[0]


def test_request_completion_is_of_the_object_the_cursor_is_in():
    # Inside `attributes`, the Call object's own fields are not offered; its attributes are.
    assert _labels('{"calling_did": "1", "attributes": {"|"}}', "call.json") == ["cnam"]
    assert _labels('{"calling_did": "1", "|"}', "call.json")[:3] == ["called_did", "url", "method"]
    assert _labels('{"calling_did": "1", "method": "|"}', "call.json") == ["POST", "GET"]
    assert _labels('{"CallerId": "1", "Url": "", "CallType": "|"}', "connect.json") == ["trans"]


def test_request_hover_at_any_depth_from_the_schema():
    carrierx = json.loads((Path(__file__).parent.parent / "schema" / "carrierx-call.schema.json").read_text())
    attributes = carrierx["properties"]["attributes"]
    assert _hover('{"calling_did": "1", "attributes": {"cn|am": "x"}}', "call.json") == \
        "**cnam** — string\n\n" + attributes["properties"]["cnam"]["description"]
    assert _hover('{"calling_did": "1", "attributes": {"sip_header_X-|Id": "x"}}', "call.json").endswith(
        attributes["patternProperties"]["^sip_header_"]["description"])
    assert _hover('{"calling_did": "1", "attributes": {"othe|r": "x"}}', "call.json") is None


def test_extension_items_complete_and_hover_by_their_type():
    flow = '{"flow": {"a": {"module": "extension", "extensions": [%s]}}}'
    assert _labels(flow % '{"|"}', "x.callflow.json") == ["type", "uuid", "number"]
    assert _labels(flow % '{"type": "forward", "|"}', "x.callflow.json") == ["number"]
    assert _labels(flow % '{"type": "sipuser", "|"}', "x.callflow.json") == ["uuid"]
    assert _hover(flow % '{"type": "forward", "num|ber": ""}', "x.callflow.json").startswith(
        "**number** (`extensions` item) — an E.164 number")


def test_texts_of_the_module_field_and_menu_keys_come_from_the_schema():
    module_field = editing.complete(*_at('{"flow": {"a": {"|"}}}'), "x.callflow.json")
    definitions = json.loads((Path(__file__).parent.parent / "schema" / "callflow.schema.json").read_text())["$defs"]
    assert [(s.label, s.documentation) for s in module_field] == [
        ("module", definitions["module"]["properties"]["module"]["description"])]
    menu = editing.complete(*_at('{"flow": {"a": {"module": "pressextension", "next": {"|"}}}}'), "x.callflow.json")
    assert menu[-1].label == "timeout" and menu[-1].documentation == definitions["pressextension"]["properties"]["next"]["description"]
