"""`flexml flow`: FlexML transfers, route discovery, the crawler, the FX5xx rules and the emitters.

Each flow rule has small apps under fixtures/flows/<CODE>/<case>/ (Flask, Django, FastAPI) with a
`[tool.flexml.flow]` start and app; `expected.out` holds exactly what `flexml flow .` (static) and
`flexml flow` (the app crawled in process) report there. Regenerate with --update-goldens.
"""
from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from flexml_ls.cli import main
from flexml_ls.flow import Edge, Flow, Node
from flexml_ls.flow.checks import check
from flexml_ls.flow.emit import dot, html, mermaid, mermaid_warnings, to_dict
from flexml_ls.flow.live import crawl_app, digit_inputs
from flexml_ls.flow.extract import flow_of_text
from flexml_ls.flow.routes import discover
from flexml_ls.flow.static import StaticOptions, flow_of_documents, static_flow
from flexml_ls.testing import FlowAssertionError, assert_flow_ok

ROOT = Path(__file__).resolve().parent.parent
FLOWS = ROOT / "fixtures" / "flows"
CASES = sorted(p for p in FLOWS.glob("*/*") if p.is_dir())
FLEXML = [sys.executable, "-m", "flexml_ls"]


def _run(directory: Path, *args: str) -> str:
    done = subprocess.run([*FLEXML, "flow", *args, "-q"], cwd=directory, capture_output=True, text=True, timeout=120)
    assert done.returncode in (0, 1), done.stderr
    return done.stdout


@pytest.mark.parametrize("case", CASES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_flow_fixture(case: Path, request):
    actual = "static:\n" + _run(case, ".") + "live:\n" + _run(case)
    golden = case / "expected.out"
    if request.config.getoption("--update-goldens"):
        golden.write_text(actual, encoding="utf-8")
    assert actual == golden.read_text(encoding="utf-8")
    code = case.parent.name
    static, live = actual[len("static:\n"):].split("live:\n")
    for part in (static, live):  # the rule fires both from the source and live, or in neither
        codes = {line.split(" ")[1] for line in part.splitlines() if " FX" in line}
        if case.name.startswith("ok-"):
            assert code not in codes
        elif code != "FX502":  # (an answer that is not FlexML shows only when the app runs)
            assert code in codes
    assert code in live or case.name.startswith("ok-")


# --- transfers from the XSD's facts ---------------------------------------------------------------

def test_transfers_carry_verb_attribute_method_outcome_and_position():
    text = ('<Response>\n  <Gather action="/menu" method="get" numDigits="2"><Say>Hi</Say></Gather>\n'
            '  <Play errorAction="/oops">https://x.test/a.mp3</Play>\n  <Redirect>/welcome</Redirect>\n</Response>')
    _, flow_of = flow_of_text(text)
    got = [(t.verb, t.attribute, t.url, t.method, t.outcome, text[t.start:t.end]) for t in flow_of.transfers]
    assert got == [("Gather", "action", "/menu", "GET", "digits", "/menu"),
                   ("Play", "errorAction", "/oops", "POST", "error", "/oops"),
                   ("Redirect", "text", "/welcome", "POST", "no input", "/welcome")]
    assert flow_of.collects_input and not flow_of.terminal


def test_a_transfer_ends_the_document_and_background_play_does_not():
    _, ended = flow_of_text('<Response><Dial action="/done">15551234567</Dial><Redirect>/x</Redirect></Response>')
    assert [(t.verb, t.outcome, t.varies[0]) for t in ended.transfers] == [("Dial", "dial ended", "CallStatus")]
    _, background = flow_of_text('<Response><Play action="/a" background="true">https://x.test/a.mp3</Play>'
                                 '<Hangup/></Response>')
    assert background.transfers == [] and background.terminal


def test_digit_inputs_follow_numdigits_validdigits_and_finishonkey():
    assert digit_inputs({"numDigits": "1"}) == list("0123456789*")
    assert digit_inputs({"numDigits": "2", "validDigits": "12#", "finishOnKey": "#"}) == ["11", "22"]
    assert digit_inputs({"finishOnKey": "_", "validDigits": "1#"}) == ["1", "#"]


# --- static discovery ------------------------------------------------------------------------------

def test_flask_blueprint_prefix_and_add_url_rule(tmp_path):
    (tmp_path / "app.py").write_text(
        "from flask import Flask, Blueprint\n"
        "app = Flask(__name__)\n"
        "bp = Blueprint('ivr', __name__, url_prefix='/ivr')\n"
        "@bp.post('/menu')\ndef menu():\n    return render_template('menu.xml')\n"
        "def hours():\n    return '<Response><Hangup/></Response>'\n"
        "app.add_url_rule('/hours', 'hours', hours, methods=['POST'])\n"
        "app.register_blueprint(bp, url_prefix='/phone')\n")
    routes = discover([tmp_path])
    assert [(r.pattern, r.methods, r.name, r.templates, len(r.literals)) for r in routes] == [
        ("/hours", ("POST",), "hours", [], 1), ("/phone/menu", ("POST",), "ivr.menu", ["menu.xml"], 0)]


def test_django_include_namespace_and_methods(tmp_path):
    (tmp_path / "site").mkdir()
    (tmp_path / "ivr").mkdir()
    (tmp_path / "site" / "urls.py").write_text(
        "from django.urls import include, path\nurlpatterns = [path('phone/', include('ivr.urls'))]\n")
    (tmp_path / "ivr" / "urls.py").write_text(
        "from django.urls import path, re_path\nfrom . import views\napp_name = 'ivr'\n"
        "urlpatterns = [path('menu/<int:n>/', views.menu, name='menu'), re_path(r'^hours/$', views.hours)]\n")
    (tmp_path / "ivr" / "views.py").write_text(
        "from django.views.decorators.http import require_POST\n"
        "@require_POST\ndef menu(request, n):\n    return render(request, 'ivr/menu.xml')\n"
        "def hours(request):\n    return HttpResponse('<Response/>')\n")
    routes = discover([tmp_path])
    assert [(r.pattern, r.methods, r.name, r.templates) for r in routes] == [
        ("/phone/hours/", None, None, []), ("/phone/menu/<int:n>/", ("POST",), "ivr:menu", ["ivr/menu.xml"])]
    assert routes[1].matches("/phone/menu/42/") and not routes[1].matches("/phone/menu/x/")


def test_fastapi_router_prefix(tmp_path):
    (tmp_path / "main.py").write_text(
        "from fastapi import FastAPI, APIRouter\napp = FastAPI()\nrouter = APIRouter(prefix='/ivr')\n"
        "@router.post('/welcome')\ndef welcome():\n    return templates.TemplateResponse('welcome.xml', {})\n"
        "app.include_router(router)\n")
    assert [(r.pattern, r.methods, r.templates) for r in discover([tmp_path])] == [
        ("/ivr/welcome", ("POST",), ["welcome.xml"])]


def test_relative_urls_resolve_against_the_document_and_unknown_ones_are_dynamic():
    flow = flow_of_documents({
        "/ivr/welcome": '<Response><Gather action="menu" numDigits="1"/><Redirect>{{ next }}</Redirect></Response>',
        "/ivr/menu": "<Response><Hangup/></Response>"})
    assert [(e.source, e.target, e.dynamic) for e in flow.edges] == [
        ("/ivr/welcome", "/ivr/menu", False), ("/ivr/welcome", None, True)]
    assert check(flow) == []


def test_a_route_refusing_the_method_is_fx501(tmp_path):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "w.xml").write_text('<Response><Redirect method="GET">/menu</Redirect></Response>')
    (tmp_path / "app.py").write_text(
        "from flask import Flask, render_template\napp = Flask(__name__)\n"
        "@app.post('/w')\ndef w():\n    return render_template('w.xml')\n"
        "@app.post('/menu')\ndef menu():\n    return '<Response><Hangup/></Response>'\n")
    flow = static_flow([tmp_path], StaticOptions(start="/w"))
    found = check(flow)
    assert [(f.code, f.line, f.column, f.url, f.source) for f in found] == [("FX501", 1, 34, "/menu", "/w")]
    assert "refuses" in found[0].message


