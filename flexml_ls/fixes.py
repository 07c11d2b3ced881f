"""Applying fixes: non-overlapping edits per round, rounds until nothing more is fixable."""
from __future__ import annotations

from .diagnostics import Diagnostic, Edit

MAX_ROUNDS = 10


def apply_edits(text: str, edits: list[Edit]) -> str:
    for edit in sorted(edits, key=lambda e: (e.start, e.end), reverse=True):
        text = text[:edit.start] + edit.new_text + text[edit.end:]
    return text


def applicable(diagnostics: list[Diagnostic], unsafe: bool = False) -> list[Diagnostic]:
    return [d for d in diagnostics if d.fix is not None and (d.fix.safe or unsafe)]


def fix_once(text: str, diagnostics: list[Diagnostic], unsafe: bool = False) -> tuple[str, int]:
    """Apply every fix that does not overlap an earlier one; return the new text and how many."""
    chosen: list[Edit] = []
    taken: list[tuple[int, int]] = []
    count = 0
    for diagnostic in applicable(diagnostics, unsafe):
        edits = diagnostic.fix.edits
        if any(e.start < end and start < e.end or (e.start == e.end == start) for e in edits for start, end in taken):
            continue
        chosen.extend(edits)
        taken.extend((e.start, e.end) for e in edits)
        count += 1
    return apply_edits(text, chosen), count


def fix_text(text: str, lint, unsafe: bool = False, diagnostics: list[Diagnostic] | None = None) -> tuple[str, int]:
    """Fix `text` until stable; `lint(text)` returns diagnostics (`diagnostics`: those of `text`, if
    already known). Returns (new text, fixes applied)."""
    total = 0
    for _ in range(MAX_ROUNDS):
        text, count = fix_once(text, lint(text) if diagnostics is None else diagnostics, unsafe)
        diagnostics = None
        if not count:
            break
        total += count
    return text, total
