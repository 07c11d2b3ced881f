"""Startup and shutdown: the server package costs nothing until `flexml server` runs it."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

pytestmark = pytest.mark.timeout(60)


def test_importing_the_server_package_does_not_import_pygls():
    code = ("import sys, flexml_ls.server, flexml_ls.cli; "
            "heavy = [m for m in ('pygls', 'lsprotocol', 'cattrs') if m in sys.modules]; "
            "print(heavy); sys.exit(1 if heavy else 0)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stdout + result.stderr


def frame(message: dict) -> bytes:
    body = json.dumps(message).encode("utf-8")
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def test_initialize_shutdown_exit_over_raw_stdio():
    messages = [
        {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"processId": None, "rootUri": None,
                                                                       "capabilities": {}}},
        {"jsonrpc": "2.0", "method": "initialized", "params": {}},
        {"jsonrpc": "2.0", "id": 2, "method": "shutdown"},
        {"jsonrpc": "2.0", "method": "exit"},
    ]
    result = subprocess.run([sys.executable, "-m", "flexml_ls", "server", "--stdio"],
                            input=b"".join(frame(m) for m in messages), capture_output=True, timeout=30)
    assert result.returncode == 0, result.stderr.decode()
    out = result.stdout.decode("utf-8")
    initialize = json.loads(out[out.index("{"):out.index("Content-Length", 1)])
    capabilities = initialize["result"]["capabilities"]
    assert initialize["result"]["serverInfo"]["name"] == "flexml-ls"
    assert capabilities["positionEncoding"] == "utf-16"
    assert capabilities["textDocumentSync"]["change"] == 2                      # incremental
    assert set(capabilities["completionProvider"]["triggerCharacters"]) >= {"<", "/", " ", '"'}
    assert capabilities["codeActionProvider"]["codeActionKinds"] == ["quickfix", "source.fixAll.flexml"]
    for provider in ("hoverProvider", "documentSymbolProvider", "foldingRangeProvider", "documentLinkProvider",
                     "diagnosticProvider"):
        assert capabilities.get(provider), provider
