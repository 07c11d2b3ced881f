"""The call flow of the running app, driven as CarrierX drives it.

Starting at `start`, every transfer of every response is requested with every outcome CarrierX can
produce: each key a Gather allows (numDigits/validDigits/finishOnKey), no input, each value of the
field a verb's outcome varies (Dial `CallStatus`, Amd `AMDStatus`, from the XSD's appinfo), a
recording. Requests carry the standard fields (seed 002; the XSD's `fx:requestFields`) and the
verb's own (`fx:callback fields`), as a JSON body for POST and a query string for GET, as CarrierX
sends them. States are de-duplicated; `max_requests` and `max_depth` bound the crawl; every response
is linted.

Transports: a WSGI or ASGI app in process (`--app`; a Flask app through its own test client), a
framework test client (`flexml.flow(client, ...)` in pytest), or a server over HTTP (`--url`).
"""
from __future__ import annotations

import asyncio
import importlib
import io
import json
import sys
from collections import deque
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

from ..catalog import Catalog, load
from ..diagnostics import Severity
from ..parse import parse
from . import urls
from .extract import NO_INPUT, Transfer, document_flow, response_problem
from .model import Edge, Flow, Node
from .routes import Route, pattern_regex

DTMF_KEYS = "0123456789*#"   # the telephone keypad
CALL_SID = "flexmlflowcrawl00000000000000000"
# Example values of request fields (the seed's example request, and plausible ones for the rest).
SAMPLES = {
    "AccountSid": "", "ApiVersion": "2.0", "CallerName": "", "CallSid": CALL_SID, "CallStatus": "completed",
    "Direction": "inbound", "ForwardedFrom": "", "From": "15162065338", "OriginalFrom": "+15162065338",
    "OriginalTo": "15162065337", "To": "15162065337",
    "RecordingUrl": "https://storage.example.invalid/recording.wav", "RecordingDuration": "5",
    "RecordingSid": "flexmlflowrecording0000000000000", "RecordingStatus": "completed",
    "PlaybackUrl": "https://storage.example.invalid/prompt.wav", "PlayOffset": "0", "CallDuration": "30",
    "DialCallDuration": "25",
}


class CrawlError(Exception):
    """The app cannot be loaded or reached at all (a usage error, not a finding)."""


@dataclass
class Reply:
    status: int
    content_type: str
    text: str
    location: str | None = None


# --- transports -----------------------------------------------------------------------------------

def _body(fields: dict) -> bytes:
    return json.dumps(fields).encode()


class WSGITransport:
    def __init__(self, app):
        self.app = app

    def request(self, method: str, url: str, fields: dict) -> Reply:
        parts = urlsplit(url)
        query = parts.query
        body = b""
        if method == "GET":
            query = "&".join(filter(None, [query, urlencode(fields)]))
        else:
            body = _body(fields)
        environ = {
            "REQUEST_METHOD": method, "SCRIPT_NAME": "", "PATH_INFO": parts.path or "/", "QUERY_STRING": query,
            "SERVER_NAME": "app.invalid", "SERVER_PORT": "80", "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_HOST": "app.invalid", "HTTP_USER_AGENT": "flexml-flow", "wsgi.version": (1, 0),
            "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(body), "wsgi.errors": sys.stderr,
            "wsgi.multithread": False, "wsgi.multiprocess": False, "wsgi.run_once": False,
            "CONTENT_LENGTH": str(len(body)),
        }
        if body:
            environ["CONTENT_TYPE"] = "application/json"
        captured = {}

        def start_response(status, headers, exc_info=None):
            captured["status"], captured["headers"] = status, headers
            return lambda data: None

        chunks = self.app(environ, start_response)
        try:
            data = b"".join(chunks)
        finally:
            getattr(chunks, "close", lambda: None)()
        headers = {k.lower(): v for k, v in captured.get("headers", [])}
        return Reply(int(captured.get("status", "500").split()[0]), headers.get("content-type", ""),
                     data.decode("utf-8", "replace"), headers.get("location"))


