"""flexml-ls: a linter and language server for CarrierX FlexML.

The library call is `lint_text(text, filename=None) -> list[Diagnostic]`.
"""
from .diagnostics import Diagnostic, Edit, Fix, Severity
from .engine import LintResult, lint, lint_bytes, lint_text

__version__ = "0.1.0"
__all__ = ["Diagnostic", "Edit", "Fix", "LintResult", "Severity", "lint", "lint_bytes", "lint_text"]
