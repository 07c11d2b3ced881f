"""Text -> Document: the tolerant scanner's tree plus lxml's verdict on well-formedness."""
from __future__ import annotations

from ..source import LineIndex
from . import lazy
from .scanner import scan
from .tree import Attribute, Comment, Document, Element, Text
from .wellformed import first_syntax_error, parse_tree

__all__ = ["parse", "parse_tree", "readable", "Attribute", "Comment", "Document", "Element", "Text"]
_NOT_CHECKED = object()


def parse(text: str, lines: LineIndex | None = None, syntax_error=_NOT_CHECKED) -> Document:
    """The scanner's tree with every offset; `syntax_error` is lxml's verdict if already known."""
    top, comments = scan(text)
    elements = [node for node in top if isinstance(node, Element)]
    root = elements[0] if elements else None
    errors = []
    error = first_syntax_error(text) if syntax_error is _NOT_CHECKED else syntax_error
    if error is not None:
        line, column, message = error
        lines = lines or LineIndex(text)
        errors.append((lines.offset(line, column), message))
    return Document(text, root, top, comments, errors)


def readable(text: str) -> Document:
    """A document to read what the text says, not to lint it (no syntax errors, no comments): a
    view over lxml's tree when lxml parses the text (several times faster), else the scanner's."""
    tree, _ = parse_tree(text) if "xmlns" not in text else (None, None)
    return lazy.build(text, tree) if tree is not None else parse(text, syntax_error=None)
