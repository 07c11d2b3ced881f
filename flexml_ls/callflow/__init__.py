"""JSON call flows (yay.com's Call Flows API) and the requests that start a call into a flow
(CarrierX's Calls API, Exotel's Calls/connect): recognised, parsed with positions, checked against
their schemas under schema/ and, for call flows, as a graph (the shared flow model).

Only `handles` is imported on FlexML's path; the rest (and jsonschema) loads with the first JSON file.
"""
from __future__ import annotations

__all__ = ["handles", "lint"]


def handles(filename) -> bool:
    """Whether a file name says JSON: such a file is linted as JSON, never as FlexML. (Here, not in
    .document, so that FlexML's path imports neither json nor the JSON parser.)"""
    return bool(filename) and str(filename).lower().endswith(".json")


def lint(text: str, config, *, decoded=None, filename: str | None = None, kind: str | None = None):
    """Lint a JSON document: the same LintResult and diagnostics as FlexML's (see engine.lint)."""
    from .linting import lint as lint_json
    return lint_json(text, config, decoded=decoded, filename=filename, kind=kind)
