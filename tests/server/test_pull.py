"""Pull diagnostics (textDocument/diagnostic) for clients that support them."""
from __future__ import annotations

import asyncio

import pytest
import pytest_lsp
from lsprotocol import types

from .conftest import CONFIG, RecordingClient, capabilities, edit, initialize, open_document

pytestmark = [pytest.mark.asyncio(loop_scope="module"), pytest.mark.timeout(60)]

DOCUMENT = '<Response>\n  <Say voice="robot">Hi</Say>\n</Response>\n'


@pytest_lsp.fixture(config=CONFIG, scope="module")
async def client(lsp_client: RecordingClient, tmp_path_factory):
    root = tmp_path_factory.mktemp("pull")
    caps = capabilities(pull=True)
    caps.workspace.diagnostics = types.DiagnosticWorkspaceClientCapabilities(refresh_support=True)
    result = await initialize(lsp_client, root, caps)
    assert result.capabilities.diagnostic_provider is not None
    yield
    await lsp_client.shutdown_session()


async def pull(client, uri, previous=None):
    return await client.text_document_diagnostic_async(types.DocumentDiagnosticParams(
        text_document=types.TextDocumentIdentifier(uri=uri), previous_result_id=previous))


async def test_pull_reports_and_unchanged(client: RecordingClient):
    uri = (client.root / "pull.flexml").as_uri()
    open_document(client, uri, DOCUMENT)
    report = await pull(client, uri)
    assert report.kind == "full"
    assert [d.code for d in report.items] == ["FX201"]
    again = await pull(client, uri, report.result_id)
    assert again.kind == "unchanged" and again.result_id == report.result_id

    edit(client, uri, 2, (1, 14), (1, 19), "woman")
    fixed = await pull(client, uri, report.result_id)
    assert fixed.kind == "full" and list(fixed.items) == []
    await asyncio.sleep(0.3)
    assert not [p for p in client.published if p.uri == uri], "a pull client gets no pushed duplicates"


async def test_settings_change_asks_the_client_to_pull_again(client: RecordingClient):
    before = client.diagnostic_refresh_count
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(
        settings={"flexml": {"ignore": ["FX201"]}}))
    for _ in range(250):
        if client.diagnostic_refresh_count > before:
            break
        await asyncio.sleep(0.02)
    assert client.diagnostic_refresh_count > before
    uri = (client.root / "pull.flexml").as_uri()
    report = await pull(client, uri)
    assert report.kind == "full" and list(report.items) == []


async def test_pull_for_an_unknown_document_is_empty(client: RecordingClient):
    report = await pull(client, (client.root / "never-opened.flexml").as_uri())
    assert list(report.items) == []
