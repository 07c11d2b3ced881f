"""Where the server's log goes: stderr until a client is connected, then the client, with levels.

Clients show a server's stderr as errors (VS Code's output channel marks every stderr line
`[error]`), so once `initialized` arrives the `flexml_ls` and `pygls` loggers send `window/logMessage`
with the record's level instead (VS Code shows it as `[info]`, `[warning]`, `[debug]`...; Neovim
writes it to its LSP log at that level). FLEXML_LOG_FILE, when set, still receives everything.
A record logged while a log message is being sent (pygls failing to write it) goes to stderr: it
must not be sent, or a broken pipe would loop.
"""
from __future__ import annotations

import logging
import os
import sys
import threading

FORMAT = "flexml-ls %(levelname)s %(name)s: %(message)s"
LOGGERS = ("flexml_ls", "pygls")
# LSP MessageType: Error 1, Warning 2, Info 3, Log 4, Debug 5 (3.18; clients without it log it as-is).
_MESSAGE_TYPES = ((logging.ERROR, 1), (logging.WARNING, 2), (logging.INFO, 3))
_DEBUG = 5


def message_type(level: int) -> int:
    return next((kind for threshold, kind in _MESSAGE_TYPES if level >= threshold), _DEBUG)


class _Stderr(logging.StreamHandler):
    """The stderr handler, told apart from a file handler when the client takes over."""


def setup() -> None:
    """Log to stderr (or FLEXML_LOG_FILE) at the level FLEXML_LOG names (default INFO)."""
    level = os.environ.get("FLEXML_LOG", "INFO").upper()
    log_file = os.environ.get("FLEXML_LOG_FILE")
    handler = logging.FileHandler(log_file, encoding="utf-8") if log_file else _Stderr(sys.stderr)
    handler.setFormatter(logging.Formatter(FORMAT))
    for name, default in zip(LOGGERS, (level, "WARNING")):
        logger = logging.getLogger(name)
        logger.addHandler(handler)
        logger.setLevel(getattr(logging, default, logging.INFO))
        logger.propagate = False


class ClientHandler(logging.Handler):
    """Sends each record as `window/logMessage`, from any thread, through the server's event loop."""

    def __init__(self, server, loop):
        super().__init__()
        self.server, self.loop = server, loop
        self.sending_thread: int | None = None   # the thread sending a log message, while it does
        self.setFormatter(logging.Formatter("%(name)s: %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        if self.sending_thread == threading.get_ident():
            self._to_stderr(record)
            return
        try:
            from lsprotocol import types

            params = types.LogMessageParams(type=types.MessageType(message_type(record.levelno)),
                                            message=self.format(record))
            self.loop.call_soon_threadsafe(self._send, params)
        except Exception:  # noqa: BLE001 - the loop is closing: say it where we still can
            self._to_stderr(record)

    def _send(self, params) -> None:
        self.sending_thread = threading.get_ident()
        try:
            self.server.window_log_message(params)
        finally:
            self.sending_thread = None

    @staticmethod
    def _to_stderr(record: logging.LogRecord) -> None:
        sys.stderr.write(logging.Formatter(FORMAT).format(record) + "\n")


def to_client(server, loop) -> None:
    """From now on, records go to the client instead of stderr (a log file keeps them too)."""
    client = ClientHandler(server, loop)
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if any(isinstance(h, ClientHandler) for h in logger.handlers):
            continue
        for handler in list(logger.handlers):
            if isinstance(handler, _Stderr):
                logger.removeHandler(handler)
        logger.addHandler(client)
