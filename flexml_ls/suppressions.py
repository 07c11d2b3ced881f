"""Inline suppressions: `<!-- flexml: disable-next-line=FX201,FX202 reason -->` and
`<!-- flexml: disable-file=FX401 reason -->`. Unused or unreadable ones are reported (FX901, FX902)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .diagnostics import Diagnostic, Edit, Fix
from .parse import Comment
from .rules import RULES
from .rules.base import Context

_DIRECTIVE = re.compile(r"\s*flexml\s*:\s*(?P<body>.*?)\s*\Z", re.S)
_FORM = re.compile(r"(?P<kind>disable-next-line|disable-file)\s*=\s*(?P<codes>[A-Za-z0-9]+(?:\s*,\s*[A-Za-z0-9]+)*)(?:\s+(?P<reason>.*))?\Z", re.S)


@dataclass
class Suppression:
    comment: Comment
    kind: str
    codes: list[str]
    line: int                  # the line it applies to (0-based); -1 for the whole file
    used: set[str] = field(default_factory=set)


def apply(ctx: Context, diagnostics: list[Diagnostic], enabled: set[str]) -> list[Diagnostic]:
    """Drop suppressed diagnostics; report unused and unreadable suppressions."""
    for comment in ctx.document.comments:  # (a loop: `any` over a generator costs two calls more)
        if "flexml" in comment.content:
            break
    else:
        return diagnostics
    problems = []

    def unreadable(comment, message: str) -> None:
        problems.append(ctx.make(RULES["FX902"](), comment.start, comment.end, message))

    # (a broken comment is FX001's: its extent, and so any fix's, is a guess)
    comments = [comment for comment in ctx.document.comments if _well_formed(ctx.text, comment)]
    suppressions = read(comments, ctx.lines, enabled, unreadable)
    kept = suppress(suppressions, diagnostics, ctx.lines)
    if "FX901" in enabled:
        rule = RULES["FX901"]()
        for suppression, unused, message in unused_suppressions(suppressions, enabled):
            problems.append(ctx.make(rule, suppression.comment.start, suppression.comment.end, message,
                                     _removal(ctx, suppression, unused)))
    return kept + problems


def read(comments, lines, enabled: set[str], unreadable) -> list[Suppression]:
    """The suppressions the comments (each with `content`, `start`, `end`) write, in order; for each
    that cannot be read, `unreadable(comment, message)` (when FX902 is enabled). Shared by XML
    comments and template comments (flexml_ls.template.suppressions)."""
    suppressions = []
    for comment in comments:
        match = _DIRECTIVE.match(comment.content)
        if not match:
            continue
        form = _FORM.match(match.group("body"))
        unknown = [] if form is None else \
            [c for c in re.split(r"\s*,\s*", form.group("codes")) if c.upper() not in RULES]
        if form is None or unknown:
            if "FX902" in enabled:
                why = (f"unknown rule code{'s' if len(unknown) > 1 else ''} {', '.join(unknown)}" if unknown else
                       "write `flexml: disable-next-line=CODES reason` or `flexml: disable-file=CODES reason`")
                unreadable(comment, f"Unreadable suppression: {why}")
            continue
        codes = [c.upper() for c in re.split(r"\s*,\s*", form.group("codes"))]
        line = -1 if form.group("kind") == "disable-file" else lines.position(comment.end)[0] + 1
        suppressions.append(Suppression(comment, form.group("kind"), codes, line))
    return suppressions


def suppress(suppressions: list[Suppression], diagnostics: list[Diagnostic], lines) -> list[Diagnostic]:
    """The diagnostics no suppression covers; each suppression records the codes it was used for."""
    if not suppressions:
        return diagnostics
    # The first suppression (in document order) of each (line, code), -1 the whole file: one lookup a
    # diagnostic (a search of every suppression for each was quadratic in a long document).
    first: dict[tuple[int, str], tuple[int, Suppression]] = {}
    for order, suppression in enumerate(suppressions):
        for code in suppression.codes:
            first.setdefault((suppression.line, code), (order, suppression))
    kept = []
    for diagnostic in diagnostics:
        line = lines.position(diagnostic.start)[0]
        found = [each for each in (first.get((line, diagnostic.code)), first.get((-1, diagnostic.code))) if each]
        if not found:
            kept.append(diagnostic)
        else:
            min(found, key=lambda each: each[0])[1].used.add(diagnostic.code)
    return kept


def unused_suppressions(suppressions: list[Suppression], enabled: set[str]):
    """(suppression, its unused enabled codes, FX901's message) for each suppression with some."""
    for suppression in suppressions:
        unused = [c for c in suppression.codes if c not in suppression.used and c in enabled]
        if unused:
            yield suppression, unused, (f"Unused suppression of {', '.join(unused)}: no such diagnostic "
                                        + ("in this file" if suppression.line < 0
                                           else f"on line {suppression.line + 1}"))


def _well_formed(text: str, comment) -> bool:
    """Whether the comment ends with its own `-->` and holds no `--` (XML allows none)."""
    return comment.end - comment.start >= 7 and text.startswith("-->", comment.end - 3) \
        and "--" not in comment.content


def _removal(ctx: Context, suppression: Suppression, unused: list[str]) -> Fix:
    comment = suppression.comment
    if len(unused) < len(suppression.codes):
        # Keep the comment, drop only the unused codes.
        body = ctx.text[comment.content_start:comment.end - 3]
        form = _FORM.match(_DIRECTIVE.match(body).group("body"))
        codes_start = comment.content_start + body.index(form.group("codes"))
        kept = ",".join(c for c in suppression.codes if c not in unused)
        return Fix("Remove the unused codes", (Edit(codes_start, codes_start + len(form.group("codes")), kept),))
    start, end = comment.start, comment.end
    line_start = ctx.text.rfind("\n", 0, start) + 1
    line_start = max(line_start, ctx.text.rfind("\r", 0, start) + 1)
    line_end = end
    while line_end < len(ctx.text) and ctx.text[line_end] in " \t":
        line_end += 1
    if not ctx.text[line_start:start].strip() and (line_end == len(ctx.text) or ctx.text[line_end] in "\r\n"):
        start = line_start
        if ctx.text.startswith("\r\n", line_end):
            line_end += 2
        elif line_end < len(ctx.text):
            line_end += 1
        end = line_end
    return Fix("Remove the unused suppression", (Edit(start, end, ""),))