# --- the examples: static and live agree ------------------------------------------------------------

def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path, submodule_search_locations=[str(path.parent)])
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _edges(flow: Flow) -> set:
    return {(e.source, e.target, e.verb, e.attribute) for e in flow.edges if not e.dynamic and e.target}


def test_flask_example_static_and_live_agree_and_pass():
    app_module = _load("flexml_flow_example_ivr_app", ROOT / "examples" / "flask_app" / "ivr_app" / "__init__.py")
    live = crawl_app(app_module.create_app(), "/ivr/welcome")
    static = static_flow([ROOT / "examples" / "flask_app"], StaticOptions(start="/ivr/welcome"))
    assert check(live) == [] and check(static) == []
    both = set(live.nodes) & set(static.nodes)
    assert {"/ivr/welcome", "/ivr/menu", "/ivr/dial-finished", "/ivr/voicemail/saved"} <= both
    known = {e for e in _edges(static) if e[0] in both and e[1] in both}
    assert known == {e for e in _edges(live) if e[0] in both and e[1] in both}


def test_pytest_helpers_on_a_flask_client():
    from flexml_ls.config import Config
    from flexml_ls.pytest_plugin import FlexmlChecker
    app_module = _load("flexml_flow_fx505", FLOWS / "FX505" / "redirect-loop" / "app.py")
    flow = FlexmlChecker(Config()).flow(app_module.app.test_client(), start="/ivr/welcome")
    with pytest.raises(FlowAssertionError) as raised:
        assert_flow_ok(flow)
    assert [f.code for f in raised.value.findings] == ["FX505"]
    assert "FX505 error: the call loops forever through /ivr/hold -> /ivr/welcome" in str(raised.value)
    assert [f.code for f in assert_flow_ok(flow, allow=["FX505"])] == ["FX505"]


def test_pytest_helper_on_a_starlette_client():
    from starlette.testclient import TestClient

    from flexml_ls.config import Config
    from flexml_ls.pytest_plugin import FlexmlChecker
    app_module = _load("flexml_flow_fx502", FLOWS / "FX502" / "json-answer" / "app.py")
    flow = FlexmlChecker(Config()).flow(TestClient(app_module.app), start="/ivr/welcome")
    assert [(f.code, f.url, f.source) for f in flow.findings] == [("FX502", "/ivr/info", "/ivr/welcome")]


def test_max_requests_bounds_the_crawl():
    app_module = _load("flexml_flow_example_bounded", ROOT / "examples" / "flask_app" / "ivr_app" / "__init__.py")
    flow = crawl_app(app_module.create_app(), "/ivr/welcome", max_requests=3)
    assert flow.data["truncated"] == "stopped after 3 requests (--max-requests)"
    assert len(flow.nodes) <= 3


