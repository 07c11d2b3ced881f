"""`flexml server`: the language server (pygls), a thin adapter over the engine.

Documents live in `documents.OpenDocument` (code points, our own line index), never in pygls's
workspace. Linting runs in one worker thread, after typing pauses (`debounce`); a result is
published only if the document still has the version it was computed for. Every handler is
guarded: an exception is logged (to the client) and the request answered with an empty result; a
request whose params do not fit its method is answered with InvalidParams (FlexmlProtocol): every
request gets an answer.
"""
from __future__ import annotations

import asyncio
import fnmatch
import functools
import gc
import inspect
import logging
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol
from pygls.exceptions import JsonRpcException, JsonRpcInvalidParams, JsonRpcInvalidRequest
from pygls.protocol.language_server import lsp_method

from .. import __version__
from .. import config as config_module
from ..catalog import load as load_catalog
from ..config import Config, ConfigError
from ..engine import LintResult, lint
from ..fixes import fix_text
from ..parse import Document
from . import actions, convert, cursor, flow_features, json_features, logs, outline
from .completion import Completer
from .hover import describe as describe_hover, shows_diagnostics_in_hover
from .documents import UTF16, OpenDocument, Positions
from .settings import Settings

log = logging.getLogger("flexml_ls.server")
_CONFIG_FILES = ("pyproject.toml", ".flexml.toml")


def guarded(default=None):
    """Log any exception of a handler to stderr and answer `default()` instead: never die."""
    def decorate(handler):
        if inspect.iscoroutinefunction(handler):
            @functools.wraps(handler)
            async def run_async(*args):
                try:
                    return await handler(*args)
                except asyncio.CancelledError:
                    raise
                except Exception:  # noqa: BLE001
                    log.exception("%s failed", handler.__name__)
                    return default() if callable(default) else default
            return run_async

        @functools.wraps(handler)
        def run(*args):
            try:
                return handler(*args)
            except Exception:  # noqa: BLE001
                log.exception("%s failed", handler.__name__)
                return default() if callable(default) else default
        return run
    return decorate


_ANSWERED = object()  # a request already answered with an error while it was being read


