"""Well-formedness, judged by libxml2 through lxml, parsed safely.

No external entities, no DTD loading, no network. The text is parsed as UTF-8 whatever its
`encoding=` says (it is already decoded). libxml2 reads `\\r\\n` and a lone `\\r` as line ends (XML
says so) but counts lines by `\\n` alone, so a text with `\\r` that fails is parsed again with them
turned into `\\n`, for an error position that matches ours.
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
    data = utf8 if utf8 is not None else text.encode("utf-8", errors="surrogatepass")
    try:
        return etree.fromstring(data, _safe_parser()), None
    except etree.XMLSyntaxError as error:
        if "\r" in text:
            # libxml2 counts lines by `\n` alone: parse again with our line ends, for its position.
            data = _LINE_END.sub("\n", text).encode("utf-8", errors="surrogatepass")
            try:
                return etree.fromstring(data, _safe_parser()), None
            except etree.XMLSyntaxError as normalised:
                error = normalised
            except ValueError as normalised:
                return None, (0, 0, str(normalised))
        line, column = error.position if error.position else (1, 1)
        message = _POSITION_SUFFIX.sub("", error.msg or "not well-formed XML")
        return None, (max(line, 1) - 1, max(column, 1) - 1, message)
    except ValueError as error:  # e.g. characters lxml refuses outright
        return None, (0, 0, str(error))


def first_syntax_error(text: str):
    """Return (line0, column0, message) of the first well-formedness error, or None."""
    return parse_tree(text)[1]
