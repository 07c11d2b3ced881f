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
