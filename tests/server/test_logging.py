"""The server's log reaches the client with its level (window/logMessage), not as stderr "errors".

VS Code's output channel marks every stderr line `[error]`; `window/logMessage` lines are shown at
their level (`[warning]`, `[info]`, `[debug]`). Driven over raw stdio so stderr can be read too.
"""
from __future__ import annotations

import json
import os
import queue
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.timeout(60)

WARNING, INFO, DEBUG = 2, 3, 5   # LSP MessageType


class Server:
    """`python -m flexml_ls server` over pipes, its messages read by a thread."""

    def __init__(self, env: dict, cwd: Path):
        self.process = subprocess.Popen([sys.executable, "-m", "flexml_ls", "server"], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=cwd)
        self.messages: queue.Queue = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        stream = self.process.stdout
        length = None
        while True:
            header = stream.readline()
            if not header:
                return
            if header.lower().startswith(b"content-length:"):
                length = int(header.split(b":")[1])
            elif header == b"\r\n" and length is not None:
                self.messages.put(json.loads(stream.read(length)))
                length = None

    def send(self, message: dict) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def until(self, test, timeout: float = 20.0) -> list[dict]:
        """Every message read until one passes `test` (which is the last)."""
        seen, deadline = [], time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                message = self.messages.get(timeout=0.1)
            except queue.Empty:
                continue
            seen.append(message)
            if test(message):
                return seen
        raise AssertionError(f"not seen within {timeout}s: {seen}")

    def close(self) -> str:
        """Shut down and exit; the server's stderr."""
        self.send({"id": 99, "method": "shutdown"})
        self.send({"method": "exit"})
        _, stderr = self.process.communicate(timeout=20)
        return stderr.decode("utf-8", "replace")


def start(tmp_path: Path, capabilities: dict | None = None, **env) -> Server:
    server = Server({**os.environ, **env}, tmp_path)
    server.send({"id": 1, "method": "initialize", "params": {
        "processId": None, "rootUri": tmp_path.as_uri(), "capabilities": capabilities or {},
        "clientInfo": {"name": "Visual Studio Code", "version": "1.91.0"}}})
    server.until(lambda m: m.get("id") == 1)
    server.send({"method": "initialized", "params": {}})
    return server


def open_document(server: Server, path: Path, text: str) -> list[dict]:
    uri = path.as_uri()
    server.send({"method": "textDocument/didOpen", "params": {"textDocument": {
        "uri": uri, "languageId": "flexml", "version": 1, "text": text}}})
    return server.until(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                        and m["params"]["uri"] == uri)


def log_messages(messages: list[dict]) -> list[tuple[int, str]]:
    return [(m["params"]["type"], m["params"]["message"]) for m in messages if m.get("method") == "window/logMessage"]


def test_a_warning_goes_to_the_client_as_a_warning_not_to_stderr(tmp_path: Path):
    (tmp_path / "pyproject.toml").write_text('[tool.flexml]\nselect = 3\n', encoding="utf-8")
    server = start(tmp_path)
    try:
        seen = open_document(server, tmp_path / "a.flexml", "<Response><Hangup/></Response>\n")
    finally:
        stderr = server.close()
    warnings = [text for kind, text in log_messages(seen) if kind == WARNING]
    assert len(warnings) == 1 and warnings[0].startswith("flexml_ls.server: configuration error, using defaults: ")
    assert "configuration error" not in stderr, stderr


def test_debug_timings_of_a_newly_opened_document(tmp_path: Path):
    server = start(tmp_path, FLEXML_LOG="DEBUG")
    try:
        seen = open_document(server, tmp_path / "a.flexml", "<Response><Hangup/></Response>\n")
        seen += server.until(lambda m: "published version" in m.get("params", {}).get("message", ""))
    finally:
        stderr = server.close()
    debug = [text for kind, text in log_messages(seen) if kind == DEBUG]
    assert any(re.fullmatch(r"flexml_ls\.server: linted 31 characters in \d+\.\d ms", t) for t in debug), debug
    published = next(t for t in debug if "published version" in t)
    milliseconds = float(re.fullmatch(r"flexml_ls\.server: published version 1 (\d+\.\d) ms after its change "
                                      r"arrived", published).group(1))
    # From didOpen to publish: well under the 20 s this test waits, not the clock's own epoch.
    assert 0 <= milliseconds < 20_000, published
    assert "published version" not in stderr


def test_debug_timing_of_a_newly_opened_document_with_pulled_diagnostics(tmp_path: Path):
    """VS Code and Neovim 0.11+ pull diagnostics: the answer's timing counts from didOpen too."""
    server = start(tmp_path, capabilities={"textDocument": {"diagnostic": {}}}, FLEXML_LOG="DEBUG")
    try:
        uri = (tmp_path / "a.flexml").as_uri()
        server.send({"method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": uri, "languageId": "flexml", "version": 1, "text": "<Response><Hangup/></Response>\n"}}})
        server.send({"id": 2, "method": "textDocument/diagnostic", "params": {"textDocument": {"uri": uri}}})
        seen = server.until(lambda m: "answered version" in m.get("params", {}).get("message", ""))
    finally:
        server.close()
    assert not any(m.get("method") == "textDocument/publishDiagnostics" for m in seen)
    answered = next(text for kind, text in log_messages(seen) if kind == DEBUG and "answered version" in text)
    milliseconds = float(re.fullmatch(r"flexml_ls\.server: answered version 1 (\d+\.\d) ms after its change "
                                      r"arrived", answered).group(1))
    assert 0 <= milliseconds < 20_000, answered


def test_before_the_client_is_connected_the_log_goes_to_a_file_if_asked(tmp_path: Path):
    log_file = tmp_path / "flexml.log"
    server = start(tmp_path, FLEXML_LOG="DEBUG", FLEXML_LOG_FILE=str(log_file))
    try:
        open_document(server, tmp_path / "a.flexml", "<Response><Hangup/></Response>\n")
        server.until(lambda m: "published version" in m.get("params", {}).get("message", ""))
    finally:
        server.close()
    assert re.search(r"^flexml-ls DEBUG flexml_ls\.server: published version 1 ", log_file.read_text(), re.M)


def test_pygls_warnings_go_to_the_client_too(tmp_path: Path):
    """A message after shutdown makes pygls warn (VS Code's restart does this): a warning, not an error."""
    server = start(tmp_path)
    try:
        server.send({"id": 2, "method": "shutdown"})
        server.until(lambda m: m.get("id") == 2)
        server.send({"method": "textDocument/didClose", "params": {"textDocument": {"uri": "file:///x.flexml"}}})
        seen = server.until(lambda m: m.get("method") == "window/logMessage")
    finally:
        server.send({"method": "exit"})
        _, stderr = server.process.communicate(timeout=20)
    assert log_messages(seen) == [(WARNING, "pygls.protocol.json_rpc: Server shutting down. No more requests!")]
    assert b"No more requests" not in stderr, stderr
