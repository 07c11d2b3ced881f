"""pytest plugin (entry point `pytest11: flexml`): a `flexml` fixture, and checking of test-client responses.

The fixture:

    def test_menu(client, flexml):
        flexml(client.get("/ivr/menu"))                      # = assert_valid_flexml(..., project settings)
        flexml(client.get("/ivr/menu"), allow=["FX401"])
        diagnostics = flexml.lint(client.get("/ivr/menu")).diagnostics

Checking responses (opt-in): every response a Flask/Werkzeug, Django or Starlette/FastAPI test client
(or an httpx.AsyncClient on an ASGI app) hands to a test is checked when its body's root element is
`<Response>`; an invalid one fails the test at the request. Turn it on with any of:

    pytest --flexml-check-responses
    [tool.pytest.ini_options] flexml_check_responses = true
    @pytest.mark.flexml(check_responses=True)                # a test, class or module (pytestmark)

and off for one test with `@pytest.mark.flexml(check_responses=False)`. Ini `flexml_allow` (codes or
prefixes never failing) and `flexml_fail_on` (error|warning|info) apply to both; the marker takes
`allow=` and `fail_on=` too. Bodies whose Content-Type is neither XML nor text/html or text/plain, and
Django streaming responses, are left unread. Nothing here imports a web framework:
client classes are patched only once their modules have been imported by the tests themselves.
"""
from __future__ import annotations

import contextlib
import contextvars
import functools
import importlib.abc
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from . import config as config_module
from .config import Config, ConfigError
from .engine import LintResult
from .testing import (FlexmlAssertionError, _codes, _threshold, assert_valid_flexml, flexml_body,
                      has_response_root, lint_response, response_bytes)

_MAX_BODY = 5_000_000  # larger bodies are not FlexML a test would serve


# --- settings --------------------------------------------------------------------------------------

def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("flexml", "FlexML (flexml-ls)")
    group.addoption("--flexml-check-responses", action="store_true", default=None,
                    help="check every <Response> body a Flask/Django/Starlette test client receives")
    parser.addini("flexml_check_responses", type="bool", default=False,
                  help="check every <Response> body a Flask/Django/Starlette test client receives")
    parser.addini("flexml_allow", type="args", default=[],
                  help="rule codes or prefixes that never fail flexml checks (e.g. FX401 FX4)")
    parser.addini("flexml_fail_on", default="error",
                  help="lowest severity that fails flexml checks: error (default), warning or info")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "flexml(check_responses=True, allow=(), fail_on=None): check the FlexML responses this test's "
        "test clients receive (or, with check_responses=False, do not); allow/fail_on as assert_valid_flexml")
    try:
        _threshold(config.getini("flexml_fail_on"))  # a bad value is a usage error, reported at start
    except ValueError as error:
        raise pytest.UsageError(f"flexml_fail_on: {error}") from None


def _enabled_globally(config: pytest.Config) -> bool:
    option = config.getoption("--flexml-check-responses")
    return bool(option) if option is not None else bool(config.getini("flexml_check_responses"))


def pytest_report_header(config: pytest.Config) -> str | None:
    if _enabled_globally(config):
        return "flexml: checking <Response> bodies received by test clients"
    return None


@dataclass(frozen=True)
class _Check:
    allow: tuple[str, ...]
    fail_on: str
    config: Config


def _project_config(config: pytest.Config) -> Config:
    return config_module.for_path(Path(str(config.rootpath)))


def _settings_for(item: pytest.Item) -> tuple[bool, _Check]:
    """Whether this test checks responses, and how (ini settings overridden by the nearest marker)."""
    config = item.config
    enabled = _enabled_globally(config)
    allow = _codes(config.getini("flexml_allow"))
    fail_on = config.getini("flexml_fail_on")
    marker = item.get_closest_marker("flexml")
    if marker is not None:
        if "check_responses" in marker.kwargs:
            enabled = bool(marker.kwargs["check_responses"])
        elif marker.args:
            enabled = bool(marker.args[0])
        elif not marker.kwargs:
            enabled = True        # a bare @pytest.mark.flexml opts in
        allow = allow + _codes(marker.kwargs.get("allow", ()))
        fail_on = marker.kwargs.get("fail_on") or fail_on
        _threshold(fail_on)
    return enabled, _Check(allow, fail_on, _project_config(config))


# --- the fixture -----------------------------------------------------------------------------------

