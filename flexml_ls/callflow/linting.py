"""The JSON path of the engine: parse with positions, then the call-flow (FX6xx) or call-request
(FX7xx) rules of the selection; malformed JSON is FX001, as malformed XML is."""
from __future__ import annotations

import logging

from ..config import Config
from ..diagnostics import Diagnostic
from ..parse import Document
from ..rules import RULES
from ..rules import select as select_rules
from ..source import Decoded, LineIndex
from .document import JsonDocument
from .graph import CallFlow, all_flows
from .validate import Problem, problems

DIALECTS = {"callflow": "callflow", "carrierx": "request", "exotel": "request"}


class JsonContext:
    """One JSON document being linted: its tree, the schema's problems, its call flows (each worked
    out once, for every rule that reads them), and the diagnostics so far."""

    def __init__(self, document: JsonDocument, lines: LineIndex, severity_overrides: dict):
        self.document = document
        self.text = document.text
        self.lines = lines
        self.kind = document.kind
        self.severity_overrides = severity_overrides
        self.diagnostics: list[Diagnostic] = []
        self._problems: list[Problem] | None = None
        self._flows: list[CallFlow] | None = None

    @property
    def problems(self) -> list[Problem]:
        if self._problems is None:
            self._problems = problems(self.document)
        return self._problems

    @property
    def flows(self) -> list[CallFlow]:
        if self._flows is None:
            self._flows = all_flows(self.document)
        return self._flows

    def report(self, rule, start: int, end: int, message: str, fix=None) -> None:
        severity = self.severity_overrides.get(rule.code, rule.severity)
        self.diagnostics.append(Diagnostic(rule.code, severity, message, start, max(start, end), fix))


def lint(text: str, config: Config, *, decoded: Decoded | None = None, filename: str | None = None,
         kind: str | None = None):
    from ..engine import LintResult, _keep_fixes_before, _place
    document = JsonDocument(text, filename, kind)
    lines = LineIndex(text)
    ctx = JsonContext(document, lines, config.severity)
    codes = select_rules(config.select, config.ignore)
    syntax = RULES["FX001"]
    if "FX001" in codes:
        if decoded is not None and decoded.error:
            ctx.report(syntax, decoded.error_offset, decoded.error_offset + 1, decoded.error)
        if document.error is not None:
            offset, message = document.error
            ctx.report(syntax, offset, offset + 1 if offset < len(text) else offset, f"Not valid JSON: {message}")
    dialect = DIALECTS.get(document.kind)
    if document.root is not None and dialect is not None:
        for code in codes:
            rule = RULES[code]
            if getattr(rule, "dialect", "flexml") != dialect:
                continue
            try:
                rule().check_json(ctx)
            except Exception:  # noqa: BLE001 - one faulty rule must not cost the user every other diagnostic
                logging.getLogger("flexml_ls").exception(
                    "rule %s (%s) failed; its diagnostics are skipped for this document", rule.code, rule.name)
    diagnostics = ctx.diagnostics
    if decoded is not None and decoded.error:  # (as for XML: what follows bytes that did not decode is a guess)
        _keep_fixes_before(diagnostics, decoded.error_offset)
    for diagnostic in diagnostics:
        _place(diagnostic, lines)
    diagnostics.sort(key=Diagnostic.sort_key)
    return LintResult(text, lines, Document(text, None, [], [], []), diagnostics, decoded)
