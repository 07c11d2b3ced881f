"""JSON call flows (yay.com's Call Flows API) and the requests that start a call into a flow
(CarrierX's Calls API, Exotel's Calls/connect): recognised, parsed with positions, checked against
their schemas under schema/ and, for call flows, as a graph (the shared flow model).

Only `handles` is imported on FlexML's path; the rest (and jsonschema) loads with the first JSON file.
"""
from __future__ import annotations

import re

__all__ = ["handles", "lint"]

# How JSON text starts and no XML document or template can: `{"`, `{}` or `[` (a template's `{%`,
# `{{`, `{#` cannot be JSON).
_JSON_START = re.compile(r'[\ufeff \t\r\n]*(?:\{[ \t\r\n]*["}]|\[)')


def handles(filename, text: str | bytes | None = None) -> bool:
    """Whether a document is linted as JSON, never as FlexML: its file name says JSON; or, nameless
    (None, or `-` for stdin), its text starts as JSON does. (Here, not in .document, so that FlexML's
    path imports neither json nor the JSON parser.)"""
    if filename and filename != "-":
        return str(filename).lower().endswith(".json")
    if isinstance(text, bytes):
        text = text[:64].decode("utf-8", "ignore")
    # (Most texts start as XML does: that says no at less cost than the pattern.)
    return text is not None and text[:1] != "<" and _JSON_START.match(text) is not None


def lint(text: str, config, *, decoded=None, filename: str | None = None, kind: str | None = None):
    """Lint a JSON document: the same LintResult and diagnostics as FlexML's (see engine.lint)."""
    from .linting import lint as lint_json
    return lint_json(text, config, decoded=decoded, filename=filename, kind=kind)
