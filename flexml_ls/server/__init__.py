"""The language server (`flexml server`): LSP over stdio, a thin adapter over the engine.

pygls and lsprotocol take most of a second to import, so nothing here is imported by the linter;
`flexml server` imports this package, and `serve()` imports the server itself.
"""
from __future__ import annotations


def serve() -> int:
    """Run the language server on stdin/stdout until the client says exit.

    Logs go to stderr until the client is connected, then to the client (window/logMessage, with
    their level), and to the file named by FLEXML_LOG_FILE if set, at the level FLEXML_LOG names
    (default INFO; DEBUG adds lint and publish timings). See logs.py.
    """
    from . import logs

    logs.setup()

    from .server import FlexmlServer, tune_gc

    server = FlexmlServer()
    tune_gc()
    server.start_io()
    return 0


__all__ = ["serve"]
