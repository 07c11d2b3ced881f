"""Completion: what may be typed where the cursor is, from the catalog.

After `<`: the elements the parent allows (snippets with the required attributes and the closing
tag); in a start tag: the attributes not written yet; in a value: the allowed values, default first;
after `</`: the element to close. Works on broken documents: see `cursor.py`.
"""
from __future__ import annotations

from lsprotocol import types

from ..catalog import Catalog, ComplexType
from . import knowledge
from .cursor import ATTRIBUTE_NAME, ATTRIBUTE_VALUE, ELEMENT, END_TAG, Cursor
from .documents import Positions


def _escape_snippet(text: str, in_choice: bool = False) -> str:
    text = text.replace("\\", "\\\\").replace("$", "\\$").replace("}", "\\}")
    if in_choice:
        text = text.replace(",", "\\,").replace("|", "\\|")
    return text


def _value_placeholder(decl, index: int, snippets: bool) -> str:
    if not snippets:
        return ""
    values = knowledge.values_default_first(decl) if decl.type.values else []
    if values:
        return "${%d|%s|}" % (index, ",".join(_escape_snippet(v, True) for v in values))
    return f"${index}"


class Completer:
    def __init__(self, catalog: Catalog, snippets: bool = True, markdown: bool = True):
        self.catalog = catalog
        self.snippets = snippets
        self.markdown = markdown

    def _doc(self, text: str) -> types.MarkupContent | str:
        if self.markdown:
            return types.MarkupContent(kind=types.MarkupKind.Markdown, value=text)
        return text

    def complete(self, text: str, cursor: Cursor, positions: Positions) -> list[types.CompletionItem]:
        def edit_range(start: int, end: int) -> types.Range:
            return types.Range(types.Position(*positions.position(start)), types.Position(*positions.position(end)))

        if cursor.kind == ELEMENT:
            return self.elements(cursor, edit_range)
        if cursor.kind == END_TAG:
            return self.end_tag(cursor, edit_range)
        if cursor.kind == ATTRIBUTE_NAME:
            return self.attributes(cursor, edit_range)
        if cursor.kind == ATTRIBUTE_VALUE:
            return self.values(text, cursor, edit_range)
        return []

    # -- after `<` -----------------------------------------------------------------------------------
    def _allowed_children(self, cursor: Cursor) -> list[tuple[str, ComplexType]]:
        if not cursor.path:
            if cursor.root_seen:
                return []
            return list(self.catalog.roots.items())
        _, parent_type = knowledge.resolve(self.catalog, cursor.path)
        if parent_type is None:
            return []
        return [(name, self.catalog.complex_types[child.type_name]) for name, child in parent_type.children.items()]

    def elements(self, cursor: Cursor, edit_range) -> list[types.CompletionItem]:
        items = []
        parent = cursor.path[-1] if cursor.path else None
        replace = edit_range(*cursor.replace)
        for index, (name, element_type) in enumerate(self._allowed_children(cursor)):
            if cursor.tail or not self.snippets:
                new_text = name if cursor.tail else self._plain_element(name, element_type)
                fmt = types.InsertTextFormat.PlainText
            else:
                new_text = self._element_snippet(name, element_type)
                fmt = types.InsertTextFormat.Snippet
            items.append(types.CompletionItem(
                label=name,
                kind=types.CompletionItemKind.Class,
                detail=f"<{name}>" + (f" in <{parent}>" if parent else " (root)"),
                label_details=types.CompletionItemLabelDetails(
                    description=knowledge.first_sentence(element_type.doc)[:80] if element_type.doc else None),
                documentation=self._doc(knowledge.element_markdown(self.catalog, name, element_type)),
                sort_text=f"{index:03d}",
                filter_text=name,
                insert_text_format=fmt,
                text_edit=types.TextEdit(range=replace, new_text=new_text),
            ))
        return items

    def _element_snippet(self, name: str, element_type: ComplexType) -> str:
        required = [a for a in element_type.attributes.values() if a.required]
        attributes = "".join(f' {a.name}="{_value_placeholder(a, i, True)}"' for i, a in enumerate(required, 1))
        if element_type.content == "empty":
            return f"{name}{attributes}/>$0"
        return f"{name}{attributes}>$0</{name}>"

    def _plain_element(self, name: str, element_type: ComplexType) -> str:
        required = [a for a in element_type.attributes.values() if a.required]
        attributes = "".join(f' {a.name}=""' for a in required)
        if element_type.content == "empty":
            return f"{name}{attributes}/>"
        return f"{name}{attributes}></{name}>"

    # -- after `</` ----------------------------------------------------------------------------------
    def end_tag(self, cursor: Cursor, edit_range) -> list[types.CompletionItem]:
        if not cursor.open:
            return []
        name = cursor.open[-1].name
        return [types.CompletionItem(
            label=name,
            kind=types.CompletionItemKind.Class,
            detail=f"close <{name}>",
            filter_text=name,
            insert_text_format=types.InsertTextFormat.PlainText,
            text_edit=types.TextEdit(range=edit_range(*cursor.replace), new_text=name if cursor.closed else name + ">"),
        )]

    # -- in a start tag ------------------------------------------------------------------------------
    def attributes(self, cursor: Cursor, edit_range) -> list[types.CompletionItem]:
        element_name, element_type = knowledge.resolve(self.catalog, cursor.path)
        if element_type is None or cursor.element is None:
            return []
        present = {a.name.casefold() for a in cursor.element.attributes if a is not cursor.attribute}
        replace = edit_range(*cursor.replace)
        items = []
        for name, decl in element_type.attributes.items():
            if name.casefold() in present:
                continue
            if cursor.closed:  # the `="..."` is already there: complete the name only
                new_text, fmt = name, types.InsertTextFormat.PlainText
            elif self.snippets:
                new_text, fmt = f'{name}="{_value_placeholder(decl, 1, True)}"', types.InsertTextFormat.Snippet
            else:
                new_text, fmt = f'{name}=""', types.InsertTextFormat.PlainText
            detail = knowledge.type_summary(decl.type).replace("`", "")
            if decl.required:
                detail = "required · " + detail
            elif decl.default is not None:
                detail += f" · default {decl.default}"
            items.append(types.CompletionItem(
                label=name,
                kind=types.CompletionItemKind.Property,
                detail=detail,
                label_details=types.CompletionItemLabelDetails(
                    description=("required" if decl.required else
                                 f"default {decl.default}" if decl.default is not None else None)),
                documentation=self._doc(knowledge.attribute_markdown(self.catalog, element_name, element_type, decl)),
                sort_text=("0" if decl.required else "1") + name,
                filter_text=name,
                insert_text_format=fmt,
                text_edit=types.TextEdit(range=replace, new_text=new_text),
            ))
        return items

    # -- in an attribute value -----------------------------------------------------------------------
    def values(self, text: str, cursor: Cursor, edit_range) -> list[types.CompletionItem]:
        element_name, element_type = knowledge.resolve(self.catalog, cursor.path)
        decl = knowledge.attribute_decl(element_type, cursor.attribute.name)
        if decl is None:
            return []
        start, end = cursor.replace
        if not cursor.closed:
            end = cursor.offset  # an unterminated value runs to the end of the line: keep the rest
        replace = edit_range(start, end)
        values = knowledge.values_default_first(decl) if decl.type.values else (
            [decl.default] if decl.default is not None else [])
        items = []
        for index, value in enumerate(values):
            is_default = value == decl.default
            items.append(types.CompletionItem(
                label=value,
                kind=types.CompletionItemKind.EnumMember,
                detail="default" if is_default else None,
                label_details=types.CompletionItemLabelDetails(description="default") if is_default else None,
                documentation=self._doc(f"`{decl.name}` of `<{element_name}>`: {decl.type.describe()}"),
                sort_text=f"{index:03d}",
                filter_text=value,
                preselect=is_default or None,
                insert_text_format=types.InsertTextFormat.PlainText,
                text_edit=types.TextEdit(range=replace, new_text=value),
            ))
        return items
