"""Where the cursor is, in a document that may be half typed: the construct around it and the
elements open at that point.

Completion and hover run on every keystroke, so this does not rescan the whole document with the
engine's scanner (about 10 ms per 1,000 lines). One regular expression walks the tags before the
cursor to find the open elements (same recovery as the scanner: an end tag closes up to the nearest
open element of its name, a tag that never reaches `>` holds no content), and the engine's tolerant
scanner reads only the tag under the cursor, for exact attribute offsets.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..parse.scanner import NAME_PATTERN, START_TAG_NAME, scan_attributes
from ..parse.tree import Attribute, Element

_TAGS = re.compile(
    r"<!--.*?(?:-->|\Z)"
    r"|<!\[CDATA\[.*?(?:\]\]>|\Z)"
    r"|<\?.*?(?:\?>|\Z)"
    r"|<![^<>]*>?"
    r"|</\s*(?P<end>" + NAME_PATTERN + r")?[^<>]*>?"
    r"|<(?P<start>" + NAME_PATTERN + r""")(?:[^<>"']|"[^"<]*"|'[^'<]*'|["'])*(?P<close>/?>)?""",
    re.S,
)
_END_TAG = re.compile(r"</\s*(?P<name>" + NAME_PATTERN + r")?\s*(?P<close>>)?")

ELEMENT, END_TAG, ATTRIBUTE_NAME, ATTRIBUTE_VALUE, TEXT, COMMENT, OTHER = (
    "element", "end-tag", "attribute-name", "attribute-value", "text", "comment", "other")


@dataclass
class Open:
    name: str
    start: int


@dataclass
class Cursor:
    kind: str
    offset: int
    open: list[Open] = field(default_factory=list)  # elements open around the construct, outermost first
    element: Element | None = None      # the start tag the cursor is in (offsets into the document)
    attribute: Attribute | None = None  # the attribute whose name or value holds the cursor
    replace: tuple[int, int] = (0, 0)   # the partial name or value the cursor is in
    tail: bool = False                  # the element name is followed by the rest of a tag
    closed: bool = False                # an end tag already has its `>` / a value its closing quote
    root_seen: bool = False             # an element exists at top level before this point
    start: int = -1                     # where the construct begins (`<`, `</`, `<!--`)

    @property
    def path(self) -> list[str]:
        return [item.name for item in self.open]


def open_elements(text: str, end: int) -> tuple[list[Open], bool]:
    """The elements open at offset `end`, outermost first, and whether a top-level element was seen."""
    stack: list[Open] = []
    root_seen = False
    for match in _TAGS.finditer(text, 0, end):
        name = match.group("start")
        if name is not None:
            if not stack:
                root_seen = True
            if match.group("close") == ">":
                stack.append(Open(name, match.start()))
            continue
        name = match.group("end")
        if name is not None:
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth].name == name:
                    del stack[depth:]
                    break
    return stack, root_seen


def first_element(text: str) -> tuple[str, int] | None:
    """The name and offset of the first start tag outside comments, declarations and CDATA."""
    for match in _TAGS.finditer(text):
        if match.group("start") is not None:
            return match.group("start"), match.start()
        if match.group("end") is not None:
            return None
    return None


def _inside(text: str, offset: int, opener: str, closer: str) -> int:
    """The start of the `opener ... closer` construct that holds `offset`, or -1."""
    start = text.rfind(opener, 0, offset)
    if start < 0:
        return -1
    close = text.find(closer, start + len(opener))
    if close < 0 or offset < close + len(closer):
        return start
    return -1


def start_tag_at(text: str, lt: int) -> Element | None:
    """The start tag beginning at `lt`, read by the engine scanner's tolerant attribute reader."""
    match = START_TAG_NAME.match(text, lt + 1)
    if match is None:
        return None
    element = Element(match.group(0), lt, match.start(), match.end())
    pos = scan_attributes(text, match.end(), element)
    if element.start_tag_end < 0:
        element.end = pos
    return element


def locate(text: str, offset: int, *, on_character: bool = False) -> Cursor:
    """What the cursor at `offset` is in.

    For completion the cursor sits between characters (`offset` is where typing goes); for hover
    (`on_character`) it is on the character at `offset`.
    """
    offset = max(0, min(offset, len(text)))
    probe = offset + 1 if on_character else offset
    comment = _inside(text, probe, "<!--", "-->")
    if comment >= 0 and (on_character or offset > comment + 3):
        return Cursor(COMMENT, offset, start=comment, replace=(comment, offset))
    if _inside(text, probe, "<![CDATA[", "]]>") >= 0:
        return Cursor(TEXT, offset)
    lt = text.rfind("<", 0, probe)
    if lt < 0:
        return Cursor(TEXT, offset)
    if text.startswith("</", lt):
        match = _END_TAG.match(text, lt)
        if match.group("name"):
            name_start, name_end = match.span("name")
            inside = lt <= offset < name_end if on_character else name_start <= offset <= name_end
        else:
            name_start = name_end = offset
            limit = match.start("close") if match.group("close") else match.end()
            inside = not on_character and lt + 2 <= offset <= limit
        if not inside:
            return Cursor(TEXT, offset)
        stack, root_seen = open_elements(text, lt)
        return Cursor(END_TAG, offset, stack, replace=(name_start, name_end), closed=bool(match.group("close")),
                      root_seen=root_seen, start=lt)
    if text.startswith("<!", lt) or text.startswith("<?", lt):
        return Cursor(OTHER, offset, start=lt)
    element = start_tag_at(text, lt)
    if element is None:
        if not on_character and offset == lt + 1:
            stack, root_seen = open_elements(text, lt)
            return Cursor(ELEMENT, offset, stack, replace=(offset, offset), root_seen=root_seen, start=lt)
        return Cursor(TEXT, offset)
    if 0 <= element.start_tag_end <= offset:
        return Cursor(TEXT, offset)
    stack, root_seen = open_elements(text, lt)
    name_limit = element.name_end - 1 if on_character else element.name_end
    if element.name_start <= offset <= name_limit or (on_character and offset == lt):
        rest = text[element.name_end:element.start_tag_end if element.start_tag_end >= 0 else element.end]
        return Cursor(ELEMENT, offset, stack, element=element, replace=(element.name_start, element.name_end),
                      tail=bool(rest.strip()), root_seen=root_seen, start=lt)
    here = stack + [Open(element.name, lt)]
    for attribute in element.attributes:
        if attribute.value_start >= 0:
            value_limit = attribute.value_end - 1 if on_character else attribute.value_end
            if attribute.value_start <= offset <= value_limit:
                closed = attribute.quote != "" and text.startswith(attribute.quote, attribute.value_end)
                return Cursor(ATTRIBUTE_VALUE, offset, here, element=element, attribute=attribute,
                              replace=(attribute.value_start, attribute.value_end), closed=closed,
                              root_seen=root_seen, start=lt)
        name_limit = attribute.name_end - 1 if on_character else attribute.name_end
        if attribute.name_start <= offset <= name_limit:
            return Cursor(ATTRIBUTE_NAME, offset, here, element=element, attribute=attribute,
                          replace=(attribute.name_start, attribute.name_end), closed=attribute.value is not None,
                          root_seen=root_seen, start=lt)
    if on_character:
        return Cursor(OTHER, offset, here, element=element, start=lt)
    if offset > 0 and text[offset - 1].isspace():
        return Cursor(ATTRIBUTE_NAME, offset, here, element=element, replace=(offset, offset),
                      root_seen=root_seen, start=lt)
    return Cursor(OTHER, offset, here, element=element, start=lt)
