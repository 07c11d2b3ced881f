"""Code actions: the engine's fixes as quick fixes, inline suppressions, and fix-all (safe fixes).

Everything here works in code-point offsets on one snapshot of the text; `server.py` turns the
resulting `Edit`s into a WorkspaceEdit for the client.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..diagnostics import Diagnostic, Edit
from ..rules import SUPPRESSION_CODES  # a comment cannot suppress the rules about comments
from .cursor import TEXT, first_element, locate

FIX_ALL_KIND = "source.fixAll.flexml"
QUICKFIX_KIND = "quickfix"
_DIRECTIVE = (r"\s*flexml\s*:\s*(?P<kind>disable-next-line|disable-file)\s*=\s*"
              r"(?P<codes>[A-Za-z0-9]+(?:\s*,\s*[A-Za-z0-9]+)*)")
_EXISTING = re.compile(r"[ \t]*<!--" + _DIRECTIVE)
# In a template, a suppression is written as a template comment (`{# flexml: ... #}`: it renders to
# nothing, where an XML comment would reach the caller's output); XML comments there still count.
_EXISTING_IN_TEMPLATE = re.compile(r"[ \t]*(?:<!--|{#[-+]?)" + _DIRECTIVE)
_LINE_END = re.compile(r"\r\n|\r|\n")
# What a new suppression comment says in place of its reason. Clients that take snippet edits get it
# as a selected placeholder (`${1:reason}`: type the reason over it); others get this text to replace.
REASON_PLACEHOLDER = "TODO: reason"
SNIPPET_PLACEHOLDER = "${1:reason}"


@dataclass
class Action:
    title: str
    kind: str
    edits: list[Edit]
    diagnostic: Diagnostic | None = None
    preferred: bool = False
    # True when an edit holds REASON_PLACEHOLDER, which snippet-capable clients get as a placeholder.
    has_placeholder: bool = False


def wanted(kind: str, only: list[str] | None) -> bool:
    """Whether `kind` is among the requested kinds (hierarchical: `source` covers `source.fixAll.x`)."""
    if not only:
        return True
    return any(kind == o or kind.startswith(o + ".") for o in only)


def _eol(text: str) -> str:
    match = _LINE_END.search(text)
    return match.group(0) if match else "\n"


def _line_bounds(lines, line: int) -> tuple[int, int]:
    start = lines.starts[line]
    end = lines.starts[line + 1] if line + 1 < lines.line_count else len(lines.text)
    return start, end


def _comment(directive: str, template: bool) -> str:
    """A suppression comment: a template comment in a template, else an XML comment."""
    return f"{{# flexml: {directive} #}}" if template else f"<!-- flexml: {directive} -->"


def disable_line(text: str, lines, diagnostic: Diagnostic, reason: str = REASON_PLACEHOLDER,
                 template: bool = False) -> list[Edit] | None:
    """Edits adding a `disable-next-line` comment above the diagnostic's line, or None when a comment
    cannot go there (the line starts inside a tag, a comment, or before the XML declaration). In a
    `template`, the comment is a template comment (`{# flexml: ... #}`)."""
    line = lines.position(diagnostic.start)[0]
    start, _ = _line_bounds(lines, line)
    if line > 0:
        previous_start, previous_end = _line_bounds(lines, line - 1)
        existing = (_EXISTING_IN_TEMPLATE if template else _EXISTING).match(text, previous_start, previous_end)
        if existing and existing.group("kind") == "disable-next-line":
            codes = [c.strip().upper() for c in existing.group("codes").split(",")]
            if diagnostic.code in codes:
                return None
            return [Edit(existing.end("codes"), existing.end("codes"), "," + diagnostic.code)]
    content = text[start:]
    if content.lstrip().startswith("<?xml") or locate(text, start).kind != TEXT:
        return None
    indent = re.match(r"[ \t]*", content).group(0)
    comment = f"{indent}{_comment(f'disable-next-line={diagnostic.code} {reason}', template)}{_eol(text)}"
    return [Edit(start, start, comment)]


def disable_file(text: str, diagnostic: Diagnostic, reason: str = REASON_PLACEHOLDER,
                 template: bool = False) -> list[Edit] | None:
    """Edits adding (or extending) a `disable-file` comment just before the root element (in a
    `template`, a template comment)."""
    for match in (_EXISTING_IN_TEMPLATE if template else _EXISTING).finditer(text):
        if match.group("kind") == "disable-file":
            codes = [c.strip().upper() for c in match.group("codes").split(",")]
            if diagnostic.code in codes:
                return None
            return [Edit(match.end("codes"), match.end("codes"), "," + diagnostic.code)]
    root = _root_start(text)
    if root is None:
        return None
    line_start = max(text.rfind("\n", 0, root), text.rfind("\r", 0, root)) + 1
    indent = text[line_start:root] if not text[line_start:root].strip() else ""
    comment = _comment(f"disable-file={diagnostic.code} {reason}", template)
    return [Edit(root, root, f"{comment}{_eol(text)}{indent}")]


def _root_start(text: str) -> int | None:
    found = first_element(text)
    return found[1] if found else None


def for_range(text: str, lines, diagnostics: list[Diagnostic], start: int, end: int,
              only: list[str] | None, template: bool = False) -> list[Action]:
    """Quick fixes and suppressions for the diagnostics touching [start, end] (suppressions as
    template comments when the text is a `template`)."""
    actions: list[Action] = []
    touching = [d for d in diagnostics if d.start <= end and start <= d.end]
    if wanted(QUICKFIX_KIND, only):
        for diagnostic in touching:
            if diagnostic.fix is not None:
                actions.append(Action(f"{diagnostic.fix.title} ({diagnostic.code})", QUICKFIX_KIND,
                                      list(diagnostic.fix.edits), diagnostic, preferred=diagnostic.fix.safe))
        seen = set()
        for diagnostic in touching:
            if diagnostic.code in SUPPRESSION_CODES or diagnostic.code in seen:
                continue
            seen.add(diagnostic.code)
            for scope, edits in (("line", disable_line(text, lines, diagnostic, template=template)),
                                 ("file", disable_file(text, diagnostic, template=template))):
                if edits:
                    actions.append(Action(f"Disable {diagnostic.code} for this {scope}", QUICKFIX_KIND, edits,
                                          diagnostic, has_placeholder=any(REASON_PLACEHOLDER in e.new_text
                                                                          for e in edits)))
    return actions


def as_snippet(new_text: str) -> str | None:
    """`new_text` as snippet syntax with its reason placeholder as the first tab stop; None without one."""
    if REASON_PLACEHOLDER not in new_text:
        return None
    before, after = new_text.split(REASON_PLACEHOLDER, 1)
    return _escape_snippet(before) + SNIPPET_PLACEHOLDER + _escape_snippet(after)


def _escape_snippet(text: str) -> str:
    return re.sub(r"[\\$}]", lambda m: "\\" + m.group(0), text)


def minimal_edit(old: str, new: str) -> Edit | None:
    """One edit turning `old` into `new`: the changed middle, common prefix and suffix kept."""
    if old == new:
        return None
    prefix = 0
    limit = min(len(old), len(new))
    while prefix < limit and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and old[len(old) - 1 - suffix] == new[len(new) - 1 - suffix]:
        suffix += 1
    # Never split a \r\n pair: positions inside it do not exist for the client.
    while prefix > 0 and old[prefix - 1] == "\r" and prefix < len(old) and old[prefix] == "\n":
        prefix -= 1
    while suffix > 0 and old[len(old) - suffix] == "\n" and len(old) - suffix - 1 >= prefix \
            and old[len(old) - suffix - 1] == "\r":
        suffix -= 1
    return Edit(prefix, len(old) - suffix, new[prefix:len(new) - suffix])
