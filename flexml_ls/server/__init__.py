"""The language server (`flexml server`): LSP over stdio, a thin adapter over the engine.

pygls and lsprotocol take most of a second to import, so nothing here is imported by the linter;
`flexml server` imports this package, and `serve()` imports the server itself.
"""
from __future__ import annotations

import logging
import os
import sys


def serve() -> int:
    """Run the language server on stdin/stdout until the client says exit.

    Logs go to stderr (or to the file named by FLEXML_LOG_FILE), at the level FLEXML_LOG names
    (default INFO; DEBUG adds lint and publish timings).
    """
    level = os.environ.get("FLEXML_LOG", "INFO").upper()
    log_file = os.environ.get("FLEXML_LOG_FILE")
    handler = logging.FileHandler(log_file, encoding="utf-8") if log_file else logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("flexml-ls %(levelname)s %(name)s: %(message)s"))
    for name, default in (("flexml_ls", level), ("pygls", "WARNING")):
        logger = logging.getLogger(name)
        logger.addHandler(handler)
        logger.setLevel(getattr(logging, default, logging.INFO))
        logger.propagate = False

    from .server import FlexmlServer, tune_gc

    server = FlexmlServer()
    tune_gc()
    server.start_io()
    return 0


__all__ = ["serve"]
