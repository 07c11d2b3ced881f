"""Suppressions written in template comments: `{# flexml: disable-next-line=FX201 reason #}` and
`{# flexml: disable-file=FX401 reason #}`, read as `flexml_ls.suppressions` reads XML comments and
applied to a template's merged diagnostics (a template comment is in no rendering)."""
from __future__ import annotations

import re

from ..diagnostics import Diagnostic
from ..rules import RULES
from ..suppressions import _DIRECTIVE, _FORM


def apply(comments: list, diagnostics: list[Diagnostic], lines, enabled: set[str], severities: dict) -> list[Diagnostic]:
    """Drop what the template's suppression comments suppress; report the unused and unreadable."""
    suppressions = []   # (comment, codes, line or -1, used codes)
    problems = []
    for comment in comments:
        match = _DIRECTIVE.match(comment.content)
        if match is None:
            continue
        form = _FORM.match(match.group("body"))
        unknown = [] if form is None else \
            [c for c in re.split(r"\s*,\s*", form.group("codes")) if c.upper() not in RULES]
        if form is None or unknown:
            if "FX902" in enabled:
                why = (f"unknown rule code{'s' if len(unknown) > 1 else ''} {', '.join(unknown)}" if unknown else
                       "write `flexml: disable-next-line=CODES reason` or `flexml: disable-file=CODES reason`")
                problems.append(_make("FX902", severities, comment, f"Unreadable suppression: {why}"))
            continue
        codes = [c.upper() for c in re.split(r"\s*,\s*", form.group("codes"))]
        line = -1 if form.group("kind") == "disable-file" else lines.position(comment.end)[0] + 1
        suppressions.append((comment, codes, line, set()))
    if not suppressions and not problems:
        return diagnostics
    kept = []
    for diagnostic in diagnostics:
        line = lines.position(diagnostic.start)[0]
        suppressor = next((s for s in suppressions if diagnostic.code in s[1] and s[2] in (-1, line)), None)
        if suppressor is None:
            kept.append(diagnostic)
        else:
            suppressor[3].add(diagnostic.code)
    if "FX901" in enabled:
        for comment, codes, line, used in suppressions:
            unused = [c for c in codes if c not in used and c in enabled]
            if unused:
                problems.append(_make("FX901", severities, comment,
                                      f"Unused suppression of {', '.join(unused)}: no such diagnostic "
                                      + ("in this file" if line < 0 else f"on line {line + 1}")))
    return kept + problems


def _make(code: str, severities: dict, comment, message: str) -> Diagnostic:
    return Diagnostic(code, severities.get(code, RULES[code].severity), message, comment.start, comment.end)
