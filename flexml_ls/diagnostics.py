"""What the engine reports: diagnostics, their severity, and the fixes they may carry.

Ranges are code-point offsets into the document text (Python `str` indices); adapters turn them into
line/column in whatever unit their client wants (the CLI: 1-based code points; LSP: UTF-16 or UTF-8).
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import NamedTuple


class Severity(str, Enum):
    ERROR = "error"      # CarrierX would reject or misread the document
    WARNING = "warning"  # accepted, but suspicious or dead
    INFO = "info"


# Immutable, as frozen dataclasses would be, at half the cost of making one (every diagnostic with a
# fix makes two).
class Edit(NamedTuple):
    start: int
    end: int
    new_text: str


class Fix(NamedTuple):
    title: str
    edits: tuple[Edit, ...]
    safe: bool = True  # safe fixes run under `--fix` and the editor's fix-all


@dataclass
class Diagnostic:
    code: str
    severity: Severity
    message: str
    start: int
    end: int
    fix: Fix | None = None
    # Filled in by the engine once positions are known (1-based line, 1-based code-point column).
    line: int = 0
    column: int = 0
    end_line: int = 0
    end_column: int = 0

    def sort_key(self):
        return (self.start, self.end, self.code)

    def to_dict(self, path: str | None = None) -> dict:
        item = {
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
        }
        if path is not None:
            item = {"path": path, **item}
        return item
