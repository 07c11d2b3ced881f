"""A fault-tolerant XML scanner that keeps exact offsets (the lemminx approach).

It never fails: broken input gives the best tree it can, so rules and the editor keep working while
a document is half typed. Well-formedness itself is judged by lxml (see `wellformed.py`).
"""
from __future__ import annotations

import re

from ..dynamic import PAD
from .tree import Attribute, Comment, Element, Text

# XML names, loosely: a letter, `_` or `:`, then word characters, `.`, `-`, `:`. (A simple class keeps
# these patterns quick to compile: they are compiled at every start of the command line.)
# A template's dynamic part (dynamic.MARK, U+FFFC) may be or begin a name: it is an XML name character.
NAME_PATTERN = r"(?:(?:[^\W\d]|\ufffc)[\w.:\ufffc-]*|:[\w.:-]*)"
START_TAG_NAME = re.compile(NAME_PATTERN)
_ATTRIBUTE = re.compile(
    r"""\s*(?P<name>""" + NAME_PATTERN + r""")(?:\s*=\s*(?:(?P<q>["'])|(?P<bare>[^\s"'<>/=]+)))?""")
_TAG_CLOSE = re.compile(r"\s*(/?>)")
_END_TAG = re.compile(r"</\s*(" + NAME_PATTERN + r")?\s*(>)?")
_ENTITY = re.compile(r"&(#[0-9]+|#x[0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);")
_PREDEFINED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}
_ATTR_WHITESPACE = str.maketrans("\t\n\r", "   ")
# Fast path for the common, well-formed start tag; anything else goes through scan_attributes.
WELL_FORMED_TAG = re.compile(
    r"<(" + NAME_PATTERN + r""")((?:\s+""" + NAME_PATTERN + r"""\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(/?)>""")
WELL_FORMED_ATTRIBUTE = re.compile(r"(" + NAME_PATTERN + r""")\s*=\s*(?:"([^"<]*)"|'([^'<]*)')""")


def _entity(match: re.Match) -> str:
    ref = match.group(1)
    if ref[0] == "#":
        try:
            code = int(ref[2:], 16) if ref[1] in "xX" else int(ref[1:])
            return chr(code)
        except (ValueError, OverflowError):
            return match.group(0)
    return _PREDEFINED.get(ref, match.group(0))


def decode_entities(raw: str) -> str:
    return _ENTITY.sub(_entity, raw) if "&" in raw else raw


def scan(text: str):
    """Return (top_level_nodes, comments, problems) for `text`."""
    top: list = []
    comments: list[Comment] = []
    stack: list[Element] = []
    n = len(text)
    pos = 0

    def add(node):
        (stack[-1].children if stack else top).append(node)

    while pos < n:
        lt = text.find("<", pos)
        if lt < 0:
            lt = n
        if lt > pos:
            raw = text[pos:lt]
            add(Text(raw, decode_entities(raw) if "&" in raw else raw, pos, lt))
        if lt >= n:
            break
        if text.startswith("<!--", lt):
            close = text.find("-->", lt + 4)
            end = n if close < 0 else close + 3
            comment = Comment(text[lt + 4: close if close >= 0 else n], lt, end, lt + 4)
            comments.append(comment)
            add(comment)
            pos = end
        elif text.startswith("<![CDATA[", lt):
            close = text.find("]]>", lt + 9)
            end = n if close < 0 else close + 3
            content = text[lt + 9: close if close >= 0 else n]
            add(Text(text[lt:end], content, lt, end, cdata=True))
            pos = end
        elif text.startswith("<?", lt):
            close = text.find("?>", lt + 2)
            if close < 0:  # unterminated (`<?xml version="1.0">`): up to its `>` or the next tag's `<`,
                pos = _unterminated_end(text, lt + 2)  # so that the rest of the document is seen
            else:
                pos = close + 2
        elif text.startswith("<!", lt):
            pos = _skip_declaration(text, lt)
        elif text.startswith("</", lt):
            match = _END_TAG.match(text, lt)
            name = match.group(1)
            pos = match.end()
            if name is None:
                continue
            # Close up to the nearest open element of that name; an end tag nothing matches is dropped.
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth].name == name:
                    while len(stack) > depth + 1:
                        unclosed = stack.pop()
                        unclosed.end = lt
                    element = stack.pop()
                    element.end_tag_start = lt
                    element.end = pos
                    break
        else:
            tag = WELL_FORMED_TAG.match(text, lt)
            if tag is not None:
                element = Element(tag.group(1), lt, lt + 1, tag.end(1), parent=stack[-1] if stack else None)
                add(element)
                if tag.end(2) > tag.start(2):
                    _well_formed_attributes(text, tag.start(2), tag.end(2), element)
                pos = element.start_tag_end = tag.end()
                if tag.group(3):
                    element.self_closing = True
                    element.end = pos
                else:
                    stack.append(element)
                continue
            match = START_TAG_NAME.match(text, lt + 1)
            if match is None:
                add(Text("<", "<", lt, lt + 1))
                pos = lt + 1
                continue
            element = Element(match.group(0), lt, match.start(), match.end(),
                              parent=stack[-1] if stack else None)
            add(element)
            pos = scan_attributes(text, match.end(), element)
            if element.self_closing:
                element.end = element.start_tag_end
            elif element.start_tag_end < 0:
                element.end = pos  # an unterminated tag holds no content
            else:
                stack.append(element)
    while stack:
        stack.pop().end = n
    return top, comments


