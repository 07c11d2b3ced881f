"""Fuzzing the engine: mutated fixtures, and what must hold of any input (issue 14).

`mutate` applies operations (byte and character insertions, deletions, duplications, truncations,
case flips, comment and suppression injections; markup, template syntax and JSON) to a fixture's
bytes (FlexML documents, templates, JSON call flows and call requests); `check` lints the result and
returns what went wrong: an exception (raised, or a rule's failure the engine logged), a diagnostic
outside the text, a second lint that differs, a fix that edits text it does not own or reaches past
the first syntax error, fixing that is not idempotent. Used by tests/test_fuzz.py (a bounded
hypothesis run) and bench/fuzz.py (a long run that prints counts).
"""
from __future__ import annotations

import logging
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from flexml_ls.config import Config
from flexml_ls.engine import lint, lint_bytes
from flexml_ls.fixes import fix_text

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
# (file name, bytes): FlexML documents, Django and Jinja2 templates, JSON call flows and call requests,
# each linted under its own name (so by its own path: document, template or JSON; a template's
# `extends` finds its base beside it).
SOURCES = [(str(path), path.read_bytes()) for pattern in (
    "valid/*.flexml", "rules/*/*.flexml", "templates/*/*.flexml", "templates/*/*.flexml.j2",
    "callflows/*/*.json", "requests/*/*.json") for path in sorted(FIXTURES.glob(pattern))]

# What an operation inserts: markup pieces, suppressions (well-formed and broken), odd characters.
PIECES = [
    "<", ">", "</", "/>", '"', "'", "=", " ", "\n", "\r\n", "\r", "\t", "&", "&amp;", "&#x1F600;", "&bogus;",
    "<Say>", "</Say>", "<Hangup/>", "<HangUp/>", '<Say loop="x">', 'voice="man"', "PLAYBEEP", "<!--", "-->",
    "--", "<![CDATA[", "]]>", "<?xml version='1.0'?>", '<?xml version="1.0">', "<!DOCTYPE r>", "xmlns='u'",
    "😀", "\ud83d", "é", "\u2028", "\u0085", "\x00", "\x0b", "\ufeff",
    # template syntax, whole and broken
    "{{", "}}", "{%", "%}", "{#", "#}", "{{ x }}", "{{ }}", "{% if x %}", "{% else %}", "{% endif %}",
    "{% for a in b %}", "{% endfor %}", "{% raw %}", "{% endraw %}", "{% block b %}", "{% endblock %}",
    "{% extends 'nowhere.flexml' %}", "{% comment %}", "{%- if y -%}", "{{ x|safe }}",
    # JSON
    "{", "}", "[", "]", ",", ":", '"module"', '"Play"', '"play"', '"next"', '"flow"', "null", "1e999", "NaN",
    '"\\ud83d"', '"\\u0000"', "-0", "true",
]
# Comments injected at a line start: suppressions, used or not, readable or not, whole or broken.
INJECTIONS = [
    "<!-- flexml: disable-next-line=FX201 reason -->", "<!-- flexml: disable-file=FX103,FX401 reason -->",
    "<!-- flexml: disable-next-line=FX201,FX103 two codes -->", "<!-- flexml: disable-next-line=FX999 x -->",
    "<!-- flexml: disable-next-line=FX201 templated --/>", "<!-- flexml: disable-line=FX201 -->",
    "<!-- flexml: disable-file=FX201", "<!-- flexml:", "<!-- a comment -->", "<!-- a -- b -->",
    "{# flexml: disable-next-line=FX201 reason #}", "{# flexml: disable-next-line=FX201 templated #",
    "{#- flexml: disable-file=FX103 x -#}", "{# flexml: disable-next-line=FX999 #}",
]
KINDS = ("insert", "delete", "duplicate", "truncate", "flip-case", "inject", "byte-insert", "byte-delete",
         "byte-flip")


def mutate(data: bytes, operations) -> bytes:
    """Apply (kind, where in [0, 1], length, piece index) operations in turn."""
    for kind, where, length, piece in operations:
        if kind.startswith("byte-"):
            at = int(where * len(data))
            if kind == "byte-insert":
                data = data[:at] + bytes([piece % 256]) * max(1, length % 4) + data[at:]
            elif kind == "byte-delete":
                data = data[:at] + data[at + length:]
            elif data:
                at = min(at, len(data) - 1)
                data = data[:at] + bytes([data[at] ^ (1 << (piece % 8))]) + data[at + 1:]
            continue
        text = data.decode("utf-8", "surrogateescape")
        at = int(where * len(text))
        if kind == "insert":
            text = text[:at] + PIECES[piece % len(PIECES)] + text[at:]
        elif kind == "delete":
            text = text[:at] + text[at + length:]
        elif kind == "duplicate":
            text = text[:at] + text[at:at + length * 4] + text[at:]
        elif kind == "truncate":
            text = text[:at]
        elif kind == "flip-case":
            text = text[:at] + text[at:at + length * 2].swapcase() + text[at + length * 2:]
        elif kind == "inject":  # a suppression or comment at a line start
            line_start = text.rfind("\n", 0, at) + 1
            text = text[:line_start] + INJECTIONS[piece % len(INJECTIONS)] + "\n" + text[line_start:]
        try:
            data = text.encode("utf-8", "surrogateescape")   # undecodable bytes back as they were
        except UnicodeEncodeError:
            data = text.encode("utf-8", "surrogatepass")     # a lone surrogate inserted: its 3 bytes
    return data