class FlexmlChecker:
    """What the `flexml` fixture gives: assert_valid_flexml with the project's settings."""

    def __init__(self, config: Config, allow: tuple[str, ...] = (), fail_on: str = "error"):
        self.config = config
        self.allow = allow
        self.fail_on = fail_on

    def __call__(self, response_or_text, *, allow=(), fail_on: str | None = None):
        __tracebackhide__ = True
        return assert_valid_flexml(response_or_text, allow=self.allow + _codes(allow),
                                   fail_on=fail_on or self.fail_on, config=self.config)

    assert_valid = __call__

    def lint(self, response_or_text) -> LintResult:
        """Lint without asserting: `.diagnostics`, `.text`."""
        return lint_response(response_or_text, config=self.config)

    def is_flexml(self, response_or_text) -> bool:
        """Whether the body's root element is <Response>."""
        return has_response_root(flexml_body(response_or_text).text)

    def flow(self, client, start: str = "/", *, max_requests: int = 500, max_depth: int = 25):
        """The app's call flow, crawled through this test client as CarrierX would call it, with the
        FX5xx findings (this project's rule selection); check it with `assert_flow_ok(flow)`."""
        from .flow.checks import check
        from .flow.live import crawl_client
        with _one_level_down():  # (the crawl reports invalid responses itself: FX502, FX503)
            flow = crawl_client(client, start, max_requests=max_requests, max_depth=max_depth)
        check(flow, self.config.select, list(self.config.ignore), self.config.severity)
        return flow


@pytest.fixture
def flexml(request: pytest.FixtureRequest) -> FlexmlChecker:
    """Check FlexML (str, bytes or a test-client response): `flexml(response, allow=[...])`."""
    _, check = _settings_for(request.node)
    return FlexmlChecker(check.config, check.allow, check.fail_on)


# --- checking test-client responses ----------------------------------------------------------------

class _State:
    """The check of the test running now (None: responses pass unchecked)."""

    check: _Check | None = None
    hook_installed = False


# How many patched client calls enclose this one: only the outermost checks (FlaskClient.open calls
# werkzeug's Client.open). A ContextVar, so concurrent async requests each count their own.
_depth: contextvars.ContextVar[int] = contextvars.ContextVar("flexml_client_depth", default=0)


def check_response(response) -> None:
    """Check one test-client response if checking is on and its body is FlexML; otherwise nothing."""
    __tracebackhide__ = True
    check = _State.check
    if check is None or response is None:
        return
    data = _readable_body(response)
    if data is None or len(data) > _MAX_BODY:
        return
    body = flexml_body(response)
    if not has_response_root(body.text):
        return
    assert_valid_flexml(response, allow=check.allow, fail_on=check.fail_on, config=check.config)


def _readable_body(response) -> bytes | None:
    """The body, unless it cannot be FlexML or reading it would consume a stream the test may read.

    Werkzeug's test responses always count as streamed and buffer themselves when read, so they are
    read unless their Content-Type rules FlexML out (event streams, files, JSON...).
    """
    if not _may_be_flexml(_content_type(response)):
        return None
    if getattr(response, "streaming", False):              # Django StreamingHttpResponse / FileResponse
        return None
    try:
        return response_bytes(response)
    except Exception:  # noqa: BLE001 - an unread httpx stream, a closed file...: not ours to read
        return None


def _content_type(response) -> str:
    headers = getattr(response, "headers", None)
    try:
        value = headers.get("Content-Type") if headers is not None else None
    except Exception:  # noqa: BLE001
        value = None
    return str(value or "").split(";")[0].strip().lower()


def _may_be_flexml(content_type: str) -> bool:
    """XML of any kind, or the text types FlexML is often (wrongly) served as; no type at all."""
    return not content_type or "xml" in content_type or content_type in ("text/html", "text/plain")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem):
    try:
        enabled, check = _settings_for(item)
    except (ValueError, ConfigError):
        enabled, check = False, None   # a bad marker or config: pytest_runtest_setup reports it
    if enabled:
        _install()
    _State.check = check if enabled else None
    try:
        return (yield)
    finally:
        _State.check = None


def pytest_runtest_setup(item: pytest.Item) -> None:
    try:
        _settings_for(item)
    except ValueError as error:
        pytest.fail(f"@pytest.mark.flexml: {error}", pytrace=False)
    except ConfigError as error:
        pytest.fail(f"flexml configuration: {error}", pytrace=False)