class ASGITransport:
    def __init__(self, app):
        self.app = app

    def request(self, method: str, url: str, fields: dict) -> Reply:
        return asyncio.run(self._request(method, url, fields))

    async def _request(self, method: str, url: str, fields: dict) -> Reply:
        parts = urlsplit(url)
        query = parts.query
        body = b""
        headers = [(b"host", b"app.invalid"), (b"user-agent", b"flexml-flow")]
        if method == "GET":
            query = "&".join(filter(None, [query, urlencode(fields)]))
        else:
            body = _body(fields)
            headers += [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
        scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method,
                 "scheme": "http", "path": parts.path or "/", "raw_path": (parts.path or "/").encode(),
                 "query_string": query.encode(), "root_path": "", "headers": headers,
                 "server": ("app.invalid", 80), "client": ("127.0.0.1", 1)}
        sent = {"body": False}
        status, response_headers, chunks = 500, [], []

        async def receive():
            if not sent["body"]:
                sent["body"] = True
                return {"type": "http.request", "body": body, "more_body": False}
            return {"type": "http.disconnect"}

        async def send(message):
            nonlocal status, response_headers
            if message["type"] == "http.response.start":
                status, response_headers = message["status"], message.get("headers", [])
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        await self.app(scope, receive, send)
        found = {k.decode().lower(): v.decode() for k, v in response_headers}
        return Reply(status, found.get("content-type", ""), b"".join(chunks).decode("utf-8", "replace"),
                     found.get("location"))


class ClientTransport:
    """A framework's test client: Flask/Werkzeug, Django, or Starlette/FastAPI (httpx-style)."""

    def __init__(self, client):
        self.client = client
        module = type(client).__module__
        self.httpx_style = module.startswith(("starlette", "httpx", "fastapi"))

    def request(self, method: str, url: str, fields: dict) -> Reply:
        client = self.client
        if method == "GET":
            separator = "&" if "?" in url else "?"
            response = client.get(url + (separator + urlencode(fields) if fields else ""))
        elif self.httpx_style:
            response = client.request(method, url, content=_body(fields), headers={"Content-Type": "application/json"})
        else:  # Flask and Django take the body and its content type alike
            response = getattr(client, method.lower())(url, data=_body(fields), content_type="application/json")
        headers = getattr(response, "headers", {})
        if hasattr(response, "get_data"):
            text = response.get_data(as_text=True)
        elif hasattr(response, "text") and isinstance(response.text, str):
            text = response.text
        else:
            text = bytes(getattr(response, "content", b"")).decode("utf-8", "replace")
        return Reply(response.status_code, headers.get("Content-Type", "") or "", text, headers.get("Location"))


class HTTPTransport:
    def __init__(self, origin: str, timeout: float = 10.0):
        self.origin = origin
        self.timeout = timeout

    def request(self, method: str, url: str, fields: dict) -> Reply:
        import urllib.error
        import urllib.request
        absolute = self.origin + url
        data = None
        headers = {"User-Agent": "flexml-flow"}
        if method == "GET":
            absolute += ("&" if "?" in absolute else "?") + urlencode(fields) if fields else ""
        else:
            data = _body(fields)
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(absolute, data=data, method=method, headers=headers)

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        opener = urllib.request.build_opener(NoRedirect)
        try:
            with opener.open(request, timeout=self.timeout) as response:
                return Reply(response.status, response.headers.get("Content-Type", ""),
                             response.read().decode("utf-8", "replace"), response.headers.get("Location"))
        except urllib.error.HTTPError as error:
            return Reply(error.code, error.headers.get("Content-Type", ""),
                         error.read().decode("utf-8", "replace"), error.headers.get("Location"))
        except (urllib.error.URLError, OSError) as error:
            raise CrawlError(f"cannot reach {absolute}: {getattr(error, 'reason', error)}") from None


# --- outcomes ---------------------------------------------------------------------------------------