# --- emitters ----------------------------------------------------------------------------------------

def _small() -> Flow:
    flow = Flow(start="/a")
    flow.add_node(Node("/a", collects_input=False))
    flow.add_node(Node("/b"))
    flow.add_node(Node("/lost", data={"flexml": True}))
    flow.add_edge(Edge("/a", "/b", "Redirect", "text", "POST"))
    flow.add_edge(Edge("/b", "/a", "Play", "action", "GET", "playback ended"))
    flow.add_edge(Edge("/b", None, "Redirect", "text", "POST", "", dynamic=True))
    check(flow)
    return flow


def test_mermaid_is_exact_and_deterministic():
    assert mermaid(_small()) == (
        'flowchart LR\n  n0(["/a"]):::start\n  n1["/b"]\n  n2["/lost"]\n'
        '  n0 -- "Redirect" --> n1\n  n1 -- "Play action GET: playback ended" --> n0\n'
        '  d1(("?")):::dynamic\n  n1 -. "Redirect" .-> d1\n'
        "  classDef missing stroke:#d00,stroke-width:2px,color:#d00\n  classDef unreachable fill:#ddd,color:#777\n"
        "  classDef start stroke-width:3px\n  classDef dynamic fill:#fff,stroke-dasharray:3 3\n"
        "  linkStyle 0,1 stroke:#d00,stroke-width:2px\n")


def test_dot_json_and_html():
    flow = _small()
    assert "n1 -> d1 [label=\"Redirect\", style=dashed];" in dot(flow)
    assert 'n0 -> n1 [label="Redirect", color="#dd0000", penwidth=2];' in dot(flow)
    data = to_dict(flow)
    assert [f["code"] for f in data["findings"]] == ["FX505"]  # (FX504: a dynamic edge may reach /lost)
    assert data["edges"][2] == {"from": "/b", "to": None, "verb": "Redirect", "attribute": "text", "method": "POST",
                                "outcome": "", "dynamic": True, "path": None, "line": None, "column": None}
    page = html(flow)
    assert page.startswith("<!DOCTYPE html>") and "http" not in page.split("<body>")[0].replace(
        "https://json", "")


def test_html_without_graphviz_says_how_to_get_it(monkeypatch):
    monkeypatch.setattr("flexml_ls.flow.emit.shutil.which", lambda name: None)
    page = html(_small())
    assert "Graphviz&#x27;s `dot` is not installed" in page and "digraph flow" in page


def test_mermaid_warns_past_its_limits():
    flow = Flow(start="/0")
    for i in range(501):
        flow.add_node(Node(f"/{i}"))
        flow.add_edge(Edge(f"/{i}", f"/{i}", "Redirect", "text"))
    assert mermaid_warnings(flow, mermaid(flow))[0].startswith("501 edges: Mermaid draws at most 500")


# --- the command -----------------------------------------------------------------------------------