# Where each client hands responses to tests: (module, class, method, async?). Patched on the class
# itself, so subclasses (FlaskClient, DRF's APIClient, FastAPI's TestClient) are covered.
_TARGETS = {
    "werkzeug.test": [("Client", "open", False)],
    "flask.testing": [("FlaskClient", "open", False)],
    "django.test.client": [("Client", "request", False), ("AsyncClient", "request", True)],
    "starlette.testclient": [("TestClient", "request", False)],
    "httpx": [("AsyncClient", "send", True)],
}
_PATCHED = "_flexml_original"


def _install() -> None:
    """Patch the clients whose modules are loaded; patch the others when (if) they get imported."""
    for name in _TARGETS:
        module = sys.modules.get(name)
        if module is not None:
            _patch_module(module)
    if not _State.hook_installed:
        sys.meta_path.insert(0, _PatchOnImport())
        _State.hook_installed = True


def _patch_module(module) -> None:
    for class_name, method_name, is_async in _TARGETS.get(module.__name__, ()):
        cls = getattr(module, class_name, None)
        original = cls.__dict__.get(method_name) if cls is not None else None
        if original is None or hasattr(original, _PATCHED):
            continue
        wrapper = _async_wrapper(original) if is_async else _sync_wrapper(original)
        if module.__name__ == "httpx":
            wrapper = _asgi_only(original, wrapper)
        setattr(wrapper, _PATCHED, original)
        setattr(cls, method_name, wrapper)


@contextlib.contextmanager
def _one_level_down():
    """One more enclosing patched call (see `_depth`) while the body runs."""
    token = _depth.set(_depth.get() + 1)
    try:
        yield
    finally:
        _depth.reset(token)


def _checked_if_outermost(response):
    __tracebackhide__ = True
    if _State.check is not None and _depth.get() == 0:
        check_response(response)
    return response


def _sync_wrapper(original):
    @functools.wraps(original)
    def checked(*args, **kwargs):
        __tracebackhide__ = True
        with _one_level_down():
            response = original(*args, **kwargs)
        return _checked_if_outermost(response)
    return checked


def _async_wrapper(original):
    @functools.wraps(original)
    async def checked(*args, **kwargs):
        __tracebackhide__ = True
        with _one_level_down():
            response = await original(*args, **kwargs)
        return _checked_if_outermost(response)
    return checked


def _asgi_only(original, wrapper):
    """httpx.AsyncClient.send: check only clients calling an app in-process (ASGITransport)."""
    @functools.wraps(original)
    async def send(self, *args, **kwargs):
        __tracebackhide__ = True
        transport = type(getattr(self, "_transport", None)).__name__
        if transport == "ASGITransport":
            return await wrapper(self, *args, **kwargs)
        return await original(self, *args, **kwargs)
    return send


def unpatch_all() -> None:
    """Undo every patch and remove the import hook (for tests of this plugin)."""
    for name, targets in _TARGETS.items():
        module = sys.modules.get(name)
        for class_name, method_name, _ in targets if module is not None else ():
            cls = getattr(module, class_name, None)
            current = cls.__dict__.get(method_name) if cls is not None else None
            if current is not None and hasattr(current, _PATCHED):
                setattr(cls, method_name, getattr(current, _PATCHED))
    sys.meta_path[:] = [finder for finder in sys.meta_path if not isinstance(finder, _PatchOnImport)]
    _State.hook_installed = False


class _PatchOnImport(importlib.abc.MetaPathFinder):
    """Patches a client module right after it is first imported; imports nothing itself."""

    def find_spec(self, fullname, path, target=None):
        if fullname not in _TARGETS:
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(fullname, path, target)
            if spec is not None:
                break
        else:
            return None
        loader = spec.loader
        if loader is None or not hasattr(loader, "exec_module"):
            return spec
        spec.loader = _PatchingLoader(loader)
        return spec


class _PatchingLoader(importlib.abc.Loader):
    def __init__(self, loader):
        self._loader = loader

    def create_module(self, spec):
        return self._loader.create_module(spec)

    def exec_module(self, module):
        self._loader.exec_module(module)
        _patch_module(module)

    def __getattr__(self, name):  # get_source, get_code, is_package... for tools that ask
        return getattr(self._loader, name)


__all__ = ["FlexmlAssertionError", "FlexmlChecker", "check_response", "flexml", "unpatch_all"]
