"""Engine results -> LSP: ranges in the client's unit, diagnostics with code links and tags."""
from __future__ import annotations

import urllib.parse
from functools import lru_cache
from pathlib import Path

from lsprotocol import types

from ..diagnostics import Diagnostic, Edit, Severity
from ..rules import RULES
from . import knowledge
from .documents import Positions

SEVERITIES = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}
SOURCE = "flexml"
_PACKAGE = Path(__file__).resolve().parent.parent
# docs/rules.md: inside an installed wheel, or at the top of a source checkout.
_DOCS = next((p for p in (_PACKAGE / "docs" / "rules.md", _PACKAGE.parent / "docs" / "rules.md") if p.is_file()),
             _PACKAGE.parent / "docs" / "rules.md")


def to_range(positions: Positions, start: int, end: int) -> types.Range:
    return types.Range(types.Position(*positions.position(start)), types.Position(*positions.position(end)))


def to_text_edit(positions: Positions, edit: Edit) -> types.TextEdit:
    return types.TextEdit(range=to_range(positions, edit.start, edit.end), new_text=edit.new_text)


def rule_anchor(code: str) -> str:
    """The Markdown heading anchor of a rule's entry, `## FX201 invalid-value` -> `fx201-invalid-value`."""
    return f"{code.lower()}-{RULES[code].name}"


@lru_cache(maxsize=1024)
def rule_href(code: str, template: str | None) -> str | None:
    """Where a diagnostic's code links: the configured URL, else docs/rules.md (installed with the
    package, or in a source checkout), else the rule's own module (its docstring is its documentation)."""
    if code not in RULES:
        return None
    if template:
        return template.replace("{code}", code).replace("{name}", RULES[code].name) \
            .replace("{anchor}", rule_anchor(code))
    if _DOCS.is_file():
        return _DOCS.as_uri() + "#" + rule_anchor(code)
    source = knowledge.rule_source(code)
    if source is None:
        return None
    return source[0].as_uri() + f"#L{source[1]}"


def to_diagnostic(diagnostic: Diagnostic, positions: Positions, docs_template: str | None = None) -> types.Diagnostic:
    href = rule_href(diagnostic.code, docs_template)
    return types.Diagnostic(
        range=to_range(positions, diagnostic.start, diagnostic.end),
        message=diagnostic.message,
        severity=SEVERITIES.get(diagnostic.severity, types.DiagnosticSeverity.Error),
        code=diagnostic.code,
        code_description=types.CodeDescription(href=href) if href else None,
        source=SOURCE,
        tags=[types.DiagnosticTag.Unnecessary] if RULES[diagnostic.code].unnecessary else None,
    )


def uri_to_path(uri: str) -> Path | None:
    parsed = urllib.parse.urlparse(uri)
    if parsed.scheme != "file":
        return None
    path = urllib.parse.unquote(parsed.path)
    if parsed.netloc and parsed.netloc != "localhost":
        path = f"//{parsed.netloc}{path}"
    return Path(path)