def digit_inputs(settings: dict) -> list[str]:
    """One key sequence for each key a Gather accepts: the key, repeated to `numDigits`. Attributes
    not written take the XSD's defaults (through the catalog)."""
    lower = {k.lower(): v for k, v in {**_gather_defaults(), **settings}.items() if v is not None}
    valid = lower.get("validdigits") or DTMF_KEYS
    keys = "".join(k for k in DTMF_KEYS if k in valid)  # in keypad order (a-d: no key of a phone's keypad)
    finish = lower.get("finishonkey", "")
    if finish != "_":
        keys = "".join(k for k in keys if k not in finish)
    try:
        count = max(1, int(lower.get("numdigits") or 1))
    except ValueError:
        count = 1
    return list(dict.fromkeys(key * count for key in keys if not key.isspace()))


def _gather_defaults() -> dict:
    from ..catalog import load
    return {name: declaration.default for element_type in load().element_types.get("Gather", ())
            for name, declaration in element_type.attributes.items()}


def outcome_requests(transfer: Transfer) -> list[tuple[dict, str]]:
    """(the fields a request carries beyond the standard ones, a description) for each outcome."""
    fields = {name: SAMPLES.get(name, "") for name in transfer.fields}
    if transfer.outcome == NO_INPUT and "Digits" in transfer.fields:
        return [({**fields, "Digits": ""}, "no input")]
    if "Digits" in transfer.fields and transfer.verb == "Gather":
        return [({**fields, "Digits": keys}, f"Digits={keys}") for keys in digit_inputs(transfer.settings)]
    if transfer.varies:
        name, values = transfer.varies
        return [({**fields, name: value}, f"{name}={value}") for value in values] or [(fields, transfer.outcome)]
    return [(fields, transfer.outcome or "")]


# --- the crawl --------------------------------------------------------------------------------------

