"""Document symbols (the verbs, nested), folding ranges and document links, from the engine's tree."""
from __future__ import annotations

import re
import urllib.parse

from lsprotocol import types

from ..catalog import Catalog
from ..dynamic import is_dynamic
from ..parse import Document, Element
from ..parse.scanner import scan
from ..source import LineIndex
from . import knowledge
from .convert import to_range
from .documents import Positions

_ABSOLUTE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_LINKABLE_SCHEMES = ("http", "https")


def scan_document(text: str) -> Document:
    """The tolerant scanner's tree, with every offset, comments and text (no well-formedness check)."""
    top, comments = scan(text)
    root = next((node for node in top if isinstance(node, Element)), None)
    return Document(text, root, top, comments, [])


def _typed_elements(catalog: Catalog, document: Document):
    """(element, canonical name, type, depth) for every element, types resolved along the path."""
    root = document.root
    if root is None:
        return
    stack = [(root, [root.name])]
    while stack:
        element, path = stack.pop()
        name, element_type = knowledge.resolve(catalog, path)
        yield element, name, element_type, len(path) - 1
        stack.extend((child, path + [child.name]) for child in reversed(element.elements))


def _summary(element: Element, limit: int = 48) -> str:
    text = " ".join(element.text.split())
    if not text:
        text = " ".join(f'{a.name}="{a.value}"' for a in element.attributes if a.value is not None)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def symbols(catalog: Catalog, document: Document, positions: Positions) -> list[types.DocumentSymbol]:
    verbs = set()
    for root_type in catalog.roots.values():
        verbs.update(root_type.children)

    def build(element: Element, path: list[str]) -> types.DocumentSymbol:
        name, _ = knowledge.resolve(catalog, path)
        if len(path) == 1:
            kind = types.SymbolKind.Module
        elif name is None:
            kind = types.SymbolKind.Object
        elif len(path) == 2 and name in verbs:
            kind = types.SymbolKind.Function
        else:
            kind = types.SymbolKind.Field
        end = max(element.end, element.name_end)
        children = [build(child, path + [child.name]) for child in element.elements]
        return types.DocumentSymbol(
            name=element.name,
            detail=_summary(element) or None,
            kind=kind,
            range=to_range(positions, element.start, end),
            selection_range=to_range(positions, element.name_start, element.name_end),
            children=children or None,
        )

    return [build(node, [node.name]) for node in document.top_level if isinstance(node, Element)]


def folding_ranges(document: Document, lines: LineIndex) -> list[types.FoldingRange]:
    ranges = []
    elements = [node for node in document.top_level if isinstance(node, Element)]
    for top in elements:
        for element in top.iter():
            first = lines.position(element.start)[0]
            closing = element.end_tag_start if element.end_tag_start >= 0 else max(element.end - 1, element.start)
            last = lines.position(closing)[0] - (1 if element.end_tag_start >= 0 else 0)
            if last > first:
                ranges.append(types.FoldingRange(start_line=first, end_line=last))
    for comment in document.comments:
        first, last = lines.position(comment.start)[0], lines.position(max(comment.end - 1, comment.start))[0]
        if last > first:
            ranges.append(types.FoldingRange(start_line=first, end_line=last, kind=types.FoldingRangeKind.Comment))
    return ranges


def _target(value: str, base_url: str | None) -> str | None:
    value = value.strip()
    if not value or any(c.isspace() for c in value):
        return None
    if _ABSOLUTE.match(value):
        return value if value.split(":", 1)[0].lower() in _LINKABLE_SCHEMES else None
    if base_url:
        joined = urllib.parse.urljoin(base_url, value)
        return joined if _ABSOLUTE.match(joined) else None
    return None


def links(catalog: Catalog, document: Document, positions: Positions, base_url: str | None = None
          ) -> list[types.DocumentLink]:
    """Links for URL-typed attribute values and URL-typed element text (see `knowledge.is_url_type`)."""
    found = []
    for element, name, element_type, _ in _typed_elements(catalog, document):
        if element_type is None:
            continue
        for attribute in element.attributes:
            decl = knowledge.attribute_decl(element_type, attribute.name)
            if decl is None or attribute.value is None or attribute.value_start < 0 or is_dynamic(attribute.value):
                continue  # (a template's dynamic value: not known before it renders)
            if not knowledge.is_url_type(decl.type):
                continue
            target = _target(attribute.value, base_url)
            if target:
                raw = document.text[attribute.value_start:attribute.value_end]
                start = attribute.value_start + (len(raw) - len(raw.lstrip()))
                end = attribute.value_end - (len(raw) - len(raw.rstrip()))
                fields = knowledge.callback_fields(catalog, element_type, decl.name)
                tooltip = f"{name} {decl.name}" + (
                    f" (receives {', '.join(fields)})" if fields else "")
                found.append(types.DocumentLink(range=to_range(positions, start, end), target=target, tooltip=tooltip))
        text_type = element_type.text_type or element_type.mixed_text_type
        if text_type is not None and knowledge.is_url_type(text_type):
            span = element.text_range()
            if span and not element.elements and not is_dynamic(element.text):
                target = _target(element.text, base_url)
                if target:
                    found.append(types.DocumentLink(range=to_range(positions, *span), target=target,
                                                    tooltip=f"{name} URL"))
    return found
