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
        """Apply `contentChanges` in order: ranged ones in place, whole-text ones by replacement."""
        text = self.text
        lines = self.lines
        for change in changes:
            change_range = getattr(change, "range", None)
            if change_range is None:
                text = change.text
            else:
                positions = Positions(lines, encoding)
                start = positions.offset(change_range.start.line, change_range.start.character)
                end = positions.offset(change_range.end.line, change_range.end.character)
                if end < start:
                    start, end = end, start
                text = text[:start] + change.text + text[end:]
            lines = LineIndex(text)
        self.text = text
        self.lines = lines
