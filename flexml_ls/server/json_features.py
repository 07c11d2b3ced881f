"""Completion and hover for JSON call flows and call requests: flexml_ls.callflow.editing's answers
(from the schemas under schema/) as LSP types."""
from __future__ import annotations

from typing import Callable

from lsprotocol import types

from ..callflow import editing
from ..diagnostics import Diagnostic
from . import convert
from .documents import Positions
from .hover import SEPARATOR, diagnostic_summary

_KINDS = {"module": types.CompletionItemKind.Class, "field": types.CompletionItemKind.Property,
          "value": types.CompletionItemKind.EnumMember, "reference": types.CompletionItemKind.Reference}


def is_json(filename: str | None) -> bool:
    return editing.is_json_name(filename)


def attached(filename: str | None, text: str) -> bool:
    return editing.attached(filename, text)


def completion(text: str, offset: int, filename: str | None, positions: Positions,
               markdown: bool) -> types.CompletionList:
    items = []
    for index, suggestion in enumerate(editing.complete(text, offset, filename)):
        documentation = None
        if suggestion.documentation:
            documentation = types.MarkupContent(kind=types.MarkupKind.Markdown, value=suggestion.documentation) \
                if markdown else suggestion.documentation
        items.append(types.CompletionItem(
            label=suggestion.label,
            kind=_KINDS[suggestion.kind],
            detail=suggestion.detail or None,
            documentation=documentation,
            sort_text=f"{index:03d}",
            filter_text=suggestion.new_text,
            insert_text_format=types.InsertTextFormat.PlainText,
            text_edit=types.TextEdit(range=convert.to_range(positions, suggestion.start, suggestion.end),
                                     new_text=suggestion.new_text)))
    return types.CompletionList(is_incomplete=False, items=items)


def hover(text: str, offset: int, filename: str | None, positions: Positions, diagnostics: list[Diagnostic] | None,
          with_message: bool, href: Callable[[str], str | None]) -> types.Hover | None:
    sections = [diagnostic_summary(d, with_message, href(d.code)) for d in diagnostics or ()
                if d.start <= offset < max(d.end, d.start + 1)]
    found = editing.hover(text, offset, filename)
    span = None
    if found is not None:
        sections.append(found[0])
        span = found[1]
    if not sections:
        return None
    return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=SEPARATOR.join(sections)),
                       range=convert.to_range(positions, *span) if span else None)


def symbols(text: str, filename: str | None, positions: Positions) -> list[types.DocumentSymbol]:
    """The outline: each call flow's modules (key, and module type as detail), or a request's fields."""
    from ..callflow.document import JsonDocument
    document = JsonDocument(text, filename)
    if document.root is None or document.kind is None:
        return []

    def symbol(member, kind, detail=None, children=None) -> types.DocumentSymbol:
        return types.DocumentSymbol(
            name=member.key or '""', kind=kind, detail=detail,
            range=convert.to_range(positions, member.key_start, member.value.end),
            selection_range=convert.to_range(positions, member.key_start, member.key_end), children=children)

    if document.kind != "callflow":
        return [symbol(m, types.SymbolKind.Property) for m in document.root.members] \
            if document.root.kind == "object" else []
    found = []
    for _, flow_object in document.call_flows():
        flow = flow_object.member("flow") if flow_object.kind == "object" else None
        if flow is None or flow.value.kind != "object":
            continue
        modules = []
        for member in flow.value.members:
            name = member.value.get("module") if member.value.kind == "object" else None
            modules.append(symbol(member, types.SymbolKind.Module,
                                  name.value if name is not None and name.kind == "string" else None))
        title = flow_object.get("name")
        found.append(symbol(flow, types.SymbolKind.Namespace,
                            title.value if title is not None and title.kind == "string" else None, modules))
    return found


def definition(text: str, offset: int, filename: str | None, uri: str, positions: Positions) -> list[types.Location]:
    found = editing.definition(text, offset, filename)
    return [] if found is None else [types.Location(uri=uri, range=convert.to_range(positions, *found))]
