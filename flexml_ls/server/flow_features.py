"""The call flow in the editor (static routes, see flexml_ls.flow.editor): go to definition and
document links from an `action` or `<Redirect>` URL to the template or view serving it, FX501 as you
type when the project's routes are known, and hover on a URL with its route, method and the fields
CarrierX sends. Every answer is empty when the project has no routes to judge by."""
from __future__ import annotations

from pathlib import Path

from lsprotocol import types

from ..diagnostics import Diagnostic, Severity
from ..flow import editor
from . import convert
from .documents import Positions


def warm(filename: str) -> None:
    """Discover the project's routes now (see flow.editor.project: cached a few seconds)."""
    editor.project(filename)


def diagnostics(text: str, filename: str | None, positions: Positions, docs_template: str | None = None,
                severity: Severity | None = None, document=None) -> list[types.Diagnostic]:
    if not filename:
        return []
    return [convert.to_diagnostic(Diagnostic("FX501", severity or Severity.ERROR, message, start, end), positions,
                                  docs_template)
            for start, end, message in editor.unknown_targets(text, filename, document)]


def _location(item: editor.Served) -> types.Location | None:
    if not item.file:
        return None
    line = max(0, (item.line or 1) - 1)
    return types.Location(uri=Path(item.file).resolve().as_uri(),
                          range=types.Range(types.Position(line, 0), types.Position(line, 0)))


def definition(text: str, filename: str | None, offset: int) -> list[types.Location]:
    item = editor.at(text, filename, offset) if filename else None
    location = _location(item) if item is not None else None
    return [location] if location is not None else []


def links(text: str, filename: str | None, positions: Positions) -> list[types.DocumentLink]:
    found = []
    for item in editor.served(text, filename) if filename else ():
        location = _location(item)
        if location is None:
            continue
        target = location.uri + (f"#L{item.line}" if item.line and item.line > 1 else "")
        found.append(types.DocumentLink(range=convert.to_range(positions, item.start, item.end), target=target,
                                        tooltip=f"{item.verb} {item.attribute}: served by {Path(item.file).name}"))
    return found


def hover(text: str, filename: str | None, offset: int, request_fields: list[str]) -> tuple[str, tuple] | None:
    item = editor.at(text, filename, offset) if filename else None
    if item is None:
        return None
    return editor.hover_markdown(item, request_fields), (item.start, item.end)


def call_flow(filename: str | None) -> dict | None:
    """`flexml.callFlow` (workspace/executeCommand, argument: a document URI): the project's call flow
    as Mermaid, for a Markdown preview, with its findings as `flexml flow --format json` gives them."""
    from ..flow.emit import mermaid, mermaid_warnings, to_dict
    flow = editor.project_flow(filename) if filename else None
    if flow is None:
        return None
    text = mermaid(flow)
    return {"start": flow.start, "mermaid": text, "markdown": f"```mermaid\n{text}```\n",
            "findings": to_dict(flow)["findings"], "warnings": mermaid_warnings(flow, text)}
