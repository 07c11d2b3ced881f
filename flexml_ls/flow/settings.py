"""`[tool.flexml.flow]` in pyproject.toml (or `[flow]` in .flexml.toml): `start`, `base-url`,
`routes` (URL pattern -> file or template, for what discovery misses), `app`, `method` (of a crawl's
first request), `max-requests`, `max-depth`."""
from __future__ import annotations

from pathlib import Path

from ..config import ConfigError, flexml_table

KEYS = {"start", "base-url", "routes", "app", "method", "max-requests", "max-depth"}


def find(start: Path) -> tuple[dict, Path | None]:
    """The flow settings of the nearest pyproject.toml with [tool.flexml] (or .flexml.toml) upward."""
    directory = start if start.is_dir() else start.parent
    for folder in [directory.resolve(), *directory.resolve().parents]:
        for name in (".flexml.toml", "pyproject.toml"):
            file = folder / name
            if not file.is_file():
                continue
            table = flexml_table(file)  # (a .flexml.toml's whole table; ConfigError when unreadable)
            if table is None:
                continue
            return _checked(table.get("flow", {}), file), file
    return {}, None


def _checked(table, file: Path) -> dict:
    if not isinstance(table, dict):
        raise ConfigError(f"{file}: [tool.flexml.flow] must be a table")
    unknown = sorted(set(table) - KEYS)
    if unknown:
        raise ConfigError(f"{file}: unknown key(s) in [tool.flexml.flow]: {', '.join(unknown)} "
                          f"(known: {', '.join(sorted(KEYS))})")
    for key in ("start", "base-url", "app"):
        if key in table and not isinstance(table[key], str):
            raise ConfigError(f"{file}: [tool.flexml.flow] {key} must be a string")
    if "method" in table and (not isinstance(table["method"], str) or table["method"].upper() not in ("POST", "GET")):
        raise ConfigError(f"{file}: [tool.flexml.flow] method must be POST or GET")
    routes = table.get("routes", {})
    if not isinstance(routes, dict) or not all(isinstance(v, str) for v in routes.values()):
        raise ConfigError(f"{file}: [tool.flexml.flow] routes must map URL patterns to files or template names")
    for key in ("max-requests", "max-depth"):
        if key in table and (not isinstance(table[key], int) or table[key] < 1):
            raise ConfigError(f"{file}: [tool.flexml.flow] {key} must be a positive integer")
    return table
