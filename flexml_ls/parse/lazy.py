"""The fast path's tree: a thin view over lxml's C parse of a well-formed document.

Rules read names, values and text from it exactly as from the scanner's tree, and only what they
read is ever turned into Python objects. Offsets are needed only when a rule reports something, and
each costs no more than it must. In a well-formed document the n-th element in document order is
opened by the n-th `<` that opens a tag outside comments, CDATA sections and processing instructions
(a `<` can appear nowhere else); without those, the n-th element of a name is opened by the n-th
`<name` followed by a space, `>` or `/`; and the element's text ends where the first element after
its subtree begins. So: its start comes from counting `<name`s (or `<`s); its start tag and
attributes from one regular-expression match there; its end tag, and a childless element's text, from a search of
its own text; anything else from the scanner reading just that text.
"""
from __future__ import annotations

import re
from types import MappingProxyType

from lxml import etree

from ..dynamic import is_unknown_content
from .scanner import NAME_PATTERN, scan
from .tree import Attribute, Document, Element, Text

_END_TAG = re.compile(r"</(" + NAME_PATTERN + r")\s*>")
# Comments, CDATA and processing instructions are matched whole so that a `<` inside them is skipped;
# a lone `<` not followed by `/`, `!` or `?` opens a start tag.
_MARKUP = re.compile(r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>|<(?![/!?])", re.S)


# A start tag's attributes, in a text lxml has parsed (so well-formed): groups 3i+1, 3i+2, 3i+3 are the
# i-th one's name and its value between double or single quotes. One match takes up to
# _ATTRIBUTES_PER_MATCH of them (a match costs far more than its groups), the last one also the tag's
# end (`/` in its last group if the tag closes itself). (XML's own whitespace, and possessive
# quantifiers: a well-formed tag needs no backtracking, and they match a third faster.)
_PARSED_ATTRIBUTE = r"""[ \t\r\n]++([^ \t\r\n=]++)[ \t\r\n]*+=[ \t\r\n]*+(?:"([^"]*+)"|'([^']*+)')"""
_ATTRIBUTES_PER_MATCH = 8
_PARSED_ATTRIBUTES = [re.compile(_PARSED_ATTRIBUTE * count) for count in range(_ATTRIBUTES_PER_MATCH + 1)]
_PARSED_TAG_REST = [re.compile(_PARSED_ATTRIBUTE * count + r"[ \t\r\n]*+(/?)>")
                    for count in range(_ATTRIBUTES_PER_MATCH + 1)]
_AFTER_NAME = frozenset(" \t\r\n/>")     # what may follow an element name in a start tag

_NO_SUSPECTS = MappingProxyType({})


# Offsets in an element's start tag, from regular-expression matches (no scanning): (just past its
# `>`, whether it closes itself, the matches of its attributes, _ATTRIBUTES_PER_MATCH a match: see
# above). A plain tuple: a NamedTuple costs four times as much to make.
_StartTag = tuple
_UNSEEN = object()


class _Twins:
    """The document's lxml tree, its views (one per lxml element, as lxml keeps one proxy per C node),
    and where its elements are in the text.

    The views refer to this, and this to the views: the document (a _ViewDocument) breaks that cycle
    when it is dropped, so a linted document is freed at once, not by the cyclic garbage collector
    (which otherwise costs a batch run about a tenth of its time)."""

    def __init__(self, text: str, lxml_root, suspects: dict | None):
        # (Every attribute is set here, even those needed only later: CPython keeps an object's
        # attributes in a compact shared layout only while they are added in the same order.)
        self.everything_paired = False
        self.preorder: list | None = None           # the lxml elements in document order
        self.order: dict | None = None              # element -> its index there (see _position)
        self.lookups = 0
        self.starts: list[int] | None = None        # offset of each one's `<`, in the same order
        self.plain: bool | None = None              # no comment, CDATA, DOCTYPE or PI (see _plain)
        self.text = text
        self.suspects = suspects
        self.schema_valid = suspects is not None and not suspects
        self.lxml_root = lxml_root
        self.views: dict = {}                       # node -> its LazyElement
        self.pairs: dict = {}                       # node -> scanner twin with every offset
        self.begins: dict = {}                      # node -> offset of its `<`
        self.tags: dict = {}                        # node -> _StartTag (or None: use the twin)
        self.ends: dict = {}                        # node -> (end tag start, end) (or None: the twin)

    def wrap(self, node) -> LazyElement:
        view = self.views.get(node)
        if view is None:
            view = self.views[node] = LazyElement(node, self)
        return view

    def start_of(self, node) -> int:
        """Offset of the element's `<`: no scanning at all."""
        start = self.begins.get(node)  # (asked again and again: one call, not two, once known)
        if start is None:
            start = self._start(node)
            if start is None:
                return self.of(node).start
        return start

    def _start(self, node) -> int | None:
        """Offset of the element's `<` (kept for the next call), or None if the text cannot tell."""
        start = self.begins.get(node)
        if start is None:
            start = self._count_to(node)
            if start is not None:
                self.begins[node] = start
        return start

    def _count_to(self, node) -> int | None:
        """The start by counting. For the first few in a plain text (see _plain), where every
        `<name` followed by a space, `>` or `/` opens an element: the elements of its name before
        it. Otherwise (and so never quadratic): all the elements before it."""
        plain = self.plain if self.plain is not None else self._is_plain()
        if not plain or self.lookups >= 8:
            if self.preorder is None:
                self._index()
            return self._start_at(self._position(node))
        self.lookups += 1
        text = self.text
        opening = "<" + node.tag
        first = _opening(text, opening, 0)
        following = _opening(text, opening, first + 1) if first >= 0 else -1
        if following < 0:
            return None if first < 0 else first   # the only element of its name
        before = 0
        for same in self.lxml_root.iter(node.tag):
            if same is node:
                break
            before += 1
        at = first
        while before and at >= 0:
            at = _opening(text, opening, at + 1)
            before -= 1
        return None if at < 0 else at

    def start_tag(self, node) -> _StartTag | None:
        """The element's start tag, matched by regular expressions; None: ask its full twin."""
        found = self.tags.get(node, _UNSEEN)
        if found is _UNSEEN:
            found = self.tags[node] = None if node in self.pairs else self._match_start_tag(node)
        return found

    def end_tag(self, node) -> tuple[int, int] | None:
        """(offset of `</`, offset past its `>`) of the element's end tag, or (-1, end of the start
        tag) for an empty-element tag; None: ask the full twin. In a well-formed document the first
        `<` inside an element without children opens its end tag (or a CDATA section); otherwise the
        last `</name` before the next element that is not a descendant is the element's own end tag,
        unless an ancestor has the same name or a comment, CDATA section or PI might hide one."""
        found = self.ends.get(node, _UNSEEN)
        if found is _UNSEEN:
            found = self.ends[node] = None if node in self.pairs else self._find_end_tag(node)
        return found

    def _find_end_tag(self, node) -> tuple[int, int] | None:
        tag = self._tag_end(node)
        if tag is None:
            return None
        tag_end, self_closing = tag
        if self_closing:
            return -1, tag_end
        name = node.tag
        text = self.text
        if not len(node):
            # Nothing inside but text: its first `<` opens the end tag, unless it opens a comment,
            # CDATA section or PI (no need to find where the next element begins).
            at = text.find("<", tag_end)
            if text.startswith("</", at):
                match = _END_TAG.match(text, at)
                if match is not None and match.group(1) == name:
                    return at, match.end()
            return None
        if next(node.iterancestors(name), None) is not None:
            return None
        window_end = self._after(node)
        if window_end is None:
            return None
        if not self._is_plain() and (text.find("<!", tag_end, window_end) >= 0
                                     or text.find("<?", tag_end, window_end) >= 0):
            return None
        at = text.rfind("</" + name, tag_end, window_end)
        match = _END_TAG.match(text, at) if at >= 0 else None
        if match is None or match.group(1) != name:
            return None
        return at, match.end()

    def _tag_end(self, node) -> tuple[int, bool] | None:
        """(just past the start tag's `>`, whether it closes itself), as start_tag gives them; None:
        ask the full twin. When no attribute value holds a `>`, the first `>` ends the tag (a name
        cannot hold one): that search costs far less than matching every attribute."""
        if self.tags.get(node, _UNSEEN) is _UNSEEN and ">" not in "".join(node.values()):
            start = self._start(node)
            text = self.text
            if start is None or not text.startswith(node.tag, start + 1):
                return None
            end = text.find(">", start)
            return end + 1, text[end - 1] == "/"
        tag = self.start_tag(node)
        return None if tag is None else (tag[0], tag[1])

    def text_range(self, node) -> tuple[int, int] | None | bool:
        """The trimmed range of an element's text, None if it has none; False: ask the twin."""
        if len(node):
            return self._text_range_among_children(node)
        content = node.text
        if not content or content.isspace():
            return None
        tag, ends = self.start_tag(node), self.end_tag(node)
        if tag is None or ends is None or ends[0] < 0:
            return False
        tag_end = tag[0]
        raw = self.text[tag_end:ends[0]]
        if "<" in raw:                                  # a CDATA section
            return False
        return tag_end + len(raw) - len(raw.lstrip()), ends[0] - (len(raw) - len(raw.rstrip()))

    def _text_range_among_children(self, node) -> tuple[int, int] | None | bool:
        """From the first non-blank piece of text (before the first child, or after one) to the last:
        in a plain text the pieces lie between tags. Blank or not as lxml decoded them (as the
        scanner judges), trimmed in the text as written (as the scanner trims)."""
        if not self._is_plain():
            return False
        children = list(node)  # (elements only: a plain text has no comment or PI)
        pieces = [node.text, *(child.tail for child in children)]
        written = [index for index, piece in enumerate(pieces) if piece and not piece.isspace()]
        if not written:
            return None
        first = self._piece(node, children, written[0])
        last = first if len(written) == 1 else self._piece(node, children, written[-1])
        if first is None or last is None:
            return False
        raw = self.text[first[0]:first[1]]
        start = first[0] + len(raw) - len(raw.lstrip())
        raw = self.text[last[0]:last[1]]
        return start, last[1] - (len(raw) - len(raw.rstrip()))

    def _piece(self, node, children: list, index: int) -> tuple[int, int] | None:
        """Where the index-th piece of an element's text lies: its text before the first child (0),
        else the tail of child index - 1; None if the text cannot tell."""
        if index == 0:
            tag = self.start_tag(node)
            begin = None if tag is None else tag[0]
        else:
            ends = self.end_tag(children[index - 1])
            begin = None if ends is None else ends[1]
        if index < len(children):
            end = self._start(children[index])
        else:
            ends = self.end_tag(node)
            end = None if ends is None else ends[0]
        return None if begin is None or end is None else (begin, end)

    def of(self, node) -> Element:
        """The twin with every offset: the element's own text scanned (its end tag, its text)."""
        twin = self.pairs.get(node)
        if twin is None:
            twin = self._scan_element(node)
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
            self.pairs.update(zip(self.lxml_root.iter(etree.Element), _unlinked(root)))
            self.everything_paired = True

    def _after(self, node) -> int | None:
        """Offset of the `<` of the first element after the element's subtree (the text's length if
        there is none); None if the text cannot tell."""
        if self._is_plain():  # (no comment or PI in the text: the next sibling is an element)
            while node is not None:
                following = node.getnext()
                while following is not None and not isinstance(following.tag, str):
                    following = following.getnext()  # (a tree not of this text has them: never a crash)
                if following is not None:
                    return self._start(following)
                node = node.getparent()
            return len(self.text)
        if self.preorder is None:
            self._index()
        return self._start_at(self._position(node) + sum(1 for _ in node.iter(etree.Element)))

    def _position(self, node) -> int:
        """The element's index in document order: a search of the list for the first few (cheap in C),
        then a dictionary (so a document with thousands of diagnostics is not quadratic)."""
        self.lookups += 1
        if self.lookups < 8:
            return self.preorder.index(node)
        if self.order is None:
            self.order = {each: index for index, each in enumerate(self.preorder)}
        return self.order[node]

    def _index(self) -> None:
        self.preorder = list(self.lxml_root.iter(etree.Element))

    def _is_plain(self) -> bool:
        if self.plain is None:
            self.plain = _plain(self.text)
        return self.plain

    def _start_at(self, index: int) -> int | None:
        """Offset of the `<` opening the index-th element in document order (the text's length just
        past the last one); None if the text cannot tell (never for the text lxml parsed)."""
        if index >= len(self.preorder):
            return len(self.text)
        if self.starts is None:
            starts = [m.start() for m in _MARKUP.finditer(self.text) if m.end() - m.start() == 1]
            self.starts = starts if len(starts) == len(self.preorder) else []
        return self.starts[index] if self.starts else None

    def _match_start_tag(self, node) -> _StartTag | None:
        start = self.begins.get(node)
        if start is None:
            start = self._start(node)
            if start is None:
                return None
        # lxml has parsed the text: patterns need not tell names apart from other characters. The
        # names are compared with lxml's, and anything else is left to the twin.
        text = self.text
        name = node.tag
        if not text.startswith(name, start + 1):
            return None
        at = start + 1 + len(name)
        rest = node.keys()
        matches = []
        while len(rest) > _ATTRIBUTES_PER_MATCH:  # (rarely: many attributes)
            match = _PARSED_ATTRIBUTES[_ATTRIBUTES_PER_MATCH].match(text, at)
            if match is None or list(match.groups()[::3]) != rest[:_ATTRIBUTES_PER_MATCH]:
                return None
            matches.append(match)
            at = match.end()
            rest = rest[_ATTRIBUTES_PER_MATCH:]
        match = _PARSED_TAG_REST[len(rest)].match(text, at)
        if match is None:
            return None
        groups = match.groups()
        if rest and list(groups[:-1:3]) != rest:
            return None
        matches.append(match)
        return match.end(), groups[-1] == "/", matches

    def _scan_element(self, node) -> Element | None:
        """Scan only this element's text: from its `<` to the `<` of the first element after it."""
        if self.everything_paired:
            return None
        start, end = self._start(node), self._after(node)
        if start is None or end is None:
            return None
        top, _ = scan(self.text[start:end])
        twin = top[0] if top and isinstance(top[0], Element) else None
        if twin is None or twin.name != node.tag or [(a.name, a.value) for a in twin.attributes] != node.items():
            return None
        _shift(twin, start)
        _unlinked(twin)
        return twin


def _plain(text: str) -> bool:
    """No comment, CDATA section, DOCTYPE or processing instruction past an XML declaration: every
    `<` not followed by `/` opens an element. (Searches for one character first: they cost a tenth.)"""
    if "!" in text and "<!" in text:
        return False
    question = text.find("?", 2)              # past the `<?` of a declaration: its `?>`, or none
    if question >= 0 and text.startswith("<?"):
        question = text.find("?", question + 1)
    return question < 0 or text.find("<?", 1) < 0


def _opening(text: str, opening: str, at: int) -> int:
    """Offset of the first `<name` (given as `opening`) from `at` that opens a start tag; -1 if none."""
    width = len(opening)
    at = text.find(opening, at)
    while at >= 0 and text[at + width:at + width + 1] not in _AFTER_NAME:
        at = text.find(opening, at + width)
    return at


def has_child_elements(node) -> bool:
    """Whether a raw lxml element has element children (comments and PIs aside)."""
    # (Children by index and slice, made in C: lxml's child iterator costs more to start than
    # several children.)
    if not len(node):
        return False
    if isinstance(node[0].tag, str):  # a comment's or a PI's tag is a function
        return True
    for child in node[1:]:
        if isinstance(child.tag, str):
            return True
    return False


def has_raw_text(node) -> bool:
    """Whether a raw lxml element holds non-blank text, as `Element.has_text` says of the tree."""
    text = node.text
    if text and not text.isspace() and not is_unknown_content(text):
        return True
    return bool(len(node)) and has_raw_tail(node)


def has_raw_tail(node) -> bool:
    """Whether the text after some child of a raw lxml element is not blank."""
    for child in node[:]:  # (a slice: see has_child_elements)
        tail = child.tail
        if tail and not tail.isspace() and not is_unknown_content(tail):
            return True
    return False


def _unlinked(twin: Element) -> list[Element]:
    """The twin's elements, in document order, with their parent links cut (twins only give
    offsets; the links would make reference cycles)."""
    elements = list(twin.iter())
    for each in elements:
        each.parent = None
    return elements


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


class _Located:
    """An attribute's offset, found on first use; all of them then sit in the attribute itself (this
    descriptor defines no __set__, so the instance's own value wins from then on)."""

    def __set_name__(self, owner, name: str) -> None:
        self.name = name

    def __get__(self, attribute, owner=None):
        if attribute is None:
            return self
        attribute.name_start, attribute.name_end, attribute.value_start, attribute.value_end, attribute.quote = \
            attribute._locate()
        return getattr(attribute, self.name)


def _from_start_tag(index: int, twin_field: str) -> property:
    def get(self):
        tag = self._twins.start_tag(self._node)
        return getattr(self._twin(), twin_field) if tag is None else tag[index]
    return property(get)


def _from_end_tag(index: int, twin_field: str) -> property:
    def get(self):
        ends = self._twins.end_tag(self._node)
        return getattr(self._twin(), twin_field) if ends is None else ends[index]
    return property(get)


class LazyElement(Element):
    # Offsets come at three costs: the start (from one pass of a regular expression over the text),
    # the start tag (one more match), the rest (scanning the element's text).
    start = property(lambda self: self._twins.start_of(self._node))
    name_start = property(lambda self: self._twins.start_of(self._node) + 1)
    name_end = property(lambda self: self._twins.start_of(self._node) + 1 + len(self.name))
    start_tag_end = _from_start_tag(0, "start_tag_end")
    self_closing = _from_start_tag(1, "self_closing")
    end_tag_start = _from_end_tag(0, "end_tag_start")
    end = _from_end_tag(1, "end")

    def __init__(self, node, twins: _Twins):  # noqa: D107 - no dataclass init
        self.name = node.tag
        self._node = node
        self._twins = twins
        self._attributes: list | None = None       # each made on first use
        self._children: list | None = None
        self._elements: list | None = None
        self._folded_names: frozenset | None = None  # its attribute names, case-folded (see _any_case)

    @property
    def parent(self) -> LazyElement | None:
        node = self._node.getparent()
        return None if node is None else self._twins.wrap(node)

    def lxml_iter(self):
        """The lxml nodes of this subtree, this one first, in document order: elements, and also
        comments and processing instructions (whose `tag` is not a string), since filtering them
        out in lxml costs more than skipping them."""
        return self._node.iter()

    def wrap(self, node) -> LazyElement:
        """The view of another lxml element of the same document."""
        return self._twins.wrap(node)

    def _twin(self) -> Element:
        return self._twins.of(self._node)

    def text_range(self):
        found = self._twins.text_range(self._node)
        return self._twin().text_range() if found is False else found

    # Plain properties caching in the instance: functools.cached_property takes a lock on Python 3.11.
    @property
    def attributes(self) -> list[Attribute]:
        found = self._attributes
        if found is None:
            found = self._attributes = [LazyAttribute(self._node, self._twins, i, name, value)
                                        for i, (name, value) in enumerate(self._node.items())]
        return found

    @property
    def suspects(self) -> dict | None:
        """The lxml elements the XSD's errors may concern, with what may be wrong (None: anything)."""
        return self._twins.suspects

    def find_attribute(self, name: str) -> Attribute | None:
        # An exact spelling wins (as in Element.find_attribute); if the XSD accepted the document
        # there is no other.
        if self._node.get(name) is None and (self._twins.schema_valid or not self._any_case(name)):
            return None
        return super().find_attribute(name)

    def _any_case(self, name: str) -> bool:
        # (Asked again and again of an element the XSD has not accepted: one rule after another.)
        folded = self._folded_names
        if folded is None:
            folded = self._folded_names = frozenset([key.casefold() for key in self._node.keys()])
        return name.casefold() in folded

    @property
    def children(self) -> list:
        found = self._children
        if found is None:
            found = self._children = self._make_children()
        return found

    def attribute_value(self, name: str) -> str | None:
        value = self._node.get(name)
        if value is not None or self._twins.schema_valid or not self._any_case(name):
            return value
        return super().attribute_value(name)

    @property
    def has_text(self) -> bool:
        return has_raw_text(self._node)

    @property
    def text(self) -> str:
        # As Element.text joins `children`, which leave blank text out; an element without children
        # has no more than lxml's text, so none need be made.
        node = self._node
        if not len(node):
            text = node.text
            return text if text and not text.isspace() else ""
        return "".join([child.value for child in self.children if isinstance(child, Text)])

    @property
    def elements(self) -> list[Element]:
        found = self._elements
        if found is None:
            twins = self._twins
            found = self._elements = [twins.wrap(child) for child in self._node.iterchildren(etree.Element)]
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
    name_start = _Located()
    name_end = _Located()
    value_start = _Located()
    value_end = _Located()
    quote = _Located()

    def __init__(self, node, twins: _Twins, index: int, name: str, value: str):  # noqa: D107
        self.name = name
        self.value = value
        self._node = node          # the element's (not a view of it: that would make a cycle)
        self._twins = twins
        self._index = index

    def _locate(self) -> tuple[int, int, int, int, str]:
        """(name_start, name_end, value_start, value_end, quote)."""
        tag = self._twins.start_tag(self._node)
        if tag is None:
            twin = self._twins.of(self._node).attributes[self._index]
            return twin.name_start, twin.name_end, twin.value_start, twin.value_end, twin.quote
        match = tag[2][self._index // _ATTRIBUTES_PER_MATCH]
        name = 3 * (self._index % _ATTRIBUTES_PER_MATCH) + 1        # its name's group; its value's next
        value = name + 1 if match.start(name + 1) >= 0 else name + 2
        return match.start(name), match.end(name), match.start(value), match.end(value), \
            '"' if value == name + 1 else "'"


def build(text: str, lxml_root, suspects: dict | None = _NO_SUSPECTS) -> Document:
    """`suspects`: the lxml elements the XSD's errors may concern, each with what may be wrong with
    it (see `catalog._Validator.judge`); empty: the XSD accepted the document; None: any element may
    be concerned."""
    twins = _Twins(text, lxml_root, suspects)
    root = twins.wrap(lxml_root)
    return _ViewDocument(text, root, [root], [], [])


class _ViewDocument(Document):
    """A document whose tree is a view over lxml's: dropping it cuts the views' cycle (see _Twins)."""

    def __del__(self) -> None:
        self.root._twins.views.clear()