@dataclass
class Findings:
    exceptions: list = field(default_factory=list)
    range_violations: list = field(default_factory=list)
    fix_violations: list = field(default_factory=list)
    nondeterministic: list = field(default_factory=list)
    seconds: float = 0.0

    @property
    def clean(self) -> bool:
        return not (self.exceptions or self.range_violations or self.fix_violations or self.nondeterministic)


class _Failures(logging.Handler):
    """Rules that raise are logged and dropped by the engine: here they count as exceptions."""

    def __init__(self):
        super().__init__(logging.ERROR)
        self.records: list[str] = []

    def emit(self, record):
        self.records.append(record.getMessage())


_failures = _Failures()
logging.getLogger("flexml_ls").addHandler(_failures)
logging.getLogger("flexml_ls").propagate = False   # (counted here, not printed a thousand times)

# A removal owns whitespace and one whole construct: a comment, or an attribute with its value.
_WHOLE_COMMENT = re.compile(r"<!--(?:(?!--).)*-->", re.S)
# (A value never closed runs to its line's end, as the scanner reads it; no further.)
_WHOLE_ATTRIBUTE = re.compile(
    r"""[^\s<>="']+(?:\s*=\s*(?:"[^"<]*"|'[^'<]*'|"[^"<\r\n]*|'[^'<\r\n]*|[^\s"'<>/=]+))?""")


_JSON_STRING = re.compile(r'"(?:[^"\\\x00-\x1f]|\\.)*"')


def owned(text: str, edit, json: bool = False) -> bool:
    """Whether an edit replaces only what a fix may own: a name, a value or a list of codes (no tag, no
    quote: it stays inside one), or removes whitespace around one whole comment or attribute; in JSON,
    one whole string by another."""
    old = text[edit.start:edit.end]
    if json:
        return bool(_JSON_STRING.fullmatch(old) and _JSON_STRING.fullmatch(edit.new_text))
    if edit.new_text:
        return not any(mark in old for mark in "<\"'")
    removed = old.strip()
    return not removed or bool(_WHOLE_COMMENT.fullmatch(removed) or _WHOLE_ATTRIBUTE.fullmatch(removed))


def _view(diagnostics) -> list[tuple]:
    return [(d.code, d.message, d.start, d.end, d.line, d.column, d.end_line, d.end_column, d.fix)
            for d in diagnostics]


def check(data: bytes, filename: str | None = None) -> Findings:
    """Everything that must hold of linting (and fixing) these bytes, as a file of this name."""
    found = Findings()
    _failures.records.clear()
    started = time.perf_counter()
    try:
        result = lint_bytes(data, Config(), filename=filename)
        again = lint_bytes(data, Config(), filename=filename)
    except Exception as error:  # noqa: BLE001 - what the fuzzing is for
        found.exceptions.append(f"lint_bytes: {type(error).__name__}: {error}")
        found.seconds = time.perf_counter() - started
        return found
    text, diagnostics = result.text, result.diagnostics
    if _view(diagnostics) != _view(again.diagnostics):
        found.nondeterministic.append("two lints of the same bytes differ")
    syntax_error = min((d.start for d in diagnostics if d.code == "FX001"), default=None)
    for d in diagnostics:
        if not (0 <= d.start <= d.end <= len(text)) or (d.line, d.column) > (d.end_line, d.end_column) \
                or d.line < 1 or d.column < 1:
            found.range_violations.append(f"{d.code} {d.start}-{d.end} ({d.line}:{d.column}) in {len(text)}")
        if d.fix is None:
            continue
        for edit in d.fix.edits:
            if not (0 <= edit.start <= edit.end <= len(text)):
                found.fix_violations.append(f"{d.code}: edit {edit.start}-{edit.end} outside the text")
            elif syntax_error is not None and edit.end > syntax_error:
                found.fix_violations.append(f"{d.code}: edit {edit.start}-{edit.end} past the syntax error at {syntax_error}")
            elif not owned(text, edit, json=bool(filename and filename.endswith(".json"))):
                found.fix_violations.append(f"{d.code}: edit replaces {text[edit.start:edit.end]!r}")
    if not result.decoded.error:
        try:
            def relint(t):
                return lint(t, Config(), filename=filename).diagnostics
            fixed, _ = fix_text(text, relint, False, diagnostics)
            refixed, count = fix_text(fixed, relint)
            if refixed != fixed:
                found.fix_violations.append(f"fixing again changed the text ({count} more fixes)")
        except Exception as error:  # noqa: BLE001
            found.exceptions.append(f"fix_text: {type(error).__name__}: {error}")
    found.exceptions.extend(f"logged: {message}" for message in _failures.records)
    found.seconds = time.perf_counter() - started
    return found
