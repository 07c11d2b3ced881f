"""JSON text -> values with the offsets of every key and value.

The standard library's `json` judges the text first (strict, in C, with the position and wording of
the first error); a short scanner then walks the same text, which `json` has already accepted, to
record where each key and value lies. The scanner reuses `json`'s own string decoder and number
pattern, so both read the text alike. (Libraries that keep positions were weighed: json-source-map
is unmaintained since 2022 and gives line/column pairs for values only; tree-sitter-json is
error-tolerant, so its errors are not JSON's, and brings two compiled dependencies.)
"""
from __future__ import annotations

import json
import re
from json.decoder import scanstring
from json.scanner import NUMBER_RE

_SPACE = re.compile(r"[ \t\n\r]*")


class Node:
    """A JSON value at text[start:end]. `value` is the Python value (as json.loads gives it);
    an object's `members` are its (key, value) pairs in order, an array's `items` its values."""

    __slots__ = ("kind", "start", "end", "value", "members", "items", "_by_key")

    def __init__(self, kind: str, start: int):
        self.kind = kind          # "object", "array", "string", "number", "boolean", "null"
        self.start = start
        self.end = start
        self.value = None
        self.members: list[Member] = []
        self.items: list[Node] = []
        self._by_key: tuple[dict, int] | None = None   # (members by key, how many members it holds)

    def member(self, key: str) -> Member | None:
        """The member named `key` (the last, when a key is repeated: json.loads keeps the last)."""
        # An index, made at the first lookup: a search of the members for each key was quadratic in
        # an object's size (rules look up every member of a module, 20,000 fields took 9 s).
        if self._by_key is None or self._by_key[1] != len(self.members):  # (made again if members were added)
            self._by_key = ({member.key: member for member in self.members}, len(self.members))
        return self._by_key[0].get(key)

    def get(self, key: str) -> Node | None:
        member = self.member(key)
        return None if member is None else member.value

    def child(self, step) -> Node | None:
        """The value at one step of a path: a key of an object, an index of an array."""
        if self.kind == "object" and isinstance(step, str):
            return self.get(step)
        if self.kind == "array" and isinstance(step, int) and 0 <= step < len(self.items):
            return self.items[step]
        return None

    def __repr__(self) -> str:
        return f"Node({self.kind}, {self.start}:{self.end})"


class Member:
    """One key of an object: the key's range (quotes included) and its value."""

    __slots__ = ("key", "key_start", "key_end", "value")

    def __init__(self, key: str, key_start: int, key_end: int):
        self.key = key
        self.key_start = key_start
        self.key_end = key_end
        self.value: Node | None = None


class JsonSyntaxError(Exception):
    def __init__(self, offset: int, message: str):
        super().__init__(message)
        self.offset = offset
        self.message = message


def parse(text: str) -> Node:
    """The text's root value with every offset; JsonSyntaxError at the first error."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        # (Two of json's messages end in " at", " starting at": the position follows in its own text.)
        message = error.msg.removesuffix(" at").removesuffix(" starting")
        raise JsonSyntaxError(error.pos, message) from None
    except RecursionError:
        raise JsonSyntaxError(0, "nested too deeply") from None
    root = _scan(text)
    root.value = data
    _attach_values(root)
    return root


def _attach_values(root: Node) -> None:
    """Give each container node its Python value (taken from json.loads's, so duplicates agree)."""
    stack = [root]
    while stack:
        node = stack.pop()
        if node.kind == "object":
            for member in node.members:
                value = member.value
                if value.kind in ("object", "array"):
                    value.value = node.value.get(member.key) if node.get(member.key) is value else _plain(value)
                    stack.append(value)
        elif node.kind == "array":
            for index, item in enumerate(node.items):
                if item.kind in ("object", "array"):
                    item.value = node.value[index]
                    stack.append(item)


def _plain(node: Node):
    """The Python value of a node json.loads dropped (an earlier duplicate key)."""
    if node.kind == "object":
        return {m.key: _plain(m.value) for m in node.members}
    if node.kind == "array":
        return [_plain(item) for item in node.items]
    return node.value


def _scan(text: str) -> Node:
    """Offsets of a text json.loads has accepted (so only NaN and Infinity, which it allows and JSON
    does not, can be wrong). Iterative: as deep as json.loads goes, with no recursion limit."""
    space = _SPACE.match
    number = NUMBER_RE.match
    pos = space(text, 0).end()
    stack: list[Node] = []
    while True:
        char = text[pos]
        if char == "{" or char == "[":
            node = Node("object" if char == "{" else "array", pos)
            pos = space(text, pos + 1).end()
            if text[pos] not in "}]":
                stack.append(node)
                if node.kind == "object":
                    pos = _key(text, pos, node)
                continue
            pos += 1
            node.end = pos
        elif char == '"':
            node = Node("string", pos)
            node.value, pos = scanstring(text, pos + 1, True)
            node.end = pos
        else:
            match = number(text, pos)
            if match is not None:
                integer, fraction, exponent = match.groups()
                node = Node("number", pos)
                node.value = float(match.group()) if fraction or exponent else int(integer)
                pos = node.end = match.end()
            elif text.startswith("true", pos) or text.startswith("false", pos):
                node = Node("boolean", pos)
                node.value = char == "t"
                pos = node.end = pos + (4 if node.value else 5)
            elif text.startswith("null", pos):
                node = Node("null", pos)
                pos = node.end = pos + 4
            else:
                raise JsonSyntaxError(pos, "NaN and Infinity are not JSON")
        # A value is complete: hand it to its container, closing every container it completes.
        while True:
            if not stack:
                return node
            parent = stack[-1]
            if parent.kind == "object":
                parent.members[-1].value = node
            else:
                parent.items.append(node)
            pos = space(text, pos).end()
            if text[pos] == ",":
                pos = space(text, pos + 1).end()
                if parent.kind == "object":
                    pos = _key(text, pos, parent)
                break
            pos += 1  # `}` or `]`
            parent.end = pos
            node = stack.pop()


def _key(text: str, pos: int, node: Node) -> int:
    """Read the key at `pos` and its colon; return where its value starts."""
    key, end = scanstring(text, pos + 1, True)
    node.members.append(Member(key, pos, end))
    pos = _SPACE.match(text, end).end() + 1  # past the `:`
    return _SPACE.match(text, pos).end()


def at_path(root: Node, path) -> Node | None:
    """The node at a path of keys and indexes (as jsonschema's error paths give them)."""
    node = root
    for step in path:
        node = node.child(step) if node is not None else None
    return node


def member_at(root: Node, path) -> Member | None:
    """The object member a path ends in (its key's range), or None when it ends in an array item."""
    if not path or not isinstance(path[-1], str):
        return None
    parent = at_path(root, list(path)[:-1])
    return parent.member(path[-1]) if parent is not None and parent.kind == "object" else None
