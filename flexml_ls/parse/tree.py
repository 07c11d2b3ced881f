"""The document tree the rules read: every name, value and text with its exact offsets.

Offsets are code-point indices into the original text. `*_start`/`*_end` are half-open ranges.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..dynamic import is_unknown_content


@dataclass(eq=False)
class Attribute:
    name: str
    name_start: int
    name_end: int
    value: str | None          # decoded value; None when the `="..."` part is missing
    value_start: int = -1      # range of the raw value between the quotes
    value_end: int = -1
    quote: str = '"'


@dataclass(eq=False)
class Text:
    raw: str
    value: str                 # entities decoded, CDATA unwrapped
    start: int
    end: int
    cdata: bool = False

    @property
    def is_blank(self) -> bool:
        return not self.value.strip()


@dataclass(eq=False)
class Comment:
    content: str
    start: int
    end: int
    content_start: int


@dataclass(eq=False)
class Element:
    name: str
    start: int                 # offset of '<'
    name_start: int
    name_end: int
    parent: Element | None = None
    attributes: list[Attribute] = field(default_factory=list)
    children: list = field(default_factory=list)   # Element | Text | Comment, in order
    start_tag_end: int = -1    # offset just past '>' (or '/>'); -1 if the tag never closes
    self_closing: bool = False
    end_tag_start: int = -1    # offset of '</'; -1 when there is no end tag
    end: int = -1              # offset just past the whole element

    def find_attribute(self, name: str) -> Attribute | None:
        """The attribute `name`, however its letter case is written."""
        for attribute in self.attributes:
            if attribute.name == name:
                return attribute
        folded = name.casefold()
        for attribute in self.attributes:
            if attribute.name.casefold() == folded:
                return attribute
        return None

    def attribute_value(self, name: str) -> str | None:
        """The value of attribute `name` (any letter case), or None."""
        attribute = self.find_attribute(name)
        return None if attribute is None else attribute.value

    @property
    def elements(self) -> list[Element]:
        return [child for child in self.children if isinstance(child, Element)]

    @property
    def texts(self) -> list[Text]:
        return [child for child in self.children if isinstance(child, Text)]

    @property
    def text(self) -> str:
        return "".join(child.value for child in self.children if isinstance(child, Text))

    @property
    def has_text(self) -> bool:
        """Whether there is non-blank text content (cheap: no offsets needed). A template's unknown
        content (dynamic parts and whitespace alone: see dynamic.py) is not text: it may render
        elements, text or nothing."""
        return any(not child.is_blank and not is_unknown_content(child.value)
                   for child in self.children if isinstance(child, Text))

    def text_range(self) -> tuple[int, int] | None:
        """The range of the non-blank text content, trimmed of surrounding whitespace."""
        texts = [t for t in self.texts if not t.is_blank]
        if not texts:
            return None
        first, last = texts[0], texts[-1]
        start = first.start + (len(first.raw) - len(first.raw.lstrip()))
        end = last.end - (len(last.raw) - len(last.raw.rstrip()))
        return start, end

    def iter(self):
        """This element and all elements below it, in document order."""
        stack = [self]
        while stack:
            element = stack.pop()
            yield element
            stack.extend(reversed(element.elements))


@dataclass(eq=False)
class Document:
    text: str
    root: Element | None
    top_level: list           # everything outside the root: comments, stray text, other elements
    comments: list[Comment]
    syntax_errors: list       # [(offset, message)], from lxml (first error) and the scanner

    @property
    def is_empty(self) -> bool:
        """No element and no text: nothing but whitespace, comments and declarations."""
        return self.root is None and all(not isinstance(n, Text) or n.is_blank for n in self.top_level)