class Crawler:
    def __init__(self, transport, start: str, *, max_requests: int = 500, max_depth: int = 25,
                 origin: str = urls.LOCAL, routes: list[Route] | None = None, catalog: Catalog | None = None,
                 method: str | None = None):
        self.transport = transport
        self.origin = origin
        self.start_url = urls.resolve("/", start, origin)
        self.max_requests = max_requests
        self.max_depth = max_depth
        self.routes = routes
        self.catalog = catalog or load()
        self.flow = Flow(start=urls.node_id(self.start_url, origin))
        self.requests = 0
        self.seen: set = set()
        self.edge_keys: set = set()
        self.base = {name: SAMPLES.get(name, "") for name in self.catalog.request_fields}
        self.start_method = method.upper() if method else self._start_method()

    def _start_method(self) -> str:
        """The first request's method (the DID's `method` in CarrierX, POST unless set): GET when the
        app's own route for the start refuses POST but takes GET."""
        path = urlsplit(self.start_url).path or "/"
        for route in self.routes or ():
            if route.matches(path) and not route.accepts("POST") and route.accepts("GET"):
                return "GET"
        return "POST"

    def run(self) -> Flow:
        queue = deque([(self.start_url, self.start_method, {}, "", 0, None, {})])
        while queue:
            if self.requests >= self.max_requests:
                self.flow.data["truncated"] = f"stopped after {self.max_requests} requests (--max-requests)"
                break
            url, method, extra, description, depth, edge, stored = queue.popleft()
            key = (method, url, tuple(sorted(extra.items())), tuple(sorted(stored.items())))
            if key in self.seen:
                continue
            self.seen.add(key)
            for follow in self._visit(url, method, extra, description, edge, stored):
                if depth + 1 > self.max_depth:
                    self.flow.data["truncated"] = f"stopped at depth {self.max_depth} (--max-depth)"
                    continue
                target_url, target_method, fields, label, via, carried = follow
                queue.append((target_url, target_method, fields, label, depth + 1, via, carried))
        if self.routes is not None:
            self._probe_unreached()
        self._sort()
        return self.flow

    def _request(self, url: str, method: str, extra: dict, referrer: str | None) -> Reply:
        fields = {**self.base, "RequestUrl": referrer or url, **extra}
        self.requests += 1
        reply = self.transport.request(method, self._relative(url), fields)
        hops = 0
        while 300 <= reply.status < 400 and reply.location and hops < 5 and self.requests < self.max_requests:
            url = urls.resolve(url, reply.location, self.origin)
            self.requests += 1
            hops += 1
            reply = self.transport.request("GET", self._relative(url), {})
        return reply

    @staticmethod
    def _relative(url: str) -> str:
        """The path and query a transport requests (every transport knows its own origin)."""
        parts = urlsplit(url)
        return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")

    def _visit(self, url: str, method: str, extra: dict, description: str, edge: Edge | None, stored: dict):
        node_id = urls.node_id(url, self.origin)
        if not urls.is_own(url, self.origin):  # another site: not this app's to crawl
            self.flow.add_node(Node(node_id, kind="external"))
            return []
        try:
            reply = self._request(url, method, {**stored, **extra}, edge.data.get("from_url") if edge else None)
        except CrawlError:
            raise  # (the server cannot be reached at all)
        except Exception as error:  # noqa: BLE001 - the app raised: CarrierX would get a 500
            reply = Reply(500, "text/plain", f"{type(error).__name__}: {error}")
        request = f"{method} {urlsplit(url).path}" + (f" with {description}" if description else "")
        if reply.status in (404, 405, 410):
            node = self.flow.add_node(Node(node_id, kind="missing", method=method, data={"status": reply.status}))
            return []
        node = self.flow.add_node(Node(node_id, method=method, data={}))
        if node.kind == "callback":  # (first met as a status callback's URL; now the call is sent there)
            node.kind = "document"
        node.data.setdefault("requests", 0)
        node.data["requests"] += 1
        problem = None
        if reply.status >= 400:
            problem = f"HTTP {reply.status}"
        else:
            problem = response_problem(reply.text, catalog=self.catalog)
        if problem:
            if not node.data.get("response_problem"):
                node.data["response_problem"], node.data["request"] = problem, request
            return []
        node.data["flexml"] = True
        document = parse(reply.text)
        self._lint(node, reply.text, request)
        flow_of = document_flow(document, self.catalog)
        node.terminal = node.terminal or flow_of.terminal
        node.collects_input = node.collects_input or flow_of.collects_input
        if flow_of.silent_end is not None and "silent_end" not in node.data:
            node.data["silent_end"] = {"verb": flow_of.silent_end[0], "request": request}
        follows = []
        carried = {**stored, **flow_of.stores}  # (Store: every later request of the call carries it)
        for transfer in flow_of.transfers:
            dynamic = False
            target_url = urls.resolve(url, transfer.url, self.origin)
            target_id = urls.node_id(target_url, self.origin)
            edge_key = (node_id, target_id, transfer.verb, transfer.attribute, transfer.outcome)
            new_edge = Edge(node_id, target_id, transfer.verb, transfer.attribute, transfer.method, transfer.outcome,
                            dynamic, data={"from_url": url})
            if edge_key not in self.edge_keys:
                self.edge_keys.add(edge_key)
                self.flow.add_edge(new_edge)
            if not urls.is_own(target_url, self.origin):
                self.flow.add_node(Node(target_id, kind="external"))
                continue
            for fields, label in outcome_requests(transfer):
                follows.append((target_url, transfer.method, fields, label, new_edge, carried))
        for callback in flow_of.callbacks:
            self._callback(node_id, url, callback, carried)
        return follows

    def _callback(self, node_id: str, url: str, callback: Transfer, stored: dict) -> None:
        """A URL requested on the side (a status callback): asked once, so one nothing answers is FX501."""
        target_url = urls.resolve(url, callback.url, self.origin)
        target_id = urls.node_id(target_url, self.origin)
        edge_key = (node_id, target_id, callback.verb, callback.attribute, callback.outcome)
        if edge_key in self.edge_keys:
            return
        self.edge_keys.add(edge_key)
        self.flow.add_edge(Edge(node_id, target_id, callback.verb, callback.attribute, callback.method,
                                callback.outcome, data={"callback": True, "from_url": url}))
        if not urls.is_own(target_url, self.origin):
            self.flow.add_node(Node(target_id, kind="external"))
            return
        if target_id in self.flow.nodes or self.requests >= self.max_requests:
            return
        fields = {**stored, **{name: SAMPLES.get(name, "") for name in callback.fields}}
        try:
            reply = self._request(target_url, callback.method, fields, url)
        except CrawlError:
            raise
        except Exception:  # noqa: BLE001 - the app raised: it answered, badly (not the flow's to judge)
            reply = Reply(500, "text/plain", "")
        if reply.status in (404, 405, 410):
            self.flow.add_node(Node(target_id, kind="missing", method=callback.method, data={"status": reply.status}))
        else:
            self.flow.add_node(Node(target_id, kind="callback", method=callback.method, data={"status": reply.status}))

    def _lint(self, node: Node, text: str, request: str) -> None:
        from ..config import Config
        from ..engine import lint
        problems = node.data.setdefault("problems", [])
        for diagnostic in lint(text, Config()).diagnostics:
            if diagnostic.severity is Severity.ERROR:
                problem = {"code": diagnostic.code, "message": diagnostic.message, "line": diagnostic.line,
                           "column": diagnostic.column, "request": request}
                if not any(p["code"] == problem["code"] and p["message"] == problem["message"] for p in problems):
                    problems.append(problem)

    def _probe_unreached(self) -> None:
        """Routes of the app's own table the crawl never reached: asked once each, without
        parameters, so those that answer FlexML become (unreachable) documents of the flow."""
        reached = set(self.flow.nodes)
        for route in self.routes:
            if any(route.matches(node_id) for node_id in reached) or not route.regex \
                    or any(c in route.pattern for c in "<{(["):
                continue
            if self.requests >= self.max_requests:
                break
            method = "POST" if route.accepts("POST") else "GET" if route.accepts("GET") else None
            if method is None:
                continue
            try:
                reply = self._request(urls.resolve("/", route.pattern, self.origin), method, {}, None)
            except Exception:  # noqa: BLE001
                continue
            if reply.status < 400 and response_problem(reply.text, catalog=self.catalog) is None:
                node = self.flow.add_node(Node(route.pattern, method=method, data={"flexml": True, "route": route.name}))
                flow_of = document_flow(parse(reply.text), self.catalog)
                node.terminal, node.collects_input = flow_of.terminal, flow_of.collects_input
                if flow_of.silent_end is not None:
                    node.data["silent_end"] = {"verb": flow_of.silent_end[0], "request": f"{method} {route.pattern}"}

    def _sort(self) -> None:
        self.flow.nodes = dict(sorted(self.flow.nodes.items()))
        self.flow.edges.sort(key=lambda e: (e.source, e.target or "", e.verb, e.attribute, e.outcome))


