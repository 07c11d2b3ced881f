"""Settings: [tool.flexml] in the workspace's pyproject.toml (re-read when it changes) and the
editor's own settings (workspace/didChangeConfiguration)."""
from __future__ import annotations

import asyncio
import os

import pytest
import pytest_lsp
from lsprotocol import types

from .conftest import CONFIG, RecordingClient, capabilities, edit, initialize, open_document, wait_for_diagnostics

pytestmark = [pytest.mark.asyncio(loop_scope="module"), pytest.mark.timeout(60)]

DOCUMENT = '<Response>\n  <Say voice="robot">Hi</Say>\n  <Hangup/>\n  <Say>Bye</Say>\n</Response>\n'


@pytest_lsp.fixture(config=CONFIG, scope="module")
async def client(lsp_client: RecordingClient, tmp_path_factory):
    root = tmp_path_factory.mktemp("settings")
    (root / "pyproject.toml").write_text('[tool.flexml]\nignore = ["FX401"]\n')
    await initialize(lsp_client, root, capabilities(watch=True), {"debounce": 30})
    yield
    await lsp_client.shutdown_session()


def codes(diagnostics):
    return sorted(d.code for d in diagnostics)


async def until(client, uri, predicate, timeout=10.0):
    for _ in range(int(timeout / 0.02)):
        latest = [p for p in client.published if p.uri == uri]
        if latest and predicate(codes(latest[-1].diagnostics)):
            return codes(latest[-1].diagnostics)
        await asyncio.sleep(0.02)
    raise AssertionError(f"timed out; last: {codes(latest[-1].diagnostics) if latest else None}")


async def test_pyproject_applies_and_is_reread(client: RecordingClient):
    uri = (client.root / "call.flexml").as_uri()
    open_document(client, uri, DOCUMENT)
    assert codes(await wait_for_diagnostics(client, uri, 1)) == ["FX201"]
    watched = [r for r in client.registrations if r.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES]
    assert watched, "the server asks to be told about config file changes"

    pyproject = client.root / "pyproject.toml"
    pyproject.write_text('[tool.flexml]\nignore = ["FX2"]\n')
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[
        types.FileEvent(uri=pyproject.as_uri(), type=types.FileChangeType.Changed)]))
    assert await until(client, uri, lambda c: c == ["FX401"]) == ["FX401"]


async def test_editor_settings_select_and_ignore(client: RecordingClient):
    uri = (client.root / "settings.flexml").as_uri()
    (client.root / "pyproject.toml").write_text("[tool.flexml]\n")
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[
        types.FileEvent(uri=(client.root / "pyproject.toml").as_uri(), type=types.FileChangeType.Changed)]))
    open_document(client, uri, DOCUMENT)
    await until(client, uri, lambda c: c == ["FX201", "FX401"])
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(
        settings={"flexml": {"ignore": ["FX201"]}}))
    assert await until(client, uri, lambda c: c == ["FX401"]) == ["FX401"]
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(
        settings={"flexml": {"select": ["FX2"], "ignore": []}}))
    assert await until(client, uri, lambda c: c == ["FX201"]) == ["FX201"]
    # Malformed values are ignored (and logged); the server carries on with the rest.
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(
        settings={"flexml": {"select": None, "debounce": "soon", "ignore": 5, "diagnosticMode": "sometimes"}}))
    assert await until(client, uri, lambda c: c == ["FX201", "FX401"]) == ["FX201", "FX401"]


async def test_extra_include_patterns(client: RecordingClient):
    uri = (client.root / "menu.callxml").as_uri()
    open_document(client, uri, '<CallFlow><Say voice="robot">Hi</Say></CallFlow>', language_id="xml")
    await asyncio.sleep(0.3)
    assert not [p for p in client.published if p.uri == uri]
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(
        settings={"flexml": {"include": ["*.callxml"]}}))
    assert await until(client, uri, lambda c: bool(c))
    # Path globs (as the VS Code extension passes them) match below the workspace.
    nested_uri = (client.root / "ivr" / "menu.xml").as_uri()
    open_document(client, nested_uri, "<CallFlow/>", language_id="xml")
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(
        settings={"flexml": {"include": ["*.callxml", "ivr/*.xml"]}}))
    assert await until(client, nested_uri, lambda c: bool(c))


async def test_config_edit_is_noticed_without_file_events(client: RecordingClient):
    """Clients that do not watch files: the server notices the changed mtime at the next lint."""
    uri = (client.root / "mtime.flexml").as_uri()
    pyproject = client.root / "pyproject.toml"
    open_document(client, uri, DOCUMENT)
    await wait_for_diagnostics(client, uri, 1)
    pyproject.write_text('[tool.flexml]\nignore = ["FX201", "FX401"]\n')
    stat = pyproject.stat()
    os.utime(pyproject, (stat.st_atime + 5, stat.st_mtime + 5))
    edit(client, uri, 2, (4, 0), (4, 0), "")
    assert await wait_for_diagnostics(client, uri, 2) == []


async def test_a_broken_pyproject_falls_back_to_defaults(client: RecordingClient):
    pyproject = client.root / "pyproject.toml"
    pyproject.write_text("[tool.flexml]\nignore = [\n")
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[
        types.FileEvent(uri=pyproject.as_uri(), type=types.FileChangeType.Changed)]))
    uri = (client.root / "broken-config.flexml").as_uri()
    open_document(client, uri, DOCUMENT)
    assert codes(await wait_for_diagnostics(client, uri, 1)) == ["FX201", "FX401"]
    for _ in range(100):
        if any("pyproject.toml" in m.message for m in client.messages):
            break
        await asyncio.sleep(0.02)
    assert any("pyproject.toml" in m.message for m in client.messages)
