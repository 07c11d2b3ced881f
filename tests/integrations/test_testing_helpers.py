"""flexml_ls.testing.assert_valid_flexml against str, bytes and real response objects."""
from __future__ import annotations

import http.server
import threading

import pytest

from flexml_ls.config import Config
from flexml_ls.testing import FlexmlAssertionError, assert_valid_flexml, has_response_root, lint_response

from .conftest import PYTHON, run

VALID = '<?xml version="1.0" encoding="UTF-8"?>\n<Response>\n  <Say>Hello</Say>\n  <Hangup/>\n</Response>\n'
INVALID = '<Response>\n  <Gather numDigits="one" timeout="5">\n    <Say>Press 1</Say>\n  </Gather>\n</Response>\n'
WARNING_ONLY = "<Response>\n  <Hangup/>\n  <Say>never heard</Say>\n</Response>\n"
XML = "application/xml"


def failure(obj, **kwargs) -> str:
    with pytest.raises(FlexmlAssertionError) as info:
        assert_valid_flexml(obj, **kwargs)
    assert isinstance(info.value, AssertionError)
    return str(info.value)


# --- str and bytes ---------------------------------------------------------------------------------

def test_valid_text_returns_its_diagnostics():
    assert assert_valid_flexml(VALID) == []
    assert assert_valid_flexml(VALID.encode()) == []
    assert [d.code for d in assert_valid_flexml(WARNING_ONLY)] == ["FX401"]    # warnings do not fail


def test_failure_message_shows_code_line_and_caret():
    message = failure(INVALID)
    assert message.splitlines()[:6] == [
        "FlexML text is not valid FlexML: 1 problem (failing on error and above)",
        "",
        "FX201 error: `numDigits=\"one\"` on `<Gather>` is not valid; expected an integer of at least 1",
        '2 |   <Gather numDigits="one" timeout="5">',
        "  |                      ^^^",
        "  = line 2, column 22; `flexml rule FX201` explains it",
    ]


def test_allow_and_fail_on():
    assert [d.code for d in assert_valid_flexml(INVALID, allow=["FX201"])] == ["FX201"]
    assert assert_valid_flexml(INVALID, allow="FX2")                           # prefixes, comma/space string
    message = failure(WARNING_ONLY, fail_on="warning")
    assert "FX401 warning:" in message and "failing on warning and above" in message
    assert "allowed: FX401" not in message
    assert assert_valid_flexml(WARNING_ONLY, fail_on="warning", allow=("fx401",))
    with pytest.raises(ValueError, match="fail_on"):
        assert_valid_flexml(VALID, fail_on="fatal")


def test_config_selects_rules():
    assert assert_valid_flexml(INVALID, config=Config(ignore=["FX201"])) == []


def test_bytes_are_decoded_as_a_file_would_be():
    latin = '<?xml version="1.0" encoding="ISO-8859-1"?><Response><Say>caf\xe9</Say></Response>'.encode("latin-1")
    assert assert_valid_flexml(latin) == []
    message = failure(b"<Response><Say>caf\xe9</Say></Response>")
    assert "FX001" in message and "0xE9" in message


def test_long_single_line_documents_show_a_window_with_the_caret():
    body = ('<?xml version="1.0"?><Response>' + "<Say>Welcome to the example company.</Say>" * 6
            + '<Play loop="often">https://example.com/a.mp3</Play></Response>')
    message = failure(body)
    source, carets = message.splitlines()[3:5]
    assert source.startswith("1 | …") and len(source) < 120
    assert source.index('"often"') + 1 == carets.index("^")
    assert carets.endswith("^^^^^")


def test_wide_characters_and_tabs_keep_the_caret_aligned():
    message = failure('<Response>\n\t<Say>日本 😀</Say><Play loop="x">a</Play>\n</Response>')
    source, carets = message.splitlines()[3:5]
    assert carets.startswith("  | \t")
    # Each wide character takes two columns in a terminal: the caret moves by one column per wide character.
    assert carets.index("^") == source.index('"x"') + 1 + 3


def test_has_response_root():
    assert has_response_root(VALID) and has_response_root("\ufeff<!-- c --><!DOCTYPE Response><Response/>")
    assert not has_response_root("<Responses/>") and not has_response_root('{"a": 1}')
    assert not has_response_root("<html><Response/></html>")


def test_rejects_other_objects():
    with pytest.raises(TypeError, match="str, bytes or a response object"):
        assert_valid_flexml(42)


def test_builders_with_to_xml():
    class VoiceResponse:
        def to_xml(self):
            return INVALID
    assert "VoiceResponse.to_xml() is not valid FlexML" in failure(VoiceResponse())