def crawl(transport, start: str, **options) -> Flow:
    return Crawler(transport, start, **options).run()


# --- loading an app -------------------------------------------------------------------------------

def load_app(spec: str):
    """`module:name` (or `module`, taking `app` or `application`), imported from the current directory."""
    module_name, _, attribute = spec.partition(":")
    if not module_name:
        raise CrawlError(f"--app {spec!r}: expected MODULE:NAME")
    if "" not in sys.path and "." not in sys.path:
        sys.path.insert(0, "")
    try:
        module = importlib.import_module(module_name)
    except Exception as error:  # noqa: BLE001 - whatever the app's import raises is the user's to see
        raise CrawlError(f"--app {spec}: cannot import {module_name}: {type(error).__name__}: {error}") from None
    names = [attribute] if attribute else ["app", "application"]
    for name in names:
        target = module
        try:
            for part in name.split("."):
                target = getattr(target, part)
        except AttributeError:
            continue
        if callable(target) and not _is_app(target) and name == attribute and _takes_no_arguments(target):
            try:
                target = target()   # an app factory: `ivr_app:create_app`
            except Exception as error:  # noqa: BLE001 - the factory's failure is the user's to see
                raise CrawlError(f"--app {spec}: {name}() failed: {type(error).__name__}: {error}") from None
        if not callable(target):
            raise CrawlError(f"--app {spec}: {name} is a {type(target).__name__}, not a WSGI or ASGI app")
        return target
    raise CrawlError(f"--app {spec}: {module_name} has no {' or '.join(names)}")


def _takes_no_arguments(function) -> bool:
    import inspect
    try:
        signature = inspect.signature(function)
    except (TypeError, ValueError):
        return False
    return all(p.default is not p.empty or p.kind in (p.VAR_KEYWORD, p.VAR_POSITIONAL)
               for p in signature.parameters.values())