class FlexmlProtocol(LanguageServerProtocol):
    """pygls's protocol, minus its own copy of open documents (see documents.py for why), and
    answering every request: one whose params do not fit its method (null, wrong types, a position
    past 2^31) is answered with InvalidParams, where pygls would only log it (and a client waiting on
    the answer would wait forever). Handlers that raise are answered by `guarded`, or by pygls."""

    def structure_message(self, data):
        request = isinstance(data, dict) and "method" in data and data.get("id") is not None
        try:
            message = super().structure_message(data)
        except JsonRpcException as error:
            if not request:
                raise  # a notification or a response: nobody waits for an answer
            log.warning("request %s (%s): %s", data.get("id"), data.get("method"), error.message)
            self._send_response(data["id"], error=JsonRpcInvalidParams(
                f"Invalid params for {data.get('method')}").to_response_error())
            return _ANSWERED
        if request and getattr(message, "id", None) is None:
            # A notification's method sent with an id (pygls drops the id): handled, and answered.
            self._send_response(data["id"], error=JsonRpcInvalidRequest(
                f"{data['method']} is a notification").to_response_error())
        return message

    def handle_message(self, message):
        if message is not _ANSWERED:
            super().handle_message(message)

    def _user(self, method, params):
        if (handler := self.fm.features.get(method)) is not None:
            yield handler, (params,), None

    @lsp_method(types.TEXT_DOCUMENT_DID_OPEN)
    def lsp_text_document__did_open(self, params: types.DidOpenTextDocumentParams):
        yield from self._user(types.TEXT_DOCUMENT_DID_OPEN, params)

    @lsp_method(types.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(self, params: types.DidChangeTextDocumentParams):
        yield from self._user(types.TEXT_DOCUMENT_DID_CHANGE, params)

    @lsp_method(types.TEXT_DOCUMENT_DID_CLOSE)
    def lsp_text_document__did_close(self, params: types.DidCloseTextDocumentParams):
        yield from self._user(types.TEXT_DOCUMENT_DID_CLOSE, params)


class State:
    """One open document and what the server knows about it."""

    def __init__(self, document: OpenDocument):
        self.document = document
        self.result: LintResult | None = None
        self.result_key: tuple | None = None
        self.timer: asyncio.TimerHandle | None = None
        self.inflight: dict[tuple, asyncio.Future] = {}
        self.published = False          # the client holds non-empty diagnostics from us
        self.tree: tuple | None = None  # (version, scanner tree, line index) for the outline features
        self.changed_at = 0.0           # when the last change arrived (for the DEBUG timing log)
        self.view: tuple | None = None  # (version, text features read): a template's editor view

    @property
    def filename(self) -> str | None:
        path = convert.uri_to_path(self.document.uri)
        return None if path is None else str(path)

    def features_text(self, config: Config) -> str:
        """The text completion, hover and the outline read: the document's, or for a template its
        editor view (template syntax blanked, same offsets: see flexml_ls.template.editor_view)."""
        document = self.document
        if self.view is None or self.view[0] != document.version:
            text = document.text
            if config.template != "none" and "{" in text:
                from ..template import editor_view, language_of
                language = language_of(self.filename, text, config.template)
                if language is not None:
                    text = editor_view(text, filename=self.filename, language=language)
            self.view = (document.version, text)
        return self.view[1]

    def in_template_syntax(self, config: Config, offset: int) -> bool:
        """Whether the offset lies inside `{{ }}`/`{% %}`/`{# #}` of a template (nothing is offered there)."""
        text = self.document.text
        if config.template == "none" or "{" not in text:
            return False
        from ..template import in_template_syntax, language_of
        language = language_of(self.filename, text, config.template)
        return language is not None and in_template_syntax(text, offset, language=language)


def tune_gc() -> None:
    """Keep garbage collection off the diagnostics path.

    Each lint of a large document leaves thousands of objects in reference cycles (trees with parent
    links). Left to itself, CPython collects them in rare full collections of 100-150 ms (2,000 lines)
    that land in the middle of a later lint. Instead: freeze everything loaded at startup (so full
    collections skip it), stop automatic full collections, and run one after each lint, once its
    diagnostics are out (about 10 ms for 2,000 lines).
    """
    gc.collect()
    gc.freeze()
    threshold0, threshold1, _ = gc.get_threshold()
    gc.set_threshold(threshold0, threshold1, 1_000_000)


GC_INTERVAL = 60.0  # seconds: a full collection at least this often, linting or not


class FlexmlServer(LanguageServer):
    def __init__(self):
        super().__init__("flexml-ls", __version__, protocol_cls=FlexmlProtocol,
                         text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.catalog = load_catalog()
        self.settings = Settings()
        self.states: dict[str, State] = {}
        self.generation = 0               # bumped when settings or config files change
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="flexml-lint")
        self.config_stamps: dict[Path, float] = {}
        self.reported_config_errors: set[str] = set()
        self.client_name = ""             # the client's clientInfo.name, from initialize
        self._register()

    # -- client capabilities -------------------------------------------------------------------------
    @property
    def encoding(self) -> str:
        try:
            encoding = self.workspace.position_encoding
        except RuntimeError:
            return UTF16
        return str(getattr(encoding, "value", encoding) or UTF16)

    def _capability(self, *path, default=None):
        value = self.client_capabilities
        for name in path:
            value = getattr(value, name, None)
            if value is None:
                return default
        return value

    @property
    def pull_mode(self) -> bool:
        mode = self.settings.diagnostic_mode
        if mode != "auto":
            return mode == "pull"
        return self._capability("text_document", "diagnostic") is not None

    # -- configuration -------------------------------------------------------------------------------
    def config_for(self, uri: str) -> Config:
        path = convert.uri_to_path(uri)
        anchor = path if path is not None else self._root_path()
        try:
            config = config_module.for_path(anchor) if anchor is not None else Config()
        except ConfigError as error:
            message = str(error)
            if message not in self.reported_config_errors:
                self.reported_config_errors.add(message)
                log.warning("configuration error, using defaults: %s", message)
                self.window_show_message(types.ShowMessageParams(types.MessageType.Warning, f"flexml: {message}"))
            config = Config()
        if config.path is not None:
            self._watch_stamp(config.path)
        return config.with_overrides(select=list(self.settings.select) if self.settings.select is not None else None,
                                     ignore=list(self.settings.ignore))

    def _root_path(self) -> Path | None:
        try:
            root = self.workspace.root_uri
        except RuntimeError:
            return None
        return convert.uri_to_path(root) if root else None

    def _watch_stamp(self, path: Path) -> None:
        if path not in self.config_stamps:
            try:
                self.config_stamps[path] = path.stat().st_mtime
            except OSError:
                pass

    def _config_files_changed(self) -> bool:
        """Whether a config file we read has changed on disk (for clients that do not watch files)."""
        for path, stamp in list(self.config_stamps.items()):
            try:
                current = path.stat().st_mtime
            except OSError:
                current = -1.0
            if current != stamp:
                return True
        return False

    def reload_config(self) -> None:
        config_module.clear_cache()
        self.config_stamps.clear()
        self.reported_config_errors.clear()
        self.generation += 1
        self.relint_all()

    def relint_all(self) -> None:
        if self.pull_mode:
            if self._capability("workspace", "diagnostics", "refresh_support"):
                self.workspace_diagnostic_refresh(None)
            return
        for state in self.states.values():
            self.schedule(state, 0)

    # -- which documents are FlexML ------------------------------------------------------------------
    def is_flexml(self, document: OpenDocument, config: Config) -> bool:
        """FlexML by language id, by file name ([tool.flexml] include, the `include` setting), or by
        its root element."""
        if document.language_id == "flexml":
            return True
        path = convert.uri_to_path(document.uri)
        name = path.name if path else document.uri.rsplit("/", 1)[-1]
        if json_features.is_json(name):  # a JSON call flow or call request, or JSON of no concern
            return json_features.attached(name, document.text)
        if config.is_included(Path(name)) or any(self._matches(pattern, path, name) for pattern in self.settings.include):
            return True
        first = cursor.first_element(document.text)
        if first is not None and any(first[0].casefold() == root.casefold() for root in self.catalog.roots):
            return True
        if config.template == "none" or "extends" not in document.text:
            return False
        # A template that extends a base whose root is <Response> (see flexml_ls.template.base_root).
        from ..template import base_root
        root = base_root(document.text, filename=str(path) if path else None, search_dirs=config.template_dirs)
        return root is not None and any(root.casefold() == each.casefold() for each in self.catalog.roots)

    def _matches(self, pattern: str, path: Path | None, name: str) -> bool:
        """A file-name pattern (`*.ivr.xml`) or a path glob (`**/ivr/*.xml`, relative to the workspace)."""
        if "/" not in pattern:
            return fnmatch.fnmatch(name, pattern)
        if path is None:
            return False
        candidates = [path.as_posix()]
        root = self._root_path()
        if root is not None:
            try:
                candidates.append(path.relative_to(root).as_posix())
            except ValueError:
                pass
        return any(fnmatch.fnmatch(candidate, pattern) for candidate in candidates)

    # -- linting -------------------------------------------------------------------------------------
    def key(self, state: State) -> tuple:
        return (state.document.version, self.generation)

    def schedule(self, state: State, delay: float | None = None) -> None:
        if state.timer is not None:
            state.timer.cancel()
        delay = self.settings.debounce if delay is None else delay
        loop = asyncio.get_running_loop()
        state.timer = loop.call_later(delay, self._start, state)

    def _start(self, state: State) -> asyncio.Future:
        state.timer = None
        if self._config_files_changed():
            config_module.clear_cache()
            self.config_stamps.clear()
            self.generation += 1
        key = self.key(state)
        future = state.inflight.get(key)
        if future is not None:
            return future
        document = state.document
        config = self.config_for(document.uri)
        attached = self.is_flexml(document, config)
        text = document.text
        loop = asyncio.get_running_loop()
        future = loop.run_in_executor(self.executor, self._lint, text, config, attached, state.filename)
        state.inflight[key] = future
        future.add_done_callback(functools.partial(self._finished, state, key))
        return future

    def _lint(self, text: str, config: Config, attached: bool, filename: str | None = None) -> LintResult | None:
        if not attached:
            return None
        started = time.perf_counter()
        result = lint(text, config, filename=filename, catalog=self.catalog)
        log.debug("linted %d characters in %.1f ms", len(text), (time.perf_counter() - started) * 1000)
        if filename:
            # The project's routes, for FX501 at the publish: discovered (or checked for changes) here,
            # in the worker, so the event loop finds them cached (the first discovery reads every module).
            try:
                flow_features.warm(filename)
            except Exception:  # noqa: BLE001 - route discovery must never cost the document its lint
                log.exception("route discovery failed")
        return result

    def _finished(self, state: State, key: tuple, future: asyncio.Future) -> None:
        state.inflight.pop(key, None)
        if future.cancelled():
            return
        try:
            self._handle_result(state, key, future)
        finally:
            # Collect the previous result's garbage now that this one is out (see tune_gc).
            self.executor.submit(gc.collect)

    def _handle_result(self, state: State, key: tuple, future: asyncio.Future) -> None:
        error = future.exception()
        if error is not None:
            log.error("linting failed", exc_info=error)
            return
        if self.states.get(state.document.uri) is not state or key != self.key(state):
            return  # closed, or edited since: a newer lint will publish
        state.result, state.result_key = future.result(), key
        if not self.pull_mode:
            self.publish(state)
            if log.isEnabledFor(logging.DEBUG):
                log.debug("published version %s %.1f ms after its change arrived", key[0],
                          (time.perf_counter() - state.changed_at) * 1000)

    def publish(self, state: State) -> None:
        result = state.result
        if result is None and not state.published:
            return
        items = self.lsp_diagnostics(result) if result is not None else []
        items += self.flow_diagnostics(state, result)
        state.published = bool(items)
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
            uri=state.document.uri, diagnostics=items, version=state.document.version))

    def flow_diagnostics(self, state: State, result: LintResult | None) -> list[types.Diagnostic]:
        """FX501 from the project's routes (flow_features), for the text just linted."""
        if result is None or result.text != state.document.text:
            return []
        config = self.config_for(state.document.uri)
        from ..rules import select as selected_codes
        if "FX501" not in selected_codes(config.select, config.ignore):
            return []
        try:
            # (A plain document's tree is the lint's; a template's first rendering is not its text.)
            document = result.document if result.template is None else None
            return flow_features.diagnostics(result.text, state.filename, Positions(result.lines, self.encoding),
                                             self.settings.rule_docs_url, config.severity.get("FX501"), document)
        except Exception:  # noqa: BLE001 - route discovery must never cost the document its lint
            logging.getLogger("flexml_ls").exception("call-flow diagnostics failed")
            return []

    def lsp_diagnostics(self, result: LintResult) -> list[types.Diagnostic]:
        positions = Positions(result.lines, self.encoding)
        return [convert.to_diagnostic(d, positions, self.settings.rule_docs_url) for d in result.diagnostics]

    async def ensure_result(self, state: State) -> LintResult | None:
        """The lint result for the document as it is now (linting at once if none is due)."""
        if state.result_key == self.key(state):
            return state.result
        if state.timer is not None:
            state.timer.cancel()
            state.timer = None
        return await asyncio.shield(self._start(state))

    def attached(self, uri: str) -> State | None:
        state = self.states.get(uri)
        if state is None:
            return None
        if state.result_key == self.key(state):
            return state if state.result is not None else None
        return state if self.is_flexml(state.document, self.config_for(uri)) else None

    # -- handlers ------------------------------------------------------------------------------------
    def _register(self) -> None:
        feature = self.feature
        feature(types.INITIALIZE)(guarded()(self.on_initialize))
        feature(types.INITIALIZED)(guarded()(self.on_initialized))
        feature(types.TEXT_DOCUMENT_DID_OPEN)(guarded()(self.did_open))
        feature(types.TEXT_DOCUMENT_DID_CHANGE)(guarded()(self.did_change))
        feature(types.TEXT_DOCUMENT_DID_CLOSE)(guarded()(self.did_close))
        feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)(guarded()(self.did_change_configuration))
        feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)(guarded()(self.did_change_watched_files))
        feature(types.TEXT_DOCUMENT_DIAGNOSTIC,
                types.DiagnosticOptions(identifier="flexml", inter_file_dependencies=False,
                                        workspace_diagnostics=False))(
            guarded(lambda: types.RelatedFullDocumentDiagnosticReport(items=[]))(self.pull_diagnostics))
        feature(types.TEXT_DOCUMENT_COMPLETION,
                types.CompletionOptions(trigger_characters=["<", "/", " ", '"', "'"]))(
            guarded(lambda: types.CompletionList(is_incomplete=False, items=[]))(self.completion))
        feature(types.TEXT_DOCUMENT_HOVER)(guarded()(self.hover))
        feature(types.TEXT_DOCUMENT_CODE_ACTION,
                types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix, actions.FIX_ALL_KIND]))(
            guarded(list)(self.code_action))
        feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)(guarded(list)(self.document_symbol))
        feature(types.TEXT_DOCUMENT_FOLDING_RANGE)(guarded(list)(self.folding_range))
        feature(types.TEXT_DOCUMENT_DOCUMENT_LINK)(guarded(list)(self.document_link))
        feature(types.TEXT_DOCUMENT_DEFINITION)(guarded(list)(self.definition))
        self.command("flexml.callFlow")(guarded()(self.call_flow))

    def on_initialize(self, params: types.InitializeParams) -> None:
        self.settings = self.settings.merged(params.initialization_options)
        self.client_name = params.client_info.name if params.client_info else ""

    def _collect_periodically(self) -> None:
        self.executor.submit(gc.collect)
        asyncio.get_running_loop().call_later(GC_INTERVAL, self._collect_periodically)

    async def on_initialized(self, params: types.InitializedParams) -> None:
        logs.to_client(self, asyncio.get_running_loop())   # with levels, not all as stderr "errors"
        asyncio.get_running_loop().call_later(GC_INTERVAL, self._collect_periodically)
        if self._capability("workspace", "did_change_watched_files", "dynamic_registration"):
            watchers = [types.FileSystemWatcher(glob_pattern=f"**/{name}") for name in _CONFIG_FILES]
            try:
                await asyncio.wait_for(self.client_register_capability_async(types.RegistrationParams(registrations=[
                    types.Registration(id="flexml-config-files", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                                       register_options=types.DidChangeWatchedFilesRegistrationOptions(watchers))])),
                    timeout=10)
            except Exception as error:  # noqa: BLE001 - the mtime check still catches edits
                log.info("could not register config file watchers: %s", error)
        await self._pull_configuration()

    async def _pull_configuration(self) -> None:
        if not self._capability("workspace", "configuration"):
            return
        try:
            answer = await asyncio.wait_for(self.workspace_configuration_async(types.ConfigurationParams(
                items=[types.ConfigurationItem(section="flexml")])), timeout=10)
        except Exception as error:  # noqa: BLE001
            log.info("workspace/configuration failed: %s", error)
            return
        if answer and isinstance(answer[0], dict):
            self._apply_settings(answer[0])

    def _apply_settings(self, raw) -> None:
        settings = self.settings.merged(raw)
        if settings != self.settings:
            self.settings = settings
            self.generation += 1
            self.relint_all()

    def did_open(self, params: types.DidOpenTextDocumentParams) -> None:
        item = params.text_document
        state = State(OpenDocument(item.uri, item.text, item.version, item.language_id or ""))
        state.changed_at = time.perf_counter()   # the DEBUG timing of its first publish counts from here
        self.states[item.uri] = state
        if not self.pull_mode:
            self.schedule(state, 0)

    def did_change(self, params: types.DidChangeTextDocumentParams) -> None:
        state = self.states.get(params.text_document.uri)
        if state is None:
            return
        state.document.apply(params.content_changes, self.encoding)
        state.document.version = params.text_document.version
        state.changed_at = time.perf_counter()
        if not self.pull_mode:
            self.schedule(state)

    def did_close(self, params: types.DidCloseTextDocumentParams) -> None:
        state = self.states.pop(params.text_document.uri, None)
        if state is None:
            return
        if state.timer is not None:
            state.timer.cancel()
        if state.published and not self.pull_mode:
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=state.document.uri,
                                                                                  diagnostics=[]))

    async def did_change_configuration(self, params: types.DidChangeConfigurationParams) -> None:
        settings = params.settings
        if isinstance(settings, dict) and settings:
            self._apply_settings(settings)
        else:
            await self._pull_configuration()

    def did_change_watched_files(self, params: types.DidChangeWatchedFilesParams) -> None:
        if any(change.uri.rsplit("/", 1)[-1] in _CONFIG_FILES for change in params.changes):
            self.reload_config()

    async def pull_diagnostics(self, params: types.DocumentDiagnosticParams):
        state = self.states.get(params.text_document.uri)
        if state is None:
            return types.RelatedFullDocumentDiagnosticReport(items=[])
        key = self.key(state)
        result = await self.ensure_result(state)
        result_id = f"{key[0]}:{key[1]}"
        if params.previous_result_id == result_id:
            return types.RelatedUnchangedDocumentDiagnosticReport(result_id=result_id)
        items = self.lsp_diagnostics(result) if result is not None else []
        items += self.flow_diagnostics(state, result)
        if log.isEnabledFor(logging.DEBUG):   # pull mode's counterpart of "published version ..."
            log.debug("answered version %s %.1f ms after its change arrived", key[0],
                      (time.perf_counter() - state.changed_at) * 1000)
        return types.RelatedFullDocumentDiagnosticReport(items=items, result_id=result_id)

    def at_cursor(self, params: types.TextDocumentPositionParams):
        """(state, positions, offset of the cursor) in an attached document; None for any other."""
        state = self.attached(params.text_document.uri)
        if state is None:
            return None
        positions = Positions(state.document.lines, self.encoding)
        return state, positions, positions.offset(params.position.line, params.position.character)

    def completion(self, params: types.CompletionParams):
        found = self.at_cursor(params)
        if found is None:
            return types.CompletionList(is_incomplete=False, items=[])
        state, positions, offset = found
        if json_features.is_json(state.filename):
            formats = self._capability("text_document", "completion", "completion_item", "documentation_format") or []
            return json_features.completion(state.document.text, offset, state.filename, positions,
                                            types.MarkupKind.Markdown in formats)
        config = self.config_for(params.text_document.uri)
        if state.in_template_syntax(config, offset):
            return types.CompletionList(is_incomplete=False, items=[])
        text = state.features_text(config)
        where = cursor.locate(text, offset)
        snippets = bool(self._capability("text_document", "completion", "completion_item", "snippet_support"))
        formats = self._capability("text_document", "completion", "completion_item", "documentation_format") or []
        completer = Completer(self.catalog, snippets=snippets, markdown=types.MarkupKind.Markdown in formats)
        return types.CompletionList(is_incomplete=False, items=completer.complete(text, where, positions))

    async def hover(self, params: types.HoverParams) -> types.Hover | None:
        at = self.at_cursor(params)
        if at is None:
            return None
        state, positions, offset = at
        document = state.document
        if json_features.is_json(state.filename):
            result = await self.ensure_result(state)
            current = result is not None and result.text == document.text
            return json_features.hover(document.text, offset, state.filename, positions,
                                       result.diagnostics if current else None,
                                       not shows_diagnostics_in_hover(self.client_name),
                                       lambda code: convert.rule_href(code, self.settings.rule_docs_url))
        config = self.config_for(params.text_document.uri)
        if state.in_template_syntax(config, offset):
            return None
        result = await self.ensure_result(state)
        current = result is not None and result.text == document.text
        found = describe_hover(self.catalog, state.features_text(config), offset,
                               result.diagnostics if current else None,
                               with_message=not shows_diagnostics_in_hover(self.client_name),
                               href=lambda code: convert.rule_href(code, self.settings.rule_docs_url))
        flow_found = flow_features.hover(document.text, state.filename, offset, self.catalog.request_fields)
        if flow_found is not None:  # a URL the call is sent to: what serves it, and what CarrierX sends
            found = (flow_found[0] if found is None else found[0] + "\n\n---\n\n" + flow_found[0],
                     flow_found[1] if found is None else found[1])
        if found is None:
            return None
        markdown, span = found
        return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=markdown),
                           range=convert.to_range(positions, *span) if span else None)

    async def code_action(self, params: types.CodeActionParams) -> list[types.CodeAction]:
        state = self.attached(params.text_document.uri)
        if state is None:
            return []
        result = await self.ensure_result(state)
        if result is None:
            return []
        text = result.text
        if state.document.text != text:
            return []  # edited while we linted: the client asks again for the new text
        version = state.document.version
        positions = Positions(result.lines, self.encoding)
        start = positions.offset(params.range.start.line, params.range.start.character)
        end = positions.offset(params.range.end.line, params.range.end.character)
        only = list(params.context.only) if params.context and params.context.only else None
        answer = []
        lsp_by_diagnostic = {}
        json = json_features.is_json(state.filename)
        for action in actions.for_range(text, result.lines, result.diagnostics, start, end, only,
                                        template=result.template is not None):
            if json and action.has_placeholder:
                continue  # a suppression comment: JSON has none (`[tool.flexml]` ignores serve instead)
            diagnostic = action.diagnostic
            if diagnostic is not None and id(diagnostic) not in lsp_by_diagnostic:
                lsp_by_diagnostic[id(diagnostic)] = convert.to_diagnostic(diagnostic, positions,
                                                                           self.settings.rule_docs_url)
            answer.append(types.CodeAction(
                title=action.title, kind=action.kind,
                diagnostics=[lsp_by_diagnostic[id(diagnostic)]] if diagnostic is not None else None,
                is_preferred=action.preferred or None,
                edit=self.workspace_edit(state.document.uri, version, positions, action.edits,
                                         snippets=action.has_placeholder)))
        if actions.wanted(actions.FIX_ALL_KIND, only) and any(d.fix and d.fix.safe for d in result.diagnostics):
            config = self.config_for(state.document.uri)
            loop = asyncio.get_running_loop()
            fixed, count = await loop.run_in_executor(
                self.executor, fix_text, text,
                lambda t: lint(t, config, filename=state.filename, catalog=self.catalog).diagnostics,
                False, result.diagnostics if result.text == text else None)
            edit = actions.minimal_edit(text, fixed)
            if edit is not None:
                answer.append(types.CodeAction(
                    title=f"Fix all safe flexml problems ({count})", kind=actions.FIX_ALL_KIND,
                    edit=self.workspace_edit(state.document.uri, version, positions, [edit])))
        return answer

    def workspace_edit(self, uri: str, version: int | None, positions: Positions, edits,
                       snippets: bool = False) -> types.WorkspaceEdit:
        """The edits for the client; with `snippets`, edits holding a placeholder become snippet edits
        (LSP 3.18) for clients that take them, so the cursor lands on the placeholder."""
        text_edits = [convert.to_text_edit(positions, edit) for edit in edits]
        if snippets and self._capability("workspace", "workspace_edit", "document_changes") \
                and self._capability("workspace", "workspace_edit", "snippet_edit_support"):
            text_edits = [types.SnippetTextEdit(range=e.range, snippet=types.StringValue(value=snippet))
                          if (snippet := actions.as_snippet(e.new_text)) is not None else e for e in text_edits]
        if self._capability("workspace", "workspace_edit", "document_changes"):
            return types.WorkspaceEdit(document_changes=[types.TextDocumentEdit(
                text_document=types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=version),
                edits=text_edits)])
        return types.WorkspaceEdit(changes={uri: text_edits})

    async def _tree(self, uri: str) -> tuple[Document | None, Positions | None]:
        """The scanner's full tree of the document as it is now (the engine's own tree may be a lazy
        one without comments or text offsets), computed off the event loop once per version."""
        state = self.attached(uri)
        if state is None:
            return None, None
        document = state.document
        if state.tree is None or state.tree[0] != document.version:
            loop = asyncio.get_running_loop()
            version, lines = document.version, document.lines
            text = state.features_text(self.config_for(uri))
            tree = await loop.run_in_executor(self.executor, outline.scan_document, text)
            state.tree = (version, tree, lines)
        _, tree, lines = state.tree
        return tree, Positions(lines, self.encoding)

    async def document_symbol(self, params: types.DocumentSymbolParams):
        state = self.attached(params.text_document.uri)
        if state is not None and json_features.is_json(state.filename):
            return json_features.symbols(state.document.text, state.filename,
                                         Positions(state.document.lines, self.encoding))
        tree, positions = await self._tree(params.text_document.uri)
        return outline.symbols(self.catalog, tree, positions) if tree else []

    async def folding_range(self, params: types.FoldingRangeParams):
        tree, positions = await self._tree(params.text_document.uri)
        return outline.folding_ranges(tree, positions.lines) if tree else []

    def call_flow(self, *arguments) -> dict | None:
        """`flexml.callFlow` [uri]: the call flow of the project holding that document, as Mermaid."""
        uri = arguments[0] if arguments else None
        if isinstance(uri, dict):
            uri = uri.get("uri")
        path = convert.uri_to_path(uri) if isinstance(uri, str) else None
        return flow_features.call_flow(str(path) if path is not None else None)

    def definition(self, params: types.DefinitionParams) -> list[types.Location]:
        """From an `action` or `<Redirect>` URL to the template or view that serves it."""
        at = self.at_cursor(params)
        if at is None:
            return []
        state, positions, offset = at
        if json_features.is_json(state.filename):  # a module key named by `next`, `match`...: its module
            return json_features.definition(state.document.text, offset, state.filename, state.document.uri, positions)
        return flow_features.definition(state.document.text, state.filename, offset)

    async def document_link(self, params: types.DocumentLinkParams):
        tree, positions = await self._tree(params.text_document.uri)
        if not tree:
            return []
        found = outline.links(self.catalog, tree, positions, self.settings.base_url)
        state = self.attached(params.text_document.uri)
        if state is not None:  # a URL a route of the project serves links to its template or view instead
            served = flow_features.links(state.document.text, state.filename, positions)
            def span(link):
                return (link.range.start.line, link.range.start.character, link.range.end.line,
                        link.range.end.character)
            spans = {span(link) for link in served}
            found = [link for link in found if span(link) not in spans] + served
        if not self._capability("text_document", "document_link", "tooltip_support"):
            for link in found:
                link.tooltip = None
        return found
