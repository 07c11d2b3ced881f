"""The fast path's tree: a thin view over lxml's C parse of a document the XSD already accepted.

Rules read names, values and text from it exactly as from the scanner's tree, and only what they
read is ever turned into Python objects. Offsets are needed only when a rule reports something: the
first offset read runs the scanner once and pairs every element with its twin (a well-formed
document gives both trees the same elements in the same order).
"""
from __future__ import annotations

from lxml import etree

from .scanner import scan
from .tree import Attribute, Document, Element, Text


class _Twins:
    """The document's lxml nodes, their (unique) lazy views, and their scanner twins."""

    def __init__(self, text: str, lxml_root):
        self.text = text
        self.lxml_root = lxml_root
        self.pairs: dict | None = None
        self.views: dict = {}

    def wrap(self, node) -> LazyElement:
        view = self.views.get(node)
        if view is None:
            view = self.views[node] = LazyElement(node, self)
        return view

    def of(self, node) -> Element:
        if self.pairs is None:
            top, _ = scan(self.text)
            root = next(n for n in top if isinstance(n, Element))
            # Keyed by the lxml node, which every LazyElement holds (so its proxy stays the same).
            self.pairs = dict(zip(self.lxml_root.iter(etree.Element), root.iter()))
        return self.pairs[node]


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

    def __init__(self, node, twins: _Twins):  # noqa: D107 - no dataclass init
        self.name = node.tag
        self._node = node
        self._twins = twins

    @property
    def parent(self) -> LazyElement | None:
        node = self._node.getparent()
        return None if node is None else self._twins.wrap(node)

    @property
    def lxml_node(self):
        return self._node

    def iter_named(self, names):
        """Elements below (and including) this one with one of these names, in document order (in C)."""
        wrap = self._twins.wrap
        return (wrap(node) for node in self._node.iter(*names))

    def _twin(self) -> Element:
        return self._twins.of(self._node)

    def text_range(self):
        return self._twin().text_range()

    # Plain properties caching in the instance: functools.cached_property takes a lock on Python 3.11.
    @property
    def attributes(self) -> list[Attribute]:
        found = self.__dict__.get("_attributes")
        if found is None:
            found = self._attributes = [LazyAttribute(self, i, name, value)
                                        for i, (name, value) in enumerate(self._node.items())]
        return found

    def find_attribute(self, name: str) -> Attribute | None:
        # The XSD accepted the document, so every attribute name is spelled exactly.
        if self._node.get(name) is None:
            return None
        return next(a for a in self.attributes if a.name == name)

    @property
    def children(self) -> list:
        found = self.__dict__.get("_children")
        if found is None:
            found = self._children = self._make_children()
        return found

    @property
    def elements(self) -> list[Element]:
        found = self.__dict__.get("_elements")
        if found is None:
            found = self._elements = [child for child in self.children if isinstance(child, Element)]
        return found

    def _make_children(self) -> list:
        # Blank text is left out: no rule reads it, and the XSD has already judged where text may go.
        children = []
        node = self._node
        text = node.text
        if text and not text.isspace():
            children.append(Text(text, text, -1, -1))
        for child in node:
            if isinstance(child.tag, str):
                children.append(self._twins.wrap(child))
            tail = child.tail
            if tail and not tail.isspace():
                children.append(Text(tail, tail, -1, -1))
        return children

    def get(self, name: str, default: str | None = None) -> str | None:
        return self._node.get(name, default)


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
    root = _Twins(text, lxml_root).wrap(lxml_root)
    return Document(text, root, [root], [], [])