def _is_app(target) -> bool:
    return hasattr(target, "wsgi_app") or hasattr(target, "url_map") or hasattr(target, "routes") \
        or type(target).__name__ in ("WSGIHandler", "ASGIHandler")


def _is_asgi(app) -> bool:
    import inspect
    if hasattr(app, "wsgi_app"):
        return False
    call = app if inspect.isfunction(app) else getattr(app, "__call__", None)
    if call is None:
        return False
    if inspect.iscoroutinefunction(call):
        return True
    try:
        return len(inspect.signature(call).parameters) == 3
    except (TypeError, ValueError):
        return False


def transport_for(app):
    if hasattr(app, "test_client") and hasattr(app, "url_map"):
        return ClientTransport(app.test_client())
    return ASGITransport(app) if _is_asgi(app) else WSGITransport(app)


def route_table(app) -> list[Route] | None:
    """The app's own routes (Flask's url_map, Django's URL resolver, Starlette's routes)."""
    found: list[Route] = []
    if hasattr(app, "url_map"):
        for rule in app.url_map.iter_rules():
            if rule.endpoint == "static":
                continue
            found.append(Route(rule.rule, tuple(sorted(rule.methods or ())), rule.endpoint, "flask",
                               regex=pattern_regex(rule.rule)))
        return found
    routes = getattr(app, "routes", None)
    if routes is not None:
        for route in routes:
            path = getattr(route, "path", None)
            if path is None:
                continue
            methods = getattr(route, "methods", None)
            found.append(Route(path, tuple(sorted(methods)) if methods else None, getattr(route, "name", None),
                               "starlette", regex=pattern_regex(path)))
        return found
    if type(app).__name__ in ("WSGIHandler", "ASGIHandler"):
        return _django_table()
    return None


def _django_table() -> list[Route] | None:
    try:
        from django.urls import get_resolver
        patterns = get_resolver().url_patterns
    except Exception:  # noqa: BLE001 - no Django, or no settings: the crawl goes on without a table
        return None
    found: list[Route] = []
    _django_routes(patterns, "", found)
    return found


def _django_routes(patterns, prefix: str, found: list) -> None:
    for entry in patterns:
        pattern = entry.pattern
        raw = getattr(pattern, "_route", None)
        regex = raw is None
        text = str(pattern._regex if regex else raw)
        if hasattr(entry, "url_patterns"):
            _django_routes(entry.url_patterns, prefix + (text.lstrip("^").rstrip("$") if regex else text), found)
        else:
            full = "/" + prefix + (text.lstrip("^").rstrip("$") if regex else text)
            found.append(Route(full.replace("//", "/"), None, entry.name, "django",
                               regex=pattern_regex(full, raw_regex=regex)))


def crawl_app(spec_or_app, start: str = "/", **options) -> Flow:
    app = load_app(spec_or_app) if isinstance(spec_or_app, str) else spec_or_app
    return crawl(transport_for(app), start, routes=route_table(app), **options)


def method_from_source(source: Flow, url: str) -> str | None:
    """GET when the route the source says serves `url` takes GET and not POST (else None: POST)."""
    node = source.nodes.get(urlsplit(url).path or "/")
    methods = node.data.get("methods") if node is not None else None
    return "GET" if methods and "GET" in methods and "POST" not in methods else None


def crawl_url(url: str, **options) -> Flow:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise CrawlError(f"--url {url!r}: expected http://HOST:PORT/path")
    origin = f"{parts.scheme}://{parts.netloc}"
    return crawl(HTTPTransport(origin), url, origin=origin, **options)


def crawl_client(client, start: str, **options) -> Flow:
    """For tests: the flow of the app behind a Flask, Django or Starlette/FastAPI test client."""
    app = getattr(client, "application", None) or getattr(client, "app", None)
    routes = route_table(app) if app is not None else None
    if routes is None and type(client).__module__.startswith("django"):
        routes = _django_table()
    return crawl(ClientTransport(client), start, routes=routes, **options)
