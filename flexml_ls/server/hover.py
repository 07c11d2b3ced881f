"""Hover: what the thing under the cursor is, in Markdown, and the range it covers.

Element names (start or end tag) show the element's documentation; attribute names and values the
attribute's; a rule code in a comment (a suppression) the rule's whole page. Any diagnostic under the
cursor comes first, as a short summary: its message (only for clients that do not show it beside the
hover themselves), the rule's one line, its fix, and a link to the rule's page.
"""
from __future__ import annotations

import re
from typing import Callable

from ..catalog import Catalog
from ..diagnostics import Diagnostic
from ..rules import RULES
from . import cursor, knowledge

_CODE = re.compile(r"FX\d{3}", re.I)
SEPARATOR = "\n\n---\n\n"


def diagnostic_summary(diagnostic: Diagnostic, with_message: bool = True, href: str | None = None) -> str:
    """A few lines on a diagnostic: its message (if asked), what its rule checks, its fix, its rule's page."""
    rule = RULES[diagnostic.code]
    checks = f"`{rule.name}`: {rule.summary()}"
    lines = ([f"**{diagnostic.code}** {diagnostic.message}", checks] if with_message
             else [f"**{diagnostic.code}** {checks}"])
    fix = diagnostic.fix
    if fix is not None:
        lines.append(f"Fix: {fix.title}" + (" (safe: also in *Fix all*)" if fix.safe else " (check the result)"))
    if href:
        lines.append(f"[{diagnostic.code} documentation]({href})")
    return "  \n".join(lines)


def describe(catalog: Catalog, text: str, offset: int, diagnostics: list[Diagnostic] | None,
             with_message: bool = True, href: Callable[[str], str | None] = lambda code: None,
             ) -> tuple[str, tuple[int, int] | None] | None:
    """(Markdown, span) for the character at `offset`, or None when there is nothing to say.

    `with_message`: whether a diagnostic's message is repeated (clients such as VS Code show it above
    the hover already); `href(code)`: the link to a rule's documentation, or None.
    """
    sections: list[str] = []
    span: tuple[int, int] | None = None
    for diagnostic in diagnostics or ():
        if diagnostic.start <= offset < max(diagnostic.end, diagnostic.start + 1) and diagnostic.code in RULES:
            sections.append(diagnostic_summary(diagnostic, with_message, href(diagnostic.code)))

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


# Clients that show a diagnostic's message above the hover at the same place (VS Code and the
# editors built on it), by the `clientInfo.name` they send: there the hover leaves the message out.
_SHOWS_DIAGNOSTICS = re.compile(r"visual studio code|vscode|vscodium|code - oss|code-server|cursor|windsurf",
                                re.I)


def shows_diagnostics_in_hover(client_name: str) -> bool:
    return bool(_SHOWS_DIAGNOSTICS.search(client_name or ""))