# --- real response objects ----------------------------------------------------------------------

def test_flask_test_client_responses():
    flask = pytest.importorskip("flask")
    app = flask.Flask("ivr")
    app.add_url_rule("/ok", "ok", lambda: flask.Response(VALID, mimetype=XML))
    app.add_url_rule("/bad", "bad", lambda: flask.Response(INVALID, mimetype="text/xml"), methods=["POST"])
    client = app.test_client()
    assert assert_valid_flexml(client.get("/ok")) == []
    message = failure(client.post("/bad?step=2"))
    assert message.startswith("response to POST /bad?step=2 (200, text/xml; charset=utf-8) is not valid FlexML")
    streamed = app.test_client().get("/ok", buffered=False)
    assert assert_valid_flexml(streamed) == [] and streamed.get_data(as_text=True) == VALID


@pytest.fixture(scope="module")
def django_client():
    pytest.importorskip("django")
    from django.conf import settings
    if not settings.configured:
        settings.configure(DEBUG=True, SECRET_KEY="test", ALLOWED_HOSTS=["testserver"], ROOT_URLCONF=__name__,
                           MIDDLEWARE=[], INSTALLED_APPS=[], DEFAULT_CHARSET="utf-8")
    import django
    django.setup()
    from django.test import Client
    return Client()


def _django_views():
    from django.http import HttpResponse, StreamingHttpResponse
    from django.urls import path
    return [
        path("ok", lambda request: HttpResponse(VALID, content_type=XML)),
        path("bad", lambda request: HttpResponse(INVALID, content_type="text/xml; charset=utf-8")),
        path("stream", lambda request: StreamingHttpResponse(iter([INVALID[:20], INVALID[20:]]), content_type=XML)),
    ]


def __getattr__(name):  # ROOT_URLCONF=this module: urlpatterns built on first use, after settings exist
    if name == "urlpatterns":
        return _django_views()
    raise AttributeError(name)


def test_django_test_client_responses(django_client):
    assert assert_valid_flexml(django_client.get("/ok")) == []
    message = failure(django_client.get("/bad", {"from": "+1555"}))
    assert message.startswith("response to GET /bad?from=%2B1555 (200, text/xml; charset=utf-8) is not valid")
    streamed = django_client.get("/stream")
    assert "FX201" in failure(streamed)
    assert b"".join(streamed.streaming_content) == INVALID.encode()   # still readable by the test


@pytest.mark.filterwarnings("ignore:Using `httpx` with `starlette.testclient`")
def test_starlette_and_fastapi_test_client_responses():
    pytest.importorskip("httpx")
    starlette = pytest.importorskip("starlette")
    from starlette.applications import Starlette
    from starlette.responses import Response
    from starlette.routing import Route
    from starlette.testclient import TestClient

    app = Starlette(routes=[
        Route("/ok", lambda request: Response(VALID, media_type=XML)),
        Route("/bad", lambda request: Response(INVALID.encode("utf-16"), media_type="application/xml; charset=utf-16")),
    ])
    with TestClient(app) as client:
        assert assert_valid_flexml(client.get("/ok")) == []
        message = failure(client.get("/bad"))
    assert message.startswith("response to GET http://testserver/bad (200, application/xml; charset=utf-16)")
    assert "FX201" in message
    assert starlette.__version__
    # A Starlette Response object itself (a view called directly) has `.body`.
    assert assert_valid_flexml(Response(VALID, media_type=XML)) == []


def test_requests_responses_from_a_real_server():
    requests = pytest.importorskip("requests")
    bodies = {"/ok": VALID, "/bad": INVALID}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            body = bodies[self.path].encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_port}"
        assert assert_valid_flexml(requests.get(base + "/ok", timeout=10)) == []
        message = failure(requests.get(base + "/bad", timeout=10))
    finally:
        server.shutdown()
        server.server_close()
    assert message.startswith(f"response to GET {base}/bad (200, text/xml) is not valid FlexML")


def test_lint_response_does_not_assert():
    assert [d.code for d in lint_response(INVALID).diagnostics] == ["FX201"]


def test_importing_the_helpers_pulls_in_no_framework_and_no_language_server():
    heavy = ["flask", "werkzeug", "django", "starlette", "httpx", "requests", "pygls", "lsprotocol", "xmlschema"]
    code = ("import sys, flexml_ls.testing, flexml_ls.pytest_plugin; "
            f"print(sorted(m for m in {heavy!r} if m in sys.modules))")
    result = run(PYTHON, "-c", code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
