"""Well-formedness, judged by libxml2 through lxml, parsed safely.

No external entities, no DTD loading, no network. The text is parsed as UTF-8 whatever its
`encoding=` says (it is already decoded), with `\\r\\n?` normalised so libxml2's lines match ours.
"""
from __future__ import annotations

import re

from lxml import etree

_LINE_END = re.compile(r"\r\n?")
_POSITION_SUFFIX = re.compile(r", line \d+, column \d+$")
_parser = None


def _safe_parser() -> etree.XMLParser:
    global _parser
    if _parser is None:
        _parser = etree.XMLParser(encoding="utf-8", resolve_entities=False, no_network=True,
                                  load_dtd=False, huge_tree=False, remove_blank_text=False)
    return _parser


def parse_tree(text: str, utf8: bytes | None = None):
    """Parse with lxml: (root element, None), or (None, (line0, column0, message)) of the first error.
    `utf8`: the text's own UTF-8 bytes, if at hand (saves encoding it again)."""
    if utf8 is not None and b"\r" not in utf8:
        data = utf8
    else:
        data = _LINE_END.sub("\n", text).encode("utf-8", errors="surrogatepass")
    try:
        return etree.fromstring(data, _safe_parser()), None
    except etree.XMLSyntaxError as error:
        line, column = error.position if error.position else (1, 1)
        message = _POSITION_SUFFIX.sub("", error.msg or "not well-formed XML")
        return None, (max(line, 1) - 1, max(column, 1) - 1, message)
    except ValueError as error:  # e.g. characters lxml refuses outright
        return None, (0, 0, str(error))


def first_syntax_error(text: str):
    """Return (line0, column0, message) of the first well-formedness error, or None."""
    return parse_tree(text)[1]