def test_cli_formats_and_exit_codes(capsys):
    case = FLOWS / "FX501" / "missing-route"
    assert main(["flow", str(case), "--start", "/ivr/welcome", "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert [(f["code"], f["url"], f["from"], f["line"], f["column"]) for f in data["findings"]] == [
        ("FX501", "/ivr/menu", "/ivr/welcome", 2, 19)]
    assert main(["flow", str(case), "--start", "/ivr/welcome", "--exit-zero", "--format", "github"]) == 0
    assert capsys.readouterr().out.startswith("::error file=")
    assert main(["flow", str(case), "--format", "sarif", "--ignore", "FX501"]) == 0
    assert json.loads(capsys.readouterr().out)["runs"][0]["results"] == []


def test_without_a_start_the_cli_says_fx504_is_not_checked(tmp_path, capsys):
    (tmp_path / "a.flexml").write_text("<Response><Hangup/></Response>")
    assert main(["flow", str(tmp_path)]) == 0
    assert capsys.readouterr().err == ("flexml: note: no start URL (--start, or [tool.flexml.flow] start), so FX504 "
                                       "(unreachable) is not checked\n1 document, 0 transfers: no problems.\n")
    (tmp_path / "pyproject.toml").write_text('[tool.flexml.flow]\nmethod = "PUT"\n')
    assert main(["flow", str(tmp_path)]) == 2
    assert "[tool.flexml.flow] method must be POST or GET" in capsys.readouterr().err


@pytest.mark.parametrize("argv, message", [
    (["flow", "--app", "x:y", "--url", "http://127.0.0.1:1/"], "give --app or --url, not both"),
    (["flow", "no/such/dir"], "no/such/dir: no such file or directory"),
    (["flow", "--app", "flexml_no_such_module:app"], "cannot import flexml_no_such_module"),
    (["flow", "--url", "ftp://x/"], "expected http://HOST:PORT/path"),
    (["flow", "--url", "http://127.0.0.1:9/ivr"], "cannot reach http://127.0.0.1:9/ivr"),
    (["flow", ".", "--max-requests", "0"], "--max-requests must be at least 1"),
    (["flow", "--app", "json:decoder"], "--app json:decoder: decoder is a module, not a WSGI or ASGI app"),
])
def test_cli_usage_errors(argv, message, capsys):
    assert main(argv) == 2
    assert message in capsys.readouterr().err


def test_django_example_static_and_live_agree_and_pass():
    example = ROOT / "examples" / "django_app"
    static = static_flow([example], StaticOptions(start="/ivr/welcome/"))
    assert check(static) == [] and len(static.nodes) >= 8
    live = json.loads(_run(example, "--format", "json"))
    assert live["findings"] == [] and len(live["nodes"]) >= 8
    live_edges = {(e["from"], e["to"], e["verb"], e["attribute"]) for e in live["edges"]}
    assert _edges(static) <= live_edges  # (the live crawl also follows the {{ next }} redirects)


def test_broken_example_and_its_picture_in_the_readme():
    example = ROOT / "examples" / "broken_flow"
    out = _run(example, ".")
    assert [line.split(" ")[1] for line in out.splitlines()] == ["FX505", "FX504", "FX501", "FX501"]
    assert mermaid(static_flow([example], StaticOptions(start="/welcome.flexml"))) in \
        (ROOT / "README.md").read_text(encoding="utf-8")


# --- requests as CarrierX makes them -------------------------------------------------------------

def _recording_app(documents: dict[str, str], seen: list):
    """A plain WSGI app answering `documents` by path and recording each request's method, path,
    query and JSON body."""
    def app(environ, start_response):
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else b""
        seen.append((environ["REQUEST_METHOD"], environ["PATH_INFO"], environ["QUERY_STRING"],
                     json.loads(body) if body else None, environ.get("CONTENT_TYPE")))
        text = documents.get(environ["PATH_INFO"])
        if text is None:
            start_response("404 Not Found", [("Content-Type", "text/plain")])
            return [b"no"]
        start_response("200 OK", [("Content-Type", "application/xml")])
        return [text.encode()]
    return app


def test_the_crawl_sends_what_carrierx_sends():
    seen: list = []
    app = _recording_app({
        "/start": '<Response><Gather action="/menu" numDigits="1" validDigits="12"/><Redirect method="GET">'
                  '/again?x=1</Redirect></Response>',
        "/menu": '<Response><Amd action="amd"/></Response>',
        "/amd": '<Response><Dial action="/dialed">15551234567</Dial></Response>',
        "/dialed": "<Response><Hangup/></Response>",
        "/again": "<Response><Hangup/></Response>",
    }, seen)
    flow = crawl_app(app, "/start")
    first = seen[0]
    assert first[:3] == ("POST", "/start", "") and first[4] == "application/json"
    assert {"CallSid", "From", "To", "Direction", "ApiVersion", "RequestUrl"} <= set(first[3])
    assert [(s[0], s[1], s[3]["Digits"]) for s in seen if s[1] == "/menu"] == [("POST", "/menu", "1"),
                                                                              ("POST", "/menu", "2")]
    again = [s for s in seen if s[1] == "/again"][0]
    assert again[0] == "GET" and again[3] is None and "x=1" in again[2] and "CallSid=" in again[2]
    assert sorted(s[3]["AMDStatus"] for s in seen if s[1] == "/amd") == ["HANGUP", "HUMAN", "MACHINE", "NOTSURE"]
    assert sorted(s[3]["CallStatus"] for s in seen if s[1] == "/dialed") == [
        "busy", "cancel", "completed", "failed", "noanswer"]
    assert [s[3]["RequestUrl"] for s in seen if s[1] == "/menu"][0] == "http://app.invalid/start"
    assert check(flow) == []
    assert [(e.source, e.target, e.verb, e.outcome) for e in flow.edges] == [
        ("/amd", "/dialed", "Dial", "dial ended"), ("/menu", "/amd", "Amd", "AMD verdict"),
        ("/start", "/again", "Redirect", "no input"), ("/start", "/menu", "Gather", "digits")]


def test_a_digit_the_view_does_not_expect_is_fx502():
    def app(environ, start_response):
        length = int(environ.get("CONTENT_LENGTH") or 0)
        fields = json.loads(environ["wsgi.input"].read(length)) if length else {}
        if environ["PATH_INFO"] == "/menu":
            choice = {"1": "/sales", "2": "/support"}[fields["Digits"]]  # KeyError on 3: a 500 at call time
            text = f"<Response><Redirect>{choice}</Redirect></Response>"
        elif environ["PATH_INFO"] in ("/sales", "/support"):
            text = "<Response><Hangup/></Response>"
        else:
            text = '<Response><Gather action="/menu" numDigits="1" validDigits="123"/><Hangup/></Response>'
        start_response("200 OK", [("Content-Type", "application/xml")])
        return [text.encode()]
    flow = crawl_app(app, "/")
    assert [(f.code, f.url, f.source, f.message) for f in check(flow)] == [
        ("FX502", "/menu", "/", "`/menu` answers HTTP 500 (request: POST /menu with Digits=3)")]


def test_crawl_over_http(tmp_path):
    import threading
    from wsgiref.simple_server import WSGIRequestHandler, make_server

    class Quiet(WSGIRequestHandler):
        def log_message(self, *args):
            pass

    seen: list = []
    app = _recording_app({"/a": "<Response><Redirect>/b</Redirect></Response>",
                          "/b": "<Response><Redirect>/a</Redirect></Response>"}, seen)
    server = make_server("127.0.0.1", 0, app, handler_class=Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        port = server.server_address[1]
        from flexml_ls.flow.live import crawl_url
        flow = crawl_url(f"http://127.0.0.1:{port}/a")
    finally:
        server.shutdown()
        server.server_close()
    assert [(f.code, f.url) for f in check(flow)] == [("FX505", "/a")]
    assert seen[0][3]["RequestUrl"] == f"http://127.0.0.1:{port}/a"


# --- templates with alternatives, Starlette route lists, settings -------------------------------

def test_each_alternative_of_a_template_gives_its_edge(tmp_path):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "w.xml").write_text(
        "<Response>{% if vip %}<Redirect>{% url 'vip' %}</Redirect>{% else %}"
        "<Redirect>{% url 'menu' %}</Redirect>{% endif %}</Response>")
    (tmp_path / "urls.py").write_text(
        "from django.urls import path\nfrom views import w, vip, menu\n"
        "urlpatterns = [path('w/', w, name='w'), path('vip/', vip, name='vip'), path('menu/', menu, name='menu')]\n")
    (tmp_path / "views.py").write_text(
        "def w(request):\n    return render(request, 'w.xml')\n"
        "def vip(request):\n    return HttpResponse('<Response><Hangup/></Response>')\n"
        "def menu(request):\n    return HttpResponse('<Response><Hangup/></Response>')\n")
    flow = static_flow([tmp_path], StaticOptions(start="/w/"))
    assert [(e.source, e.target, e.line, e.column) for e in flow.edges] == [
        ("/w/", "/vip/", 1, 33), ("/w/", "/menu/", 1, 79)]
    assert check(flow) == []


def test_starlette_route_lists(tmp_path):
    (tmp_path / "app.py").write_text(
        "from starlette.applications import Starlette\nfrom starlette.routing import Route\n"
        "async def welcome(request):\n    return Response('<Response><Redirect>/gone</Redirect></Response>')\n"
        "app = Starlette(routes=[Route('/welcome', welcome, methods=['POST'])])\n")
    flow = static_flow([tmp_path], StaticOptions(start="/welcome"))
    assert [(f.code, f.url, f.line, f.column) for f in check(flow)] == [("FX501", "/gone", 4, 42)]


def test_bad_flow_settings_are_usage_errors(tmp_path, capsys):
    (tmp_path / "pyproject.toml").write_text("[tool.flexml.flow]\nstrat = '/x'\n")
    assert main(["flow", str(tmp_path)]) == 2
    assert "unknown key(s) in [tool.flexml.flow]: strat" in capsys.readouterr().err


def test_html_draws_the_graph_inline_with_graphviz():
    import shutil
    if shutil.which("dot") is None:
        pytest.skip("Graphviz's dot is not installed (scripts/deps/graphviz.sh installs it)")
    flow = static_flow([ROOT / "examples" / "broken_flow"], StaticOptions(start="/welcome.flexml"))
    check(flow)
    page = html(flow)
    assert page.count("<svg") == 1 and "<script" not in page and "/menu.flexml" in page
    assert "FX505" in page and "stylesheet" not in page


# --- every check, static and live, on each framework -------------------------------------------------

TEMPLATES = {  # name -> (text with {URL:name} for a link by route name)
    "welcome.xml": '<Response><Gather action="{URL:menu}" numDigits="1" validDigits="12"><Say>Hi</Say></Gather>'
                   "<Redirect>/ivr/hold</Redirect></Response>",
    "menu.xml": '<Response><Gather action="/ivr/nowhere" numDigits="one"><Say>Again</Say></Gather>'
                "<Redirect>/ivr/info</Redirect></Response>",
    "hold.xml": "<Response><Play>https://example.com/hold.mp3</Play><Redirect>/ivr/queue</Redirect></Response>",
    "queue.xml": "<Response><Redirect>/ivr/hold</Redirect></Response>",
    "orphan.xml": '<Response><Gather action="/ivr/welcome" numDigits="1"><Say>Lost</Say></Gather></Response>',
}
PAGES = ["welcome", "menu", "hold", "queue", "orphan"]


def _flask_app(root: Path) -> str:
    lines = ["from flask import Flask, render_template", "app = Flask(__name__)", "XML = {'Content-Type': 'application/xml'}"]
    for page in PAGES:
        lines += [f"@app.post('/ivr/{page}')", f"def {page}():", f"    return render_template('{page}.xml'), 200, XML"]
    lines += ["@app.post('/ivr/info')", "def info():", "    return {'hours': '9-5'}"]
    (root / "app.py").write_text("\n".join(lines) + "\n")
    return "app:app"


def _fastapi_app(root: Path) -> str:
    lines = ["from fastapi import FastAPI, Request", "from fastapi.templating import Jinja2Templates",
             "app = FastAPI()", "templates = Jinja2Templates(directory='templates')"]
    for page in PAGES:
        lines += [f"@app.post('/ivr/{page}')", f"def {page}(request: Request):",
                  f"    return templates.TemplateResponse(request, '{page}.xml', media_type='application/xml')"]
    lines += ["@app.post('/ivr/info')", "def info():", "    return {'hours': '9-5'}"]
    (root / "app.py").write_text("\n".join(lines) + "\n")
    return "app:app"


def _django_app(root: Path) -> str:
    site = root / "site_ivr"
    site.mkdir()
    (site / "__init__.py").write_text("")
    (site / "settings.py").write_text(
        "from pathlib import Path\nSECRET_KEY = 'x'\nALLOWED_HOSTS = ['*']\nROOT_URLCONF = 'site_ivr.urls'\n"
        "INSTALLED_APPS = []\nMIDDLEWARE = []\nTEMPLATES = [{'BACKEND': 'django.template.backends.django.DjangoTemplates',"
        " 'DIRS': [Path(__file__).resolve().parent.parent / 'templates']}]\n")
    (site / "wsgi.py").write_text("import os\nfrom django.core.wsgi import get_wsgi_application\n"
                                  "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'site_ivr.settings')\n"
                                  "application = get_wsgi_application()\n")
    views = ["from django.http import JsonResponse", "from django.shortcuts import render",
             "from django.views.decorators.csrf import csrf_exempt"]
    for page in PAGES:
        views += ["@csrf_exempt", f"def {page}(request):",
                  f"    return render(request, '{page}.xml', content_type='application/xml')"]
    views += ["@csrf_exempt", "def info(request):", "    return JsonResponse({'hours': '9-5'})"]
    (site / "views.py").write_text("\n".join(views) + "\n")
    patterns = ", ".join(f"path('ivr/{page}', views.{page}, name='{page}')" for page in [*PAGES, "info"])
    (site / "urls.py").write_text(f"from django.urls import path\nfrom . import views\nurlpatterns = [{patterns}]\n")
    return "site_ivr.wsgi:application"


@pytest.mark.parametrize("framework", ["flask", "fastapi", "django"])
def test_every_check_static_and_live(framework, tmp_path):
    app = {"flask": _flask_app, "fastapi": _fastapi_app, "django": _django_app}[framework](tmp_path)
    (tmp_path / "templates").mkdir()
    link = "{% url 'menu' %}" if framework == "django" else "{{ url_for('menu') }}"
    for name, text in TEMPLATES.items():
        (tmp_path / "templates" / name).write_text(text.replace("{URL:menu}", link))
    (tmp_path / "pyproject.toml").write_text(f'[tool.flexml.flow]\nstart = "/ivr/welcome"\napp = "{app}"\n')
    static = json.loads(_run(tmp_path, ".", "--format", "json"))
    live = json.loads(_run(tmp_path, "--format", "json"))
    found = {name: sorted({(f["code"], f["url"]) for f in data["findings"]}) for name, data in
             (("static", static), ("live", live))}
    common = [("FX501", "/ivr/nowhere"), ("FX503", "/ivr/menu"), ("FX504", "/ivr/orphan"), ("FX505", "/ivr/hold"),
              ("FX506", "/ivr/orphan")]
    assert found["static"] == common, found
    assert found["live"] == sorted([*common, ("FX502", "/ivr/info")])
    by_code = {f["code"]: f for f in live["findings"]}  # live findings point at the source too
    assert (by_code["FX501"]["path"], by_code["FX501"]["line"], by_code["FX501"]["column"]) == (
        "templates/menu.xml", 1, 27)


def test_configured_routes_and_base_url(tmp_path, capsys):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "welcome.xml").write_text(
        "<Response><Gather action=\"https://ivr.example.com/ivr/menu\" numDigits=\"1\"/>"
        "<Redirect>https://elsewhere.example.com/x</Redirect></Response>")
    (tmp_path / "docs" / "menu.xml").write_text("<Response><Hangup/></Response>")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.flexml.flow]\nstart = "/ivr/welcome"\nbase-url = "https://ivr.example.com"\n'
        'routes = { "/ivr/welcome" = "docs/welcome.xml", "/ivr/menu" = "docs/menu.xml" }\n')
    assert main(["flow", str(tmp_path), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [(e["from"], e["to"]) for e in data["edges"]] == [
        ("/ivr/welcome", "/ivr/menu"), ("/ivr/welcome", "https://elsewhere.example.com/x")]
    assert data["findings"] == []
    kinds = {n["id"]: n["kind"] for n in data["nodes"]}
    assert kinds["https://elsewhere.example.com/x"] == "external" and kinds["/ivr/menu"] == "document"


def test_stored_values_reach_every_later_request():
    seen: list = []
    app = _recording_app({
        "/a": '<Response><Store name="lang">fr</Store><Redirect>/b</Redirect></Response>',
        "/b": '<Response><Store name="tier">gold</Store><Redirect>/c</Redirect></Response>',
        "/c": "<Response><Hangup/></Response>",
    }, seen)
    crawl_app(app, "/a")
    stored = {s[1]: {k: v for k, v in s[3].items() if k.startswith("Storage_")} for s in seen}
    assert stored == {"/a": {}, "/b": {"Storage_lang": "fr"}, "/c": {"Storage_lang": "fr", "Storage_tier": "gold"}}


def test_a_plain_url_is_not_read_as_a_later_expression(tmp_path):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "w.xml").write_text(
        '<Response><Gather action="/menu" numDigits="1"/>'
        "<Redirect>{{ url_for('w') }}</Redirect></Response>")
    (tmp_path / "app.py").write_text(
        "from flask import Flask, render_template\napp = Flask(__name__)\n"
        "@app.post('/w')\ndef w():\n    return render_template('w.xml')\n"
        "@app.post('/menu')\ndef menu():\n    return '<Response><Hangup/></Response>'\n")
    flow = static_flow([tmp_path], StaticOptions(start="/w"))
    assert [(e.target, e.verb) for e in flow.edges] == [("/menu", "Gather"), ("/w", "Redirect")]


def test_starlette_mount_prefixes(tmp_path):
    (tmp_path / "app.py").write_text(
        "from starlette.applications import Starlette\nfrom starlette.routing import Mount, Route\n"
        "async def menu(request):\n    return Response('<Response><Hangup/></Response>')\n"
        "app = Starlette(routes=[Mount('/phone', routes=[Mount('/ivr', routes=[Route('/menu', menu)])]),"
        " Route('/health', menu)])\n")
    assert [(r.pattern, r.methods) for r in discover([tmp_path])] == [
        ("/health", ("GET", "HEAD")), ("/phone/ivr/menu", ("GET", "HEAD"))]


def test_status_callbacks_are_checked_but_do_not_move_the_call():
    seen: list = []
    app = _recording_app({
        "/a": '<Response><Override statusCallbackUrl="/status"/><Record action="/saved" '
              'recordingStatusCallback="/gone"/><Redirect>/a</Redirect></Response>',
        "/saved": "<Response><Hangup/></Response>",
        "/status": "",
    }, seen)
    flow = crawl_app(app, "/a")
    found = check(flow)
    assert [(f.code, f.url, f.message) for f in found] == [
        ("FX501", "/gone", "`<Record>` sends its `recordingStatusCallback` requests to `/gone`, which answers 404")]
    assert {(s[1], tuple(sorted(k for k in (s[3] or {}) if k.startswith("Recording")))) for s in seen
            if s[1] == "/gone"} == {("/gone", ("RecordingDuration", "RecordingSid", "RecordingStatus", "RecordingUrl"))}
    assert flow.nodes["/status"].kind == "callback" and flow.reachable() == {"/a", "/saved"}
    static = flow_of_documents({"/a": '<Response><Override statusCallbackUrl="/nowhere"/><Hangup/></Response>'})
    assert [(f.code, f.url, f.line, f.column) for f in check(static)] == [("FX501", "/nowhere", 1, 40)]
    assert '-. "Override statusCallbackUrl: callback" .->' in mermaid(static)


def test_status_callbacks_use_the_method_their_verb_names():
    seen: list = []
    app = _recording_app({
        "/a": '<Response><Override statusCallbackUrl="/status" statusCallbackMethod="get"/>'
              '<Dial recordingStatusCallback="/dial-rec" recordingStatusCallbackMethod="GET">1555</Dial>'
              '<Record action="/saved" recordingStatusCallback="/rec"/></Response>',
        "/saved": "<Response><Hangup/></Response>", "/status": "", "/dial-rec": "", "/rec": ""}, seen)
    flow = crawl_app(app, "/a")
    assert sorted((s[1], s[0]) for s in seen if s[1] in ("/status", "/dial-rec", "/rec")) == [
        ("/dial-rec", "GET"), ("/rec", "POST"), ("/status", "GET")]
    assert sorted((e.target, e.method) for e in flow.edges if e.data.get("callback")) == [
        ("/dial-rec", "GET"), ("/rec", "POST"), ("/status", "GET")]


def test_the_editor_rediscovers_routes_when_a_module_changes(tmp_path):
    import os

    from flexml_ls.flow import editor
    (tmp_path / "pyproject.toml").write_text("[tool.flexml]\n")
    (tmp_path / "templates").mkdir()
    document = tmp_path / "templates" / "w.xml"
    document.write_text("<Response><Redirect>/menu</Redirect></Response>")
    app = tmp_path / "app.py"
    app.write_text("from flask import Flask\napp = Flask(__name__)\n@app.post('/w')\ndef w():\n"
                   "    return render_template('w.xml')\n")
    text = document.read_text()
    assert [message for _, _, message in editor.unknown_targets(text, str(document))] == [
        "`<Redirect>` sends the call to `/menu`, but no route, template or file serves it"]
    app.write_text(app.read_text() + "@app.post('/menu')\ndef menu():\n    return '<Response><Hangup/></Response>'\n")
    os.utime(app, ns=(app.stat().st_atime_ns, app.stat().st_mtime_ns + 1_000_000_000))
    key = str(editor.project_root(str(document)))
    editor._cache[key] = (0.0, *editor._cache[key][1:])   # (as if the few cached seconds had passed)
    assert editor.unknown_targets(text, str(document)) == []


def test_pytest_helper_on_a_django_client():
    """Django's test Client (in a process of its own: Django's settings are once per process)."""
    script = (
        "import os, sys, django\n"
        "sys.path.insert(0, '.')\n"
        "os.environ['DJANGO_SETTINGS_MODULE'] = 'ivr_site.settings'\n"
        "django.setup()\n"
        "from django.test import Client\n"
        "from flexml_ls.config import Config\n"
        "from flexml_ls.pytest_plugin import FlexmlChecker\n"
        "from flexml_ls.testing import assert_flow_ok\n"
        "flow = FlexmlChecker(Config()).flow(Client(), start='/ivr/welcome/')\n"
        "assert_flow_ok(flow, fail_on='warning')\n"
        "print(len(flow.nodes), len(flow.edges), sorted(flow.nodes)[0])\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT / "examples" / "django_app", capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["9", "13", "/ivr/agent/"]


def test_the_first_request_takes_the_start_routes_method(tmp_path, monkeypatch):
    (tmp_path / "getapp.py").write_text(
        "from flask import Flask\napp = Flask(__name__)\n"
        "@app.get('/start')\ndef start():\n    return '<Response><Hangup/></Response>', 200, {'Content-Type': 'application/xml'}\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    flow = crawl_app("getapp:app", "/start")
    assert check(flow) == [] and flow.nodes["/start"].method == "GET"
    seen: list = []   # (no route table: POST, as a DID requests unless told; --method says otherwise)
    app = _recording_app({"/a": "<Response><Hangup/></Response>"}, seen)
    crawl_app(app, "/a")
    crawl_app(app, "/a", method="get")
    assert [(s[0], s[1]) for s in seen] == [("POST", "/a"), ("GET", "/a")]


def test_a_url_built_at_run_time_points_at_its_view(tmp_path):
    (tmp_path / "app.py").write_text(
        "from flask import Flask\napp = Flask(__name__)\nNEXT = '/gone'\nXML = {'Content-Type': 'application/xml'}\n"
        "@app.post('/start')\ndef start():\n    return f'<Response><Redirect>{NEXT}</Redirect></Response>', 200, XML\n")
    (tmp_path / "pyproject.toml").write_text('[tool.flexml.flow]\nstart = "/start"\napp = "app:app"\n')
    live = json.loads(_run(tmp_path, "--format", "json"))
    assert [(f["code"], f["url"], f["path"], f["line"], f["column"]) for f in live["findings"]] == [
        ("FX501", "/gone", "app.py", 6, 1)]


def test_django_path_kwargs_choose_the_template(tmp_path):
    (tmp_path / "ivr").mkdir()
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "hours.xml").write_text("<Response><Redirect>/nowhere</Redirect></Response>")
    (tmp_path / "templates" / "bye.xml").write_text("<Response><Hangup/></Response>")
    (tmp_path / "ivr" / "urls.py").write_text(
        "from django.urls import path\nfrom . import views\nurlpatterns = [\n"
        "    path('hours/', views.page, {'template_name': 'hours.xml'}, name='hours'),\n"
        "    path('bye/', views.page, kwargs={'template_name': 'bye.xml'}),\n]\n")
    (tmp_path / "ivr" / "views.py").write_text(
        "from django.shortcuts import render\ndef page(request, template_name):\n"
        "    return render(request, template_name)\n")
    assert [(r.pattern, r.arguments) for r in discover([tmp_path])] == [
        ("/bye/", ["bye.xml"]), ("/hours/", ["hours.xml"])]
    flow = static_flow([tmp_path], StaticOptions(start="/hours/"))
    assert [(e.source, e.target) for e in flow.edges] == [("/hours/", "/nowhere")]
    assert flow.nodes["/bye/"].data["serves_flexml"] and '"/bye/"' in mermaid(flow)
    assert [(f.code, f.url, Path(f.path).relative_to(tmp_path).as_posix(), f.line, f.column) for f in check(flow)] == [
        ("FX504", "/bye/", "ivr/views.py", 2, None), ("FX501", "/nowhere", "templates/hours.xml", 1, 21)]


def test_focus_draws_the_part_of_the_flow_around_a_document(capsys):
    broken = ROOT / "examples" / "broken_flow"
    assert main(["flow", str(broken), "--focus", "/welcome.flexml", "--depth", "1", "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert [n["id"] for n in data["nodes"]] == ["/hold.flexml", "/menu.flexml", "/welcome.flexml"]
    assert [(e["from"], e["to"]) for e in data["edges"]] == [
        ("/welcome.flexml", "/menu.flexml"), ("/welcome.flexml", "/hold.flexml")]
    assert [(f["code"], f["url"], f["line"], f["column"]) for f in data["findings"]] == [
        ("FX505", "/hold.flexml", 3, 13), ("FX501", "/menu.flexml", 2, 19)]  # (about documents of the part)
    assert main(["flow", str(broken), "--focus", "/sales.flexml", "--depth", "0", "--format", "mermaid"]) == 0
    assert capsys.readouterr().out.splitlines()[1:3] == ['  n0["/sales.flexml"]', "  class n0 unreachable"]
    assert main(["flow", str(broken), "--focus", "/nope"]) == 2
    assert "--focus /nope: no such document in the flow" in capsys.readouterr().err


def test_over_http_the_source_gives_positions_and_the_start_method(tmp_path, capsys):
    import threading
    from wsgiref.simple_server import WSGIRequestHandler, make_server

    class Quiet(WSGIRequestHandler):
        def log_message(self, *args):
            pass

    seen: list = []
    app = _recording_app({"/welcome.flexml": "<Response><Redirect>/gone.flexml</Redirect></Response>"}, seen)
    (tmp_path / "welcome.flexml").write_text("<Response><Redirect>/gone.flexml</Redirect></Response>")
    (tmp_path / "app.py").write_text("from flask import Flask\napp = Flask(__name__)\n"
                                     "@app.get('/only-get')\ndef only_get():\n    return ''\n")
    server = make_server("127.0.0.1", 0, app, handler_class=Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        assert main(["flow", str(tmp_path), "--url", f"{base}/welcome.flexml", "-q"]) == 1
        assert capsys.readouterr().out == (f"{tmp_path / 'welcome.flexml'}:1:21: FX501 error: `<Redirect>` sends the "
                                           "call to `/gone.flexml`, which answers 404\n")
        assert main(["flow", "--url", f"{base}/nothing", "-q"]) == 1
        assert capsys.readouterr().out == ("/nothing: FX501 error: the start `/nothing` answers 404 to CarrierX's "
                                           "first request (POST; --method says which the DID uses)\n")
        main(["flow", str(tmp_path), "--url", f"{base}/only-get", "-q"])
    finally:
        server.shutdown()
        server.server_close()
    assert [(s[0], s[1]) for s in seen] == [("POST", "/welcome.flexml"), ("POST", "/gone.flexml"), ("POST", "/nothing"),
                                            ("GET", "/only-get")]
