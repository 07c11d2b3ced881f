"""Open documents and positions: the server's own text store, in code points.

pygls's `TextDocument` splits lines with `str.splitlines`, which also breaks at U+2028, U+2029,
U+0085, \\v and \\f (all legal in XML text), so incremental edits after such a character land on the
wrong line. The server therefore keeps its own text and line index (the engine's `LineIndex`, which
knows only `\\n`, `\\r\\n` and `\\r`, as LSP does) and converts columns to the client's unit at the edge.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..source import LineIndex

UTF8, UTF16, UTF32 = "utf-8", "utf-16", "utf-32"


def _units(chars: str, encoding: str) -> int:
    """How many code units of `encoding` these code points take."""
    if encoding == UTF32 or chars.isascii():
        return len(chars)
    if encoding == UTF16:
        return len(chars) + sum(1 for c in chars if ord(c) > 0xFFFF)
    return len(chars.encode("utf-8", errors="surrogatepass"))


def _unit_width(char: str, encoding: str) -> int:
    code = ord(char)
    if encoding == UTF16:
        return 2 if code > 0xFFFF else 1
    if encoding == UTF8:
        return 1 if code < 0x80 else 2 if code < 0x800 else 3 if code < 0x10000 else 4
    return 1


class Positions:
    """Offsets (code points) <-> LSP positions (line, column in the client's unit) for one text."""

    def __init__(self, lines: LineIndex, encoding: str = UTF16):
        self.lines = lines
        self.text = lines.text
        self.encoding = encoding

    def _content(self, line: int) -> tuple[int, int]:
        starts = self.lines.starts
        start = starts[line]
        end = starts[line + 1] if line + 1 < len(starts) else len(self.text)
        while end > start and self.text[end - 1] in "\r\n":
            end -= 1
        return start, end

    def position(self, offset: int) -> tuple[int, int]:
        line, column = self.lines.position(offset)
        if self.encoding == UTF32 or column == 0:
            return line, column
        start = self.lines.starts[line]
        return line, _units(self.text[start:start + column], self.encoding)

    def offset(self, line: int, character: int) -> int:
        """The offset of an LSP position; past the end of a line means its end (as LSP says)."""
        if line < 0:
            return 0
        if line >= self.lines.line_count:
            return len(self.text)
        start, end = self._content(line)
        if self.encoding == UTF32 or self.text[start:end].isascii():
            return min(start + max(character, 0), end)
        units = 0
        offset = start
        while offset < end and units < character:
            units += _unit_width(self.text[offset], self.encoding)
            offset += 1
        return offset


@dataclass
class OpenDocument:
    uri: str
    text: str
    version: int
    language_id: str = ""
    lines: LineIndex = field(init=False)

    def __post_init__(self):
        self.lines = LineIndex(self.text)

    def positions(self, encoding: str) -> Positions:
        return Positions(self.lines, encoding)

    def apply(self, changes, encoding: str) -> None:
        """Apply `contentChanges` in order: ranged ones in place, whole-text ones by replacement.

        In UTF-16 a position may fall between the two halves of a surrogate pair (an emoji): the
        client's text then holds a lone surrogate, and so does ours (Python strings can), so that the
        texts stay equal unit for unit; halves that meet again are joined back into one character."""
        text = self.text
        lines = self.lines
        for change in changes:
            change_range = getattr(change, "range", None)
            if change_range is None:
                text = change.text
            else:
                start_at, end_at = change_range.start, change_range.end
                if encoding == UTF16:
                    text, lines = _split_pair_at(text, lines, start_at.line, start_at.character)
                    text, lines = _split_pair_at(text, lines, end_at.line, end_at.character)
                positions = Positions(lines, encoding)
                start = positions.offset(start_at.line, start_at.character)
                end = positions.offset(end_at.line, end_at.character)
                if end < start:
                    start, end = end, start
                text = text[:start] + change.text + text[end:]
                if encoding == UTF16:
                    text = _join_pairs(text, start - 1, start + len(change.text) + 1)
            lines = LineIndex(text)
        self.text = text
        self.lines = lines


def _split_pair_at(text: str, lines: LineIndex, line: int, character: int) -> tuple[str, LineIndex]:
    """The text with the character a UTF-16 position falls inside (between its two surrogates) written
    as those two surrogates, so that the position falls between two code points; else as it was."""
    if line < 0 or line >= lines.line_count or character <= 0:
        return text, lines
    start = lines.starts[line]
    end = lines.starts[line + 1] if line + 1 < lines.line_count else len(text)
    if text[start:end].isascii():
        return text, lines
    units = 0
    offset = start
    while offset < end and units < character:
        units += 2 if ord(text[offset]) > 0xFFFF else 1
        offset += 1
    if units <= character:
        return text, lines
    astral = ord(text[offset - 1]) - 0x10000
    high, low = chr(0xD800 + (astral >> 10)), chr(0xDC00 + (astral & 0x3FF))
    text = text[:offset - 1] + high + low + text[offset:]
    return text, LineIndex(text)


def _join_pairs(text: str, start: int, end: int) -> str:
    """The text with the lone surrogates in [start, end) that form a pair joined into one character."""
    start, end = max(start, 0), min(end, len(text))
    window = text[start:end]
    if not any(0xD800 <= ord(c) <= 0xDFFF for c in window):
        return text
    joined = window.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")
    return text[:start] + joined + text[end:]
