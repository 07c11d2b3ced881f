"""The editor's settings for flexml (section `flexml`), fully defaulted so a missing or malformed value
never stops the server: it is logged and the default kept.

    select          rule codes or prefixes to enable (replaces [tool.flexml] select)
    ignore          rule codes or prefixes to skip (added to [tool.flexml] ignore)
    include         extra file-name patterns to attach to (besides *.flexml, *.flexml.xml,
                    [tool.flexml] include and XML documents whose root is <Response>)
    debounce        milliseconds to wait for typing to pause before linting (default 100)
    diagnosticMode  "auto" (pull when the client supports it, else push), "push" or "pull"
    ruleDocsUrl     link for a diagnostic's code; {code}, {name} and {anchor} are replaced
    baseUrl         the URL the document is served from, to link relative URLs in it
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, replace

log = logging.getLogger("flexml_ls.server")

_MODES = ("auto", "push", "pull")


@dataclass(frozen=True)
class Settings:
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    include: tuple[str, ...] = ()
    debounce: float = 0.1          # seconds
    diagnostic_mode: str = "auto"
    rule_docs_url: str | None = None
    base_url: str | None = None

    def merged(self, raw) -> Settings:
        """These settings updated from a client's settings object (`{"flexml": {...}}` or `{...}`)."""
        if not isinstance(raw, dict):
            return self
        if isinstance(raw.get("flexml"), dict):
            raw = raw["flexml"]
        changes = {}

        def codes(key):
            value = raw[key]
            if value is None:
                return None
            if isinstance(value, str):
                value = [part for part in value.replace(",", " ").split() if part]
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ValueError("a list of rule codes")
            return tuple(v.strip().upper() for v in value if v.strip())

        readers = {
            "select": ("select", codes),
            "ignore": ("ignore", lambda key: codes(key) or ()),
            "include": ("include", lambda key: tuple(str(p) for p in raw[key] or ())),
            "debounce": ("debounce", lambda key: max(0.0, min(float(raw[key]) / 1000.0, 5.0))),
            "diagnosticMode": ("diagnostic_mode", lambda key: _mode(raw[key])),
            "ruleDocsUrl": ("rule_docs_url", lambda key: str(raw[key]) if raw[key] else None),
            "baseUrl": ("base_url", lambda key: str(raw[key]) if raw[key] else None),
        }
        for key, (attribute, read) in readers.items():
            if key not in raw:
                continue
            try:
                changes[attribute] = read(key)
            except (TypeError, ValueError) as error:
                log.warning("ignoring setting flexml.%s=%r: %s", key, raw[key], error)
        return replace(self, **changes)


def _mode(value) -> str:
    if value not in _MODES:
        raise ValueError("one of " + ", ".join(_MODES))
    return value

