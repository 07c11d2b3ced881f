"""pytest-lsp plumbing for the language server's end-to-end tests.

Every test talks to a real `python -m flexml_ls server` over stdio. The client records every
`publishDiagnostics` it receives; tests poll that record (`wait_for_diagnostics`) instead of
`wait_for_notification`, which would only catch the next one.
"""
from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path

from lsprotocol import types
from pygls.protocol import default_converter
import pytest_lsp
from pytest_lsp import ClientServerConfig, LanguageClient
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures" / "valid"
SERVER_COMMAND = [sys.executable, "-m", "flexml_ls", "server"]


class RecordingClient(LanguageClient):
    """A test client that keeps every publishDiagnostics, in order of arrival."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.published: list[types.PublishDiagnosticsParams] = []
        self.registrations: list[types.Registration] = []


def make_client() -> RecordingClient:
    client = RecordingClient(converter_factory=default_converter)
    register_lsp_features(client, {method: handler for method, handler in DEFAULT_CLIENT_FEATURES.items()
                                   if method != types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS})

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def record(params: types.PublishDiagnosticsParams) -> None:
        client.published.append(params)
        client.diagnostics[params.uri] = params.diagnostics

    @client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(params: types.RegistrationParams) -> None:
        client.registrations.extend(params.registrations)

    return client


CONFIG = ClientServerConfig(server_command=SERVER_COMMAND, client_factory=make_client)


def capabilities(*, encodings: list[str] | None = None, pull: bool = False, snippets: bool = True,
                 watch: bool = False) -> types.ClientCapabilities:
    """A client like VS Code: snippets, Markdown, versioned workspace edits (and pull if asked)."""
    return types.ClientCapabilities(
        general=types.GeneralClientCapabilities(position_encodings=encodings) if encodings else None,
        workspace=types.WorkspaceClientCapabilities(
            workspace_edit=types.WorkspaceEditClientCapabilities(document_changes=True),
            did_change_watched_files=types.DidChangeWatchedFilesClientCapabilities(dynamic_registration=watch),
            configuration=False,
        ),
        text_document=types.TextDocumentClientCapabilities(
            completion=types.CompletionClientCapabilities(completion_item=types.ClientCompletionItemOptions(
                snippet_support=snippets, documentation_format=[types.MarkupKind.Markdown])),
            hover=types.HoverClientCapabilities(content_format=[types.MarkupKind.Markdown]),
            document_link=types.DocumentLinkClientCapabilities(tooltip_support=True),
            publish_diagnostics=types.PublishDiagnosticsClientCapabilities(version_support=True),
            diagnostic=types.DiagnosticClientCapabilities() if pull else None,
            code_action=types.CodeActionClientCapabilities(code_action_literal_support=types.ClientCodeActionLiteralOptions(
                code_action_kind=types.ClientCodeActionKindOptions(value_set=["quickfix", "source"]))),
        ),
    )


async def initialize(client: LanguageClient, root: Path, caps: types.ClientCapabilities,
                     options: dict | None = None) -> types.InitializeResult:
    client.root, client.count = root, 0   # the workspace, and how many documents new_uri has named
    return await client.initialize_session(types.InitializeParams(
        capabilities=caps, root_uri=root.as_uri(),
        workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name=root.name)],
        initialization_options=options))


def server_session(workspace: str, *, name: str = "client", caps: types.ClientCapabilities | None = None,
                   options: dict | None = None, config: ClientServerConfig = CONFIG):
    """A module-scoped fixture `name`: a client of a fresh server, initialised in a new folder
    `workspace` (with VS Code's capabilities unless `caps` says otherwise), shut down at the end."""
    @pytest_lsp.fixture(config=config, scope="module", name=name)
    async def session(lsp_client: RecordingClient, tmp_path_factory):
        await initialize(lsp_client, tmp_path_factory.mktemp(workspace), caps or capabilities(), options)
        yield
        await lsp_client.shutdown_session()
    return session


def new_uri(client: LanguageClient, stem: str = "doc") -> str:
    """A URI in the client's workspace that no earlier test has opened."""
    client.count += 1
    return (client.root / f"{stem}{client.count}.flexml").as_uri()


def open_document(client: LanguageClient, uri: str, text: str, language_id: str = "flexml", version: int = 1) -> None:
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id=language_id, version=version, text=text)))


def replace_all(client: LanguageClient, uri: str, version: int, text: str) -> None:
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)]))


def edit(client: LanguageClient, uri: str, version: int, start: tuple[int, int], end: tuple[int, int], text: str):
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
        content_changes=[types.TextDocumentContentChangePartial(
            range=types.Range(types.Position(*start), types.Position(*end)), text=text)]))


async def wait_for_diagnostics(client: RecordingClient, uri: str, version: int | None = None,
                               timeout: float = 15.0) -> list[types.Diagnostic]:
    """The latest diagnostics published for `uri` (for `version`, if given), polling until they come."""
    deadline = time.monotonic() + timeout
    while True:
        for params in reversed(client.published):
            if params.uri == uri and (version is None or params.version == version):
                return list(params.diagnostics)
        if time.monotonic() > deadline:
            seen = [(p.uri, p.version, len(p.diagnostics)) for p in client.published]
            raise AssertionError(f"no diagnostics for {uri} version {version} within {timeout}s; got {seen}")
        await asyncio.sleep(0.02)


def position_of(text: str, marker: str = "|") -> tuple[str, int, int]:
    """Remove `marker` from `text`; return the text and the marker's (line, code-point column)."""
    index = text.index(marker)
    before = text[:index]
    line = before.count("\n")
    column = index - (before.rfind("\n") + 1)
    return text[:index] + text[index + len(marker):], line, column


def apply_text_edits(text: str, edits: list[types.TextEdit]) -> str:
    """Apply LSP edits (UTF-16 columns, as the test clients use by default) to `text`."""
    lines = text.split("\n")

    def offset(position: types.Position) -> int:
        line_start = sum(len(line) + 1 for line in lines[:position.line])
        line = lines[position.line] if position.line < len(lines) else ""
        units = 0
        column = 0
        while column < len(line) and units < position.character:
            units += 2 if ord(line[column]) > 0xFFFF else 1
            column += 1
        return line_start + column

    spans = sorted(((offset(e.range.start), offset(e.range.end), e.new_text) for e in edits), reverse=True)
    for start, end, new_text in spans:
        text = text[:start] + new_text + text[end:]
    return text


def edits_of(action: types.CodeAction, uri: str) -> list[types.TextEdit]:
    edit = action.edit
    if edit.document_changes:
        return [e for change in edit.document_changes if change.text_document.uri == uri for e in change.edits]
    return list(edit.changes.get(uri, []))

