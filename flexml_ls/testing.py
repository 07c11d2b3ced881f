"""Assertions for tests of FlexML that code generates: `assert_valid_flexml(response_or_text)`.

    from flexml_ls.testing import assert_valid_flexml

    def test_welcome(client):
        assert_valid_flexml(client.post("/ivr/welcome"))            # Flask, Django, Starlette, requests
        assert_valid_flexml("<Response><Hangup/></Response>")       # or str / bytes
        assert_valid_flexml(body, allow=("FX401",), fail_on="warning")

It lints with the same engine as `flexml lint` (no language-server imports, the catalog compiled once
per process) and, on failure, raises `FlexmlAssertionError` (an AssertionError) whose message shows
each problem's code, the offending line and a caret under it. Response objects are recognised by what
they have, never by importing a web framework here.
"""
from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from . import config as config_module
from .catalog import load
from .config import Config
from .diagnostics import Diagnostic, Severity
from .engine import LintResult, lint
from .source import Decoded, LineIndex, decode, read_file

__all__ = ["FlexmlAssertionError", "assert_valid_flexml", "assert_valid_template", "assert_valid_call_request", "assert_flow_ok", "lint_response",
           "flexml_body", "has_response_root"]

_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}
_FAIL_ON = {"error": Severity.ERROR, "warning": Severity.WARNING, "info": Severity.INFO}
_CHARSET = re.compile(r"""charset\s*=\s*["']?([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_SNIFF = 8192
_DOCTYPE_REST = re.compile(r"""(?:[^>\["']|"[^"]*"|'[^']*'|\[(?:[^\]"']|"[^"]*"|'[^']*')*\])*>""")
_WIDTH = 100   # longest source excerpt shown per problem; generated XML is often one long line


class FlexmlAssertionError(AssertionError):
    """FlexML that fails the check; `.diagnostics` are the failing ones, `.result` the whole lint."""

    def __init__(self, message: str, diagnostics: list[Diagnostic], result: LintResult):
        super().__init__(message)
        self.diagnostics = diagnostics
        self.result = result


@dataclass
class Body:
    """A document to check, and a phrase naming where it came from (for the failure message)."""

    text: str
    origin: str
    decoded: Decoded | None = None   # how bytes were decoded (None for text); carries decoding errors


def assert_valid_flexml(
    response_or_text,
    *,
    allow: Iterable[str] = (),
    fail_on: str = "error",
    config: Config | None = None,
) -> list[Diagnostic]:
    """Fail unless the FlexML is free of problems at or above `fail_on`; return every diagnostic.

    response_or_text: `str`, `bytes`, or a response from a Flask/Werkzeug, Django or Starlette/FastAPI
        test client, `requests` or `httpx` (anything with `get_data()`, `content`, `body` or `text`),
        or a builder with `to_xml()`.
    allow: rule codes or prefixes (`"FX401"`, `"FX4"`) that never fail the check.
    fail_on: the lowest severity that fails: "error" (default), "warning" or "info".
    config: the rule selection and severities; by default the `[tool.flexml]` settings found from the
        current directory, as `flexml lint` would use.
    """
    __tracebackhide__ = True  # pytest: show the caller's line, not this function's
    threshold = _threshold(fail_on)
    allowed = _codes(allow)
    body = flexml_body(response_or_text)
    result = _lint(body, config)
    failing = [d for d in result.diagnostics
               if _RANK[d.severity] >= _RANK[threshold] and not _matches(d.code, allowed)]
    if failing:
        raise FlexmlAssertionError(_message(body, result, failing, fail_on, allowed), failing, result)
    return result.diagnostics


def lint_response(response_or_text, *, config: Config | None = None) -> LintResult:
    """Lint a response (or str/bytes) without asserting anything."""
    return _lint(flexml_body(response_or_text), config)


def _lint(body: Body, config: Config | None) -> LintResult:
    if config is None:
        config = config_module.for_path(os.getcwd())
    # A response is rendered: `{{` in it is text (an app that serves its template unrendered shows it).
    return lint(body.text, config.with_overrides(template="none"), decoded=body.decoded)


def assert_valid_template(
    path: str | os.PathLike,
    *,
    allow: Iterable[str] = (),
    fail_on: str = "error",
    config: Config | None = None,
) -> list[Diagnostic]:
    """`assert_valid_flexml` for a Django or Jinja2 template file (as `flexml lint` reads it: every
    rendering, positions in the template); `config` defaults to the `[tool.flexml]` found from it."""
    __tracebackhide__ = True
    threshold = _threshold(fail_on)
    allowed = _codes(allow)
    data = read_file(path)  # (closes the file; a FIFO raises, never waits)
    config = config or config_module.for_path(path)
    decoded = decode(data)
    result = lint(decoded.text, config, filename=os.fspath(path), decoded=decoded)
    failing = [d for d in result.diagnostics
               if _RANK[d.severity] >= _RANK[threshold] and not _matches(d.code, allowed)]
    if failing:
        body = Body(decoded.text, f"template {os.fspath(path)}", decoded)
        raise FlexmlAssertionError(_message(body, result, failing, fail_on, allowed), failing, result)
    return result.diagnostics


def _threshold(fail_on: str) -> Severity:
    try:
        return _FAIL_ON[str(fail_on).lower()]
    except KeyError:
        raise ValueError(f"fail_on must be 'error', 'warning' or 'info', not {fail_on!r}") from None


def _codes(allow) -> tuple[str, ...]:
    if isinstance(allow, str):
        allow = allow.replace(",", " ").split()
    return tuple(str(code).strip().upper() for code in allow if str(code).strip())


def _matches(code: str, prefixes: tuple[str, ...]) -> bool:
    return any(prefix == "ALL" or code.startswith(prefix) for prefix in prefixes)


# --- getting the document out of whatever was passed ----------------------------------------------

def flexml_body(obj) -> Body:
    """The text of `obj` (str, bytes, or a response object) and a description of it."""
    if isinstance(obj, str):
        return Body(obj, "FlexML text")
    if isinstance(obj, (bytes, bytearray, memoryview)):
        return _from_bytes(bytes(obj), None, "FlexML bytes")
    origin = describe_response(obj)
    to_xml = getattr(obj, "to_xml", None)
    if callable(to_xml) and not hasattr(obj, "status_code"):
        return Body(str(to_xml()), f"{type(obj).__name__}.to_xml()")
    data = response_bytes(obj)
    if data is None:
        raise TypeError(f"assert_valid_flexml() takes str, bytes or a response object, not {type(obj).__name__} "
                        "(no get_data(), content, body or text)")
    return _from_bytes(data, _charset(obj), origin)


def response_bytes(response) -> bytes | None:
    """A response's body as bytes, or None if it has none we can read without consuming a stream."""
    get_data = getattr(response, "get_data", None)          # Flask / Werkzeug
    if callable(get_data):
        return bytes(get_data())
    if getattr(response, "streaming", False) and hasattr(response, "streaming_content"):   # Django streaming
        chunks = [bytes(chunk) for chunk in response.streaming_content]
        response.streaming_content = chunks                  # put it back for the test to read
        return b"".join(chunks)
    for name in ("content", "body"):                         # Django, httpx/Starlette, requests; ASGI body
        try:
            value = getattr(response, name)
        except Exception:  # noqa: BLE001 - e.g. httpx.ResponseNotRead: not a readable attribute
            continue
        if isinstance(value, (bytes, bytearray, memoryview)):
            return bytes(value)
        if isinstance(value, str):
            return value.encode("utf-8")
    text = getattr(response, "text", None)
    if isinstance(text, str):
        return text.encode("utf-8")
    return None


def describe_response(response) -> str:
    """`response to POST /ivr/menu (200, text/xml; charset=utf-8)`, as far as the object tells."""
    parts = []
    status = getattr(response, "status_code", None)
    if status is not None:
        parts.append(str(status))
    content_type = _header(response, "Content-Type")
    if content_type:
        parts.append(content_type)
    request = _request_line(response)
    what = f"response to {request}" if request else f"{type(response).__name__} response"
    return f"{what} ({', '.join(parts)})" if parts else what


def _request_line(response) -> str | None:
    request = getattr(response, "request", None)
    if request is None:
        return None
    if isinstance(request, dict):                            # Django test client: the WSGI environ
        path = request.get("PATH_INFO")
        query = request.get("QUERY_STRING")
        method = request.get("REQUEST_METHOD", "")
        if path:
            return f"{method} {path}{'?' + query if query else ''}".strip()
        return None
    method = getattr(request, "method", None)
    url = getattr(request, "full_path", None)       # Werkzeug: path and query, no host
    if url is None:
        url = getattr(request, "url", None)          # httpx, requests: the whole URL
    if url is None:
        return None
    url = str(url)
    if url.endswith("?"):
        url = url[:-1]
    return f"{method} {url}" if method else url


def _header(response, name: str) -> str | None:
    headers = getattr(response, "headers", None)
    if headers is None:
        return None
    try:
        value = headers.get(name)
    except Exception:  # noqa: BLE001 - an exotic headers object
        return None
    return str(value) if value else None


def _charset(response) -> str | None:
    content_type = _header(response, "Content-Type")
    if not content_type:
        return None
    match = _CHARSET.search(content_type)
    return match.group(1) if match else None


def _from_bytes(data: bytes, charset: str | None, origin: str) -> Body:
    """Decode as HTTP says (the Content-Type charset wins, RFC 7303), else as the file says."""
    if charset:
        try:
            return Body(data.decode(charset), origin)
        except LookupError:
            pass  # an unknown charset: let the document's own declaration decide
        except UnicodeDecodeError as error:
            text = data.decode(charset, errors="replace")
            offset = len(data[:error.start].decode(charset, errors="replace"))
            message = f"byte 0x{data[error.start]:02X} is not valid {charset.upper()} (the Content-Type charset)"
            return Body(text, origin, Decoded(text, charset, b"", message, offset))
    decoded = decode(data)
    return Body(decoded.text, origin, decoded)


def has_response_root(text: str) -> bool:
    """Whether the first element is `<Response>`, after any declaration, comments, PIs and DOCTYPE."""
    i, n = (1 if text[:1] == "\ufeff" else 0), min(len(text), _SNIFF)
    while i < n:
        if text[i] in " \t\r\n":
            i += 1
        elif text.startswith("<?", i):
            i = text.find("?>", i + 2)
            if i < 0:
                return False
            i += 2
        elif text.startswith("<!--", i):
            i = text.find("-->", i + 4)
            if i < 0:
                return False
            i += 3
        elif text.startswith("<!DOCTYPE", i):
            match = _DOCTYPE_REST.match(text, i + 9)
            if match is None:
                return False
            i = match.end()
        else:
            return any(re.match(rf"<{re.escape(root)}(?=[\s/>]|$)", text[i:i + len(root) + 2])
                       for root in load().roots)
    return False


# --- the failure message ---------------------------------------------------------------------------

def _message(body: Body, result: LintResult, failing: list[Diagnostic], fail_on: str,
             allowed: tuple[str, ...], subject: str = "FlexML") -> str:
    count = len(failing)
    head = f"{body.origin} is not a valid {subject}: {count} problem{'s' if count != 1 else ''}" if subject != "FlexML" \
        else f"{body.origin} is not valid FlexML: {count} problem{'s' if count != 1 else ''}"
    notes = [f"failing on {fail_on} and above"]
    if allowed:
        notes.append(f"allowed: {', '.join(allowed)}")
    others = len(result.diagnostics) - count
    if others:
        notes.append(f"{others} other diagnostic{'s' if others != 1 else ''} not failing")
    lines = [f"{head} ({'; '.join(notes)})", ""]
    gutter = len(str(max(d.line for d in failing)))
    for d in failing:
        lines.append(f"{d.code} {d.severity.value}: {d.message}")
        lines.extend(_excerpt(result.lines, d, gutter))
        lines.append(f"{' ' * gutter} = line {d.line}, column {d.column}; `flexml rule {d.code}` explains it")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _excerpt(lines: LineIndex, d: Diagnostic, gutter: int) -> list[str]:
    """The offending line (a window of it if long) and a caret line under the diagnostic's range."""
    line_number = max(d.line - 1, 0)
    if line_number >= lines.line_count:
        return []
    text = lines.line_text(line_number)
    start = min(max(d.column - 1, 0), len(text))
    end = len(text) if d.end_line > d.line else min(max(d.end_column - 1, start), len(text))
    window_start = 0
    if _width(text) > _WIDTH:
        window_start = max(0, min(start - 30, len(text) - _WIDTH))
    window = text[window_start:window_start + _WIDTH]
    prefix = "…" if window_start > 0 else ""
    suffix = "…" if window_start + _WIDTH < len(text) else ""
    shown = prefix + window + suffix
    lead = prefix + text[window_start:start]
    span = text[start:min(end, window_start + _WIDTH)]
    pad = "".join("\t" if ch == "\t" else " " * _char_width(ch) for ch in lead)
    carets = "^" * max(_width(span), 1)
    return [f"{d.line:>{gutter}} | {shown}", f"{' ' * gutter} | {pad}{carets}"]


def _char_width(ch: str) -> int:
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def _width(text: str) -> int:
    return sum(_char_width(ch) for ch in text)


# --- call requests (JSON) ----------------------------------------------------------------------------

_APIS = {"carrierx": "CarrierX call request", "exotel": "Exotel Calls/connect request"}


def assert_valid_call_request(
    body,
    api: str,
    *,
    allow: Iterable[str] = (),
    fail_on: str = "error",
    config: Config | None = None,
) -> list[Diagnostic]:
    """Fail unless a request that starts a call is free of problems at or above `fail_on` (the FX7xx
    rules); return every diagnostic. The failure message is `assert_valid_flexml`'s.

    body: a dict, a JSON string or bytes, or form data (`From=...&CallerId=...`, as a string, bytes,
        or a list of (name, value) pairs).
    api: "carrierx" (the Calls API's Call object: create or update body) or "exotel" (Calls/connect).
    allow, fail_on, config: as for `assert_valid_flexml`.
    """
    __tracebackhide__ = True
    if api not in _APIS:
        raise ValueError(f"api must be 'carrierx' or 'exotel', not {api!r}")
    threshold = _threshold(fail_on)
    allowed = _codes(allow)
    request = _request_body(body)
    if config is None:
        config = config_module.for_path(os.getcwd())
    from . import callflow
    result = callflow.lint(request.text, config, kind=api)
    failing = [d for d in result.diagnostics
               if _RANK[d.severity] >= _RANK[threshold] and not _matches(d.code, allowed)]
    if failing:
        raise FlexmlAssertionError(_message(request, result, failing, fail_on, allowed, _APIS[api]), failing, result)
    return result.diagnostics


def _request_body(body) -> Body:
    """The request as JSON text: JSON as given, form data and dicts written out one field a line."""
    import json
    from collections.abc import Mapping
    if isinstance(body, (bytes, bytearray, memoryview)):
        body = bytes(body).decode("utf-8", errors="replace")
    if isinstance(body, str):
        if body.lstrip()[:1] in ("{", "["):
            return Body(body, "JSON text")
        from urllib.parse import parse_qsl
        body = parse_qsl(body.strip(), keep_blank_values=True)
        origin = "form data (shown as JSON)"
    elif isinstance(body, Mapping):
        origin = "dict (shown as JSON)"
    elif isinstance(body, (list, tuple)):
        origin = "form data (shown as JSON)"
    else:
        raise TypeError(f"assert_valid_call_request() takes a dict, JSON or form data, not {type(body).__name__}")
    try:
        return Body(json.dumps(dict(body), indent=2, ensure_ascii=False, default=str) + "\n", origin)
    except (TypeError, ValueError) as error:
        raise TypeError(f"assert_valid_call_request(): {error}") from None



# --- call flows -------------------------------------------------------------------------------------

class FlowAssertionError(AssertionError):
    """A call flow with findings; `.findings` are the failing ones, `.flow` the whole flow."""

    def __init__(self, message: str, findings: list, flow):
        super().__init__(message)
        self.findings = findings
        self.flow = flow


def assert_flow_ok(flow, *, allow: Iterable[str] = (), fail_on: str = "error") -> list:
    """Fail with every finding of the flow (`flexml.flow(client, start=...)`, or flexml_ls.flow's
    static_flow/crawl_app) at or above `fail_on`, leaving out the codes or prefixes in `allow`;
    return all findings."""
    __tracebackhide__ = True
    threshold = _RANK[_threshold(fail_on)]
    allowed = _codes(allow)
    failing = [f for f in flow.findings
               if _RANK[Severity(f.severity)] >= threshold and not _matches(f.code, allowed)]
    if failing:
        lines = [f"the call flow from {flow.start} has {len(failing)} problem{'s' if len(failing) != 1 else ''}:"]
        for f in failing:
            where = f" ({f.path}:{f.line})" if f.path and f.line else ""
            via = f" [from {f.source}]" if f.source else ""
            lines.append(f"  {f.code} {f.severity}: {f.message}{via}{where}")
            for problem in f.data.get("problems", ()):
                lines.append(f"      {problem.get('code')} line {problem.get('line')}: {problem.get('message')}")
        raise FlowAssertionError("\n".join(lines), failing, flow)
    return list(flow.findings)
