"""Source text: reading files (never waiting on a FIFO), decoding bytes faithfully, and mapping offsets
to lines and columns.

Line ends are `\\n`, `\\r\\n` and a lone `\\r` (as in LSP); U+2028 and friends are ordinary characters.
"""
from __future__ import annotations

import codecs
import os
import re
import stat
from bisect import bisect_right
from dataclasses import dataclass

_LINE_END = re.compile(r"\r\n?|\n")
_XML_DECL_ENCODING = re.compile(rb"""^<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z][A-Za-z0-9._-]*)["']""")

_UTF8_DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>'  # the usual one, recognised at a glance
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


@dataclass(slots=True)
class Decoded:
    """Text decoded from bytes, with what is needed to write it back byte for byte."""

    text: str
    encoding: str          # Python codec name
    bom: bytes = b""
    error: str | None = None       # why decoding failed (text then holds a lossy decode)
    error_offset: int = 0          # code-point offset of the first undecodable byte
    utf8: bytes | None = None      # the bytes after any BOM, when they are the text in UTF-8 (lxml reads them as is)
    data: bytes | None = None      # the bytes themselves, when decoding failed (so they can be passed on unchanged)

    def encode(self, text: str) -> bytes:
        return self.bom + text.encode(self.encoding)


def decode(data: bytes) -> Decoded:
    """Decode a file's bytes by BOM, then by the XML declaration's `encoding=`, else UTF-8."""
    if data[:1] == b"<":
        # The common case, quickly: no BOM, and UTF-8 declared or implied.
        declared = None
        if not data.startswith(_UTF8_DECLARATION) and data.startswith(b"<?xml"):
            declared = _XML_DECL_ENCODING.match(data)
        if declared is None or declared.group(1).lower() in (b"utf-8", b"utf8"):
            try:
                return Decoded(data.decode("utf-8"), "utf-8", b"", None, 0, data)  # (positional: cheaper)
            except UnicodeDecodeError:
                pass
    bom = b""
    encoding = None
    for mark, name in _BOMS:
        if data.startswith(mark):
            bom, encoding = mark, name
            break
    body = data[len(bom):]
    if encoding is None:
        match = _XML_DECL_ENCODING.match(body)
        encoding = "utf-8"
        if match:
            declared = match.group(1).decode("ascii")
            encoding = _character_encoding(declared)
            if encoding is None:
                text = body.decode("utf-8", errors="replace")
                known = _known_codec(declared)
                why = f"{declared!r} is not a character encoding" if known else f"unknown encoding {declared!r}"
                return Decoded(text, "utf-8", bom, f"{why} in the XML declaration", match.start(1), data=data)
    try:
        return Decoded(body.decode(encoding), encoding, bom, utf8=body if encoding == "utf-8" else None)
    except UnicodeDecodeError as exc:
        good = body[: exc.start].decode(encoding, errors="replace")
        text = body.decode(encoding, errors="replace")
        return Decoded(text, encoding, bom,
                       f"byte 0x{body[exc.start]:02X} is not valid {encoding.upper()}", len(good), data=data)


# Codecs Python calls text encodings that are no character set: they transform text (IDNA, Punycode,
# escapes) or refuse everything (undefined). A document declaring one is as if it declared no codec.
_NOT_CHARACTER_SETS = frozenset({"idna", "punycode", "undefined", "unicode-escape", "raw-unicode-escape"})


def _known_codec(declared: str) -> bool:
    try:
        codecs.lookup(declared)
    except LookupError:
        return False
    return True


def _character_encoding(declared: str) -> str | None:
    """Python's name for a declared encoding, if it is a character set Python can decode with."""
    try:
        info = codecs.lookup(declared)
    except LookupError:
        return None
    if not getattr(info, "_is_text_encoding", True) or info.name in _NOT_CHARACTER_SETS:
        return None  # rot13, base64, hex, zlib...: bytes-to-bytes or text-to-text transforms
    return info.name


class LineIndex:
    """Offsets <-> (line, column), both 0-based here, columns in code points."""

    def __init__(self, text: str):
        self.text = text
        self._counted = 0
        self._starts: list[int] | None = None

    @property
    def starts(self) -> list[int]:
        """Offsets where each line begins; computed on first use (clean documents never need it)."""
        if self._starts is None:
            self._starts = [0, *(m.end() for m in _LINE_END.finditer(self.text))]
        return self._starts

    @property
    def line_count(self) -> int:
        return len(self.starts)

    def position(self, offset: int) -> tuple[int, int]:
        text = self.text
        offset = max(0, min(offset, len(text)))
        if self._starts is None and self._counted < 8 and "\r" not in text:
            # A few positions in a `\n`-only text: counting is cheaper than indexing every line.
            self._counted += 1
            return text.count("\n", 0, offset), offset - (text.rfind("\n", 0, offset) + 1)
        starts = self.starts
        line = bisect_right(starts, offset) - 1
        return line, offset - starts[line]

    def offset(self, line: int, column: int) -> int:
        if line < 0:
            return 0
        if line >= len(self.starts):
            return len(self.text)
        start = self.starts[line]
        end = self.starts[line + 1] if line + 1 < len(self.starts) else len(self.text)
        # Never land inside the line's own line end.
        content_end = end
        while content_end > start and self.text[content_end - 1] in "\r\n":
            content_end -= 1
        return min(start + max(column, 0), content_end)

    def line_text(self, line: int) -> str:
        start = self.starts[line]
        end = self.starts[line + 1] if line + 1 < len(self.starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")


# O_NONBLOCK: opening a FIFO found in a directory must not wait for a writer (regular files ignore it).
_READ_FLAGS = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)


class NotRegularFile(OSError):
    """A FIFO, socket or device where a file was expected: never read (it may never end)."""

    def __init__(self, path):
        super().__init__(0, "not a regular file", str(path))


def read_file(path) -> bytes:
    """A file's bytes with as few system calls as it takes (open, size, read to the end, close):
    `Path.read_bytes` makes nine for a small file, and they cost more than linting it. Anything but a
    regular file raises NotRegularFile."""
    descriptor = os.open(path, _READ_FLAGS)
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise NotRegularFile(path)
        parts = [os.read(descriptor, status.st_size + 1)]  # (+1: it may have grown)
        while parts[-1]:  # to an empty read: a short read is not always the end
            parts.append(os.read(descriptor, 65536))
        return b"".join(parts)
    finally:
        os.close(descriptor)