def _well_formed_attributes(text: str, start: int, end: int, element: Element) -> None:
    append = element.attributes.append
    for match in WELL_FORMED_ATTRIBUTE.finditer(text, start, end):
        quote_group = 2 if match.start(2) >= 0 else 3
        raw = match.group(quote_group)
        value_start, value_end = match.start(quote_group), match.end(quote_group)
        if PAD in raw:
            raw, value_start, value_end = _unpadded(raw, value_start, value_end)
        value = decode_entities(raw.translate(_ATTR_WHITESPACE)) if raw else raw
        append(Attribute(match.group(1), match.start(1), match.end(1), value,
                         value_start, value_end, '"' if quote_group == 2 else "'"))


def _unpadded(raw: str, start: int, end: int) -> tuple[str, int, int]:
    """A template rendering's value without its PAD (template syntax: see dynamic.py), its range
    narrowed to the text the value is made of (all PAD: the range as it was)."""
    stripped = raw.strip(PAD)
    if stripped:
        start += len(raw) - len(raw.lstrip(PAD))
        end = start + len(stripped)
    return stripped.replace(PAD, ""), start, end


def scan_attributes(text: str, pos: int, element: Element) -> int:
    n = len(text)
    while pos < n:
        close = _TAG_CLOSE.match(text, pos)
        if close:
            element.self_closing = close.group(1) == "/>"
            element.start_tag_end = close.end()
            return close.end()
        match = _ATTRIBUTE.match(text, pos)
        if match is None:
            # Skip one stray character (a lone '/', quote or '='), unless a new tag begins.
            stripped = pos
            while stripped < n and text[stripped].isspace():
                stripped += 1
            if stripped >= n or text[stripped] == "<":
                return stripped
            pos = stripped + 1
            continue
        attribute = Attribute(match.group("name"), match.start("name"), match.end("name"), None)
        element.attributes.append(attribute)
        pos = match.end()
        quote = match.group("q")
        if quote:
            start = pos
            close_quote = text.find(quote, start)
            next_tag = text.find("<", start)
            if close_quote < 0 or (0 <= next_tag < close_quote and "\n" in text[start:next_tag]):
                # Unterminated value: stop at the end of the line so the rest of the file survives.
                end = text.find("\n", start)
                end = n if end < 0 else end
                pos = end
            else:
                end = close_quote
                pos = close_quote + 1
            raw = text[start:end]
            if PAD in raw:
                raw, start, end = _unpadded(raw, start, end)
            attribute.value = decode_entities(raw.translate(_ATTR_WHITESPACE))
            attribute.value_start, attribute.value_end, attribute.quote = start, end, quote
        elif match.group("bare"):
            raw = match.group("bare")
            attribute.value = decode_entities(raw)
            attribute.value_start, attribute.value_end, attribute.quote = match.start("bare"), match.end("bare"), ""
    return pos


def _unterminated_end(text: str, pos: int) -> int:
    """Where markup without its end (`?>`) stops: past the next `>`, or at a `<` before it."""
    close, tag = text.find(">", pos), text.find("<", pos)
    if tag >= 0 and (close < 0 or tag < close):
        return tag
    return len(text) if close < 0 else close + 1


def _skip_declaration(text: str, lt: int) -> int:
    """Skip `<!DOCTYPE ...>` and friends, including an internal subset in brackets."""
    depth = 0
    pos = lt + 2
    n = len(text)
    while pos < n:
        char = text[pos]
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
        elif char == ">" and depth <= 0:
            return pos + 1
        pos += 1
    return n
