"""Output formats for `flexml lint`: one module each, all taking [(path, diagnostics)]."""
from __future__ import annotations

from . import github, json_format, sarif, text

FORMATS = {"text": text.render, "json": json_format.render, "sarif": sarif.render, "github": github.render}
