"""Hover: what the thing under the cursor is, in Markdown, and the range it covers.

Element names (start or end tag) show the element's documentation; attribute names and values the
attribute's; a rule code in a comment (a suppression) the rule's. Any diagnostic under the cursor
comes first, with its rule's documentation.
"""
from __future__ import annotations

import re

from ..catalog import Catalog
from ..diagnostics import Diagnostic
from ..rules import RULES
from . import cursor, knowledge

_CODE = re.compile(r"FX\d{3}", re.I)
SEPARATOR = "\n\n---\n\n"


def describe(catalog: Catalog, text: str, offset: int, diagnostics: list[Diagnostic] | None
             ) -> tuple[str, tuple[int, int] | None] | None:
    """(Markdown, span) for the character at `offset`, or None when there is nothing to say."""
    sections: list[str] = []
    span: tuple[int, int] | None = None
    for diagnostic in diagnostics or ():
        if diagnostic.start <= offset < max(diagnostic.end, diagnostic.start + 1) and diagnostic.code in RULES:
            sections.append(f"**{diagnostic.code}**: {diagnostic.message}\n\n" + knowledge.rule_markdown(diagnostic.code))

    where = cursor.locate(text, offset, on_character=True)
    if where.kind == cursor.COMMENT:
        for match in _CODE.finditer(text, max(where.start, offset - 5), min(len(text), offset + 6)):
            if match.start() <= offset < match.end() and match.group(0).upper() in RULES:
                sections.insert(0, knowledge.rule_markdown(match.group(0).upper()))
                span = match.span()
    elif where.kind in (cursor.ELEMENT, cursor.END_TAG):
        if where.kind == cursor.END_TAG:
            # The element this end tag closes: the innermost open one of that name.
            closing = text[where.replace[0]:where.replace[1]]
            names = where.path
            path = names[:len(names) - names[::-1].index(closing)] if closing in names else names + [closing]
        else:
            path = where.path + [where.element.name]
        name, element_type = knowledge.resolve(catalog, path)
        if name is not None:
            sections.append(knowledge.element_markdown(catalog, name, element_type))
            span = where.replace
    elif where.kind in (cursor.ATTRIBUTE_NAME, cursor.ATTRIBUTE_VALUE):
        name, element_type = knowledge.resolve(catalog, where.path)
        decl = knowledge.attribute_decl(element_type, where.attribute.name)
        if decl is not None:
            sections.append(knowledge.attribute_markdown(catalog, name, element_type, decl))
            attribute = where.attribute
            span = (attribute.name_start, attribute.name_end) if where.kind == cursor.ATTRIBUTE_NAME \
                else (attribute.value_start, attribute.value_end)
    if not sections:
        return None
    return SEPARATOR.join(sections), span
