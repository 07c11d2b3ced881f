"""The fast path's tree: a thin view over lxml's C parse of a well-formed document.

Rules read names, values and text from it exactly as from the scanner's tree, and only what they
read is ever turned into Python objects. Offsets are needed only when a rule reports something: then
the scanner reads just the lines around that element (lxml says on which line its start tag ends)
and its twin there gives the offsets. If that window is ambiguous, the whole text is scanned once and
every element paired in order (a well-formed document gives both trees the same elements).
"""
from __future__ import annotations

from lxml import etree

from ..source import LineIndex
from .scanner import scan
from .tree import Attribute, Document, Element, Text


# Below this size one scan of the whole text costs less than finding windows in it.
WINDOWS_FROM = 8192


class _Twins:
    """The document's lxml nodes, their (unique) lazy views, and their scanner twins."""

    def __init__(self, text: str, lxml_root, lines: LineIndex, schema_valid: bool):
        self.text = text
        self.schema_valid = schema_valid
        self.lxml_root = lxml_root
        self.lines = lines
        self.pairs: dict = {}
        self.everything_paired = False
        self.scanned = 0                             # characters scanned in windows so far
        self.views: dict = {}
        self.order: dict | None = None              # node -> preorder index (see _index)

    def wrap(self, node) -> LazyElement:
        view = self.views.get(node)
        if view is None:
            view = self.views[node] = LazyElement(node, self)
        return view

    def of(self, node) -> Element:
        twin = self.pairs.get(node)
        if twin is None:
            twin = self._in_window(node)
            if twin is None:
                self._pair_everything()
                twin = self.pairs[node]
            self.pairs[node] = twin
        return twin

    def _pair_everything(self) -> None:
        if not self.everything_paired:
            top, _ = scan(self.text)
            root = next(n for n in top if isinstance(n, Element))
            # Keyed by the lxml node, which every LazyElement holds (so its proxy stays the same).
            self.pairs.update(zip(self.lxml_root.iter(etree.Element), root.iter()))
            self.everything_paired = True

    def _in_window(self, node) -> Element | None:
        """Scan only the lines from just before this element's line to just after its subtree.

        lxml gives the line on which each start tag ends. Every start tag ending on that line L
        begins after the start tag of the element preceding the first of them (which ends on an
        earlier line), so a window from that line holds them all: the twin is the k-th scanned element
        of this name whose start tag ends on L, as this node is the k-th such in lxml's tree.
        """
        if self.everything_paired or len(self.text) < WINDOWS_FROM:
            return None
        if self.order is None:
            self._index()
        line = node.sourceline
        first_on_line = self.order[self.first_on_line[line]]
        if first_on_line == 0:
            return None                                # nothing before it: scan it all
        start = self.lines.offset(self.preorder[first_on_line - 1].sourceline - 1, 0)
        following = None
        current = node
        while following is None and current is not None:
            following = next(current.itersiblings(etree.Element), None)
            current = current.getparent()
        end = len(self.text) if following is None else self.lines.offset(following.sourceline, 0)
        self.scanned += end - start
        if self.scanned > len(self.text):
            return None                                # windows would cost more than one whole scan
        line_start, line_end = self.lines.offset(line - 1, 0), self.lines.offset(line, 0)
        wanted = self.by_tag_line[node.tag, line].index(node)
        top, _ = scan(self.text[start:end])
        found = [e for t in top if isinstance(t, Element) for e in t.iter()
                 if e.name == node.tag and e.start_tag_end > 0
                 and line_start < start + e.start_tag_end <= line_end]
        if len(found) <= wanted:
            return None
        twin = found[wanted]
        if [(a.name, a.value) for a in twin.attributes] != node.items():
            return None
        _shift(twin, start)
        return twin

    def _index(self) -> None:
        self.preorder = list(self.lxml_root.iter(etree.Element))
        self.order, self.by_tag_line, self.first_on_line = {}, {}, {}
        for index, each in enumerate(self.preorder):
            self.order[each] = index
            self.by_tag_line.setdefault((each.tag, each.sourceline), []).append(each)
            self.first_on_line.setdefault(each.sourceline, each)


def _shift(element: Element, delta: int) -> None:
    """Move a window-scanned subtree's offsets into the whole text's coordinates."""
    for each in element.iter():
        each.start += delta
        each.name_start += delta
        each.name_end += delta
        each.end += delta
        if each.start_tag_end >= 0:
            each.start_tag_end += delta
        if each.end_tag_start >= 0:
            each.end_tag_start += delta
        for attribute in each.attributes:
            attribute.name_start += delta
            attribute.name_end += delta
            if attribute.value_start >= 0:
                attribute.value_start += delta
                attribute.value_end += delta
        for child in each.children:
            if isinstance(child, Text):
                child.start += delta
                child.end += delta


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

    def iter_named(self, names):
        """Elements below (and including) this one with one of these names, in document order (in C)."""
        if not len(self._node):  # a leaf: no need for lxml's matcher
            return [self] if self.name in names else []
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

    @property
    def schema_valid(self) -> bool:
        return self._twins.schema_valid

    def find_attribute(self, name: str) -> Attribute | None:
        if not self._twins.schema_valid:
            return super().find_attribute(name)
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

    def attribute_value(self, name: str) -> str | None:
        if not self._twins.schema_valid:
            return super().attribute_value(name)
        return self._node.get(name)  # the XSD accepted the document: names are spelled exactly

    @property
    def has_text(self) -> bool:
        node = self._node
        if node.text and not node.text.isspace():
            return True
        return any(child.tail and not child.tail.isspace() for child in node)

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


def build(text: str, lxml_root, lines: LineIndex, schema_valid: bool, valid_nodes=frozenset()) -> Document:
    """`valid_nodes`: the root's lxml children the XSD accepts on their own (for an invalid document)."""
    twins = _Twins(text, lxml_root, lines, schema_valid)
    root = twins.wrap(lxml_root)
    return Document(text, root, [root], [], [], frozenset(twins.wrap(node) for node in valid_nodes))
