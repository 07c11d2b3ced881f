"""What is unknown at lint time: the one place rules learn that a value, a name or some content is
dynamic (rendered by a template).

A template is linted as texts of its own renderings (see `flexml_ls/template/`). In a rendering,
every character a template engine would compute (`{{ expr }}`, `{% include %}`, `{% url %}`…) is
MARK, U+FFFC OBJECT REPLACEMENT CHARACTER: a legal XML name character and text character, which
no hand-written FlexML holds. So the parser reads a rendering like any document, and a rule that
meets MARK knows only that something goes there:

- an attribute value holding MARK is judged only by its literal parts, where that is sound (a
  literal `http://` where a WebSocket URL is required is wrong whatever follows); an enumeration
  or a number with MARK in it is not judged;
- text made of MARK and whitespace is present but unknown content: not missing, not unexpected;
- a name holding MARK is a pattern (`MARKSid` can be any `…Sid`), and an element with such an
  attribute has an open attribute set (it may have any attribute the pattern matches).

PAD is what a template's own syntax becomes inside an attribute value (`voice="{% if f %}woman{%
endif %}"`): the parser leaves it out of the value, so each rendering's value is the branch's
text alone.
"""
from __future__ import annotations

import re
from functools import lru_cache

MARK = "\ufffc"
PAD = "\ue000"   # (a private-use character: never in a real document)
_MARKS = re.compile(MARK + "+")


def is_dynamic(text: str | None) -> bool:
    """Whether a value, name or text holds something only known when the template renders."""
    return text is not None and MARK in text


def is_unknown_content(text: str) -> bool:
    """Whether text is only dynamic parts and whitespace: content to take as present, but unknown
    (it may render elements, text or nothing)."""
    return MARK in text and not text.replace(MARK, "").strip()


def literal_prefix(value: str) -> str:
    """The literal part of a dynamic value before its first dynamic part."""
    return value.split(MARK, 1)[0]


def shown(text: str) -> str:
    """Text for a message: each dynamic part written `{{…}}`."""
    return _MARKS.sub("{{…}}", text) if MARK in text else text


@lru_cache(maxsize=1024)
def _pattern(name: str) -> re.Pattern:
    return re.compile(".*".join(re.escape(part) for part in _MARKS.split(name)), re.S | re.I)


def name_matches(name: str, candidate: str) -> bool:
    """Whether a name with dynamic parts could render as `candidate` (in any letter case)."""
    return _pattern(name).fullmatch(candidate) is not None


def may_have_attribute(element, name: str) -> bool:
    """Whether one of the element's attributes with a dynamic name could be `name`."""
    for attribute in element.attributes:
        if MARK in attribute.name and name_matches(attribute.name, name):
            return True
    return False


def has_unknown_content(element) -> bool:
    """Whether an element's own content holds a dynamic part (which may render child elements)."""
    for child in element.children:
        value = getattr(child, "value", None)
        if value is not None and MARK in value:
            return True
    return False
