"""Suppressions written in template comments: `{# flexml: disable-next-line=FX201 reason #}` and
`{# flexml: disable-file=FX401 reason #}`, read as `flexml_ls.suppressions` reads XML comments and
applied to a template's merged diagnostics (a template comment is in no rendering)."""
from __future__ import annotations

from ..diagnostics import Diagnostic
from ..rules import RULES
from ..suppressions import read, suppress, unused_suppressions


def apply(comments: list, diagnostics: list[Diagnostic], lines, enabled: set[str], severities: dict) -> list[Diagnostic]:
    """Drop what the template's suppression comments suppress; report the unused and unreadable."""
    problems = []

    def unreadable(comment, message: str) -> None:
        problems.append(_make("FX902", severities, comment, message))

    suppressions = read(comments, lines, enabled, unreadable)
    kept = suppress(suppressions, diagnostics, lines)
    if "FX901" in enabled:
        for suppression, _, message in unused_suppressions(suppressions, enabled):
            problems.append(_make("FX901", severities, suppression.comment, message))
    return kept + problems


def _make(code: str, severities: dict, comment, message: str) -> Diagnostic:
    return Diagnostic(code, severities.get(code, RULES[code].severity), message, comment.start, comment.end)
