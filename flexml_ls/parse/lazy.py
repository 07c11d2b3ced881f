"""The fast path's tree: built from lxml's C parse of a document the XSD already accepted.

Rules read names, values and text from it exactly as from the scanner's tree. Offsets are only
needed when a rule reports something; the first offset read runs the scanner once and pairs every
node with its twin (a well-formed document gives both trees the same elements in the same order).
"""
from __future__ import annotations

from .scanner import scan
from .tree import Attribute, Document, Element, Text


class _Twins:
    def __init__(self, text: str):
        self.text = text
        self.order: list[LazyElement] = []
        self.pairs: dict[LazyElement, Element] | None = None

    def of(self, element: LazyElement) -> Element:
        if self.pairs is None:
            top, _ = scan(self.text)
            root = next(node for node in top if isinstance(node, Element))
            self.pairs = dict(zip(self.order, root.iter()))
        return self.pairs[element]


def _delegate(field: str) -> property:
    return property(lambda self: getattr(self._twin(), field))


class LazyElement(Element):
    start = _delegate("start")
    name_start = _delegate("name_start")
    name_end = _delegate("name_end")
    start_tag_end = _delegate("start_tag_end")
    self_closing = _delegate("self_closing")
    end_tag_start = _delegate("end_tag_start")
    end = _delegate("end")

    def __init__(self, name: str, parent: LazyElement | None, twins: _Twins):  # noqa: D107 - no dataclass init
        self.name = name
        self.parent = parent
        self.attributes = []
        self.children = []
        self._twins = twins

    def _twin(self) -> Element:
        return self._twins.of(self)

    def text_range(self):
        return self._twin().text_range()


class LazyAttribute(Attribute):
    name_start = _delegate("name_start")
    name_end = _delegate("name_end")
    value_start = _delegate("value_start")
    value_end = _delegate("value_end")
    quote = _delegate("quote")

    def __init__(self, owner: LazyElement, index: int, name: str, value: str):  # noqa: D107
        self.name = name
        self.value = value
        self._owner = owner
        self._index = index

    def _twin(self) -> Attribute:
        return self._owner._twin().attributes[self._index]


def build(text: str, lxml_root) -> Document:
    twins = _Twins(text)

    def make(node, parent):
        element = LazyElement(node.tag, parent, twins)
        twins.order.append(element)
        items = node.items()
        if items:
            element.attributes = [LazyAttribute(element, i, name, value) for i, (name, value) in enumerate(items)]
        children = element.children
        # Blank text is left out: no rule reads it, and the XSD has already judged where text may go.
        text = node.text
        if text and not text.isspace():
            children.append(Text(text, text, -1, -1))
        for child in node:
            if isinstance(child.tag, str):
                children.append(make(child, element))
            tail = child.tail
            if tail and not tail.isspace():
                children.append(Text(tail, tail, -1, -1))
        return element

    root = make(lxml_root, None)
    return Document(text, root, [root], [], [])
